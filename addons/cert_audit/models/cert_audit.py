from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

AUDIT_TYPES = [
    ("document_review", "Document review"),
    ("initial", "Initial audit"),
    ("surveillance", "Surveillance audit"),
    ("recertification", "Recertification audit"),
    ("special", "Special (short-notice) audit"),
    ("mystery_shopping", "Mystery shopping"),
    ("callback", "Customer call-back"),
]
STATES = [
    ("draft", "Draft"),
    ("planned", "Planned"),
    ("confirmed", "Confirmed"),
    ("in_progress", "In Progress"),
    ("reported", "Reported"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
#: fields whose change re-checks the team against the auditor rules
AVAILABILITY_FIELDS = ("date_start", "date_end", "application_id", "industry_code_id", "tz")
#: fields whose change updates the team's calendar event
#: the CB's readers of an audit's internal rows (team, expenses): the access lists of those models
INTERNAL_READERS = (
    "cert_service.group_cert_officer,cert_service.group_cert_auditor,cert_service.group_cert_decision,"
    "cert_service.group_cert_finance"
)
CALENDAR_FIELDS = ("name", "date_start", "date_end", "state", "application_id", "audit_type")

OFFICER = "cert_service.group_cert_officer"
AUDITOR = "cert_service.group_cert_auditor"


class CertAudit(models.Model):
    """An audit of a certification cycle: who audits whom, where, when and for how many auditor-days.

    Its state moves only through the declared transitions (``_workflow_transitions``); the client, the
    application and the calendar event are keys the audit's own code sets (see ``write``).
    """

    _name = "cert.audit"
    _description = "Certification Audit"
    _inherit = [
        "cert.workflow.mixin",
        "cert.sequence.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "cert.billing.mixin",
    ]
    _order = "date_start desc, id desc"
    _cert_sequence_code = "cert.audit"

    audit_type = fields.Selection(AUDIT_TYPES, "Type", required=True, default="initial", tracking=True, index=True)
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    application_id = fields.Many2one("cert.application", required=True, index=True, tracking=True, ondelete="restrict")
    partner_id = fields.Many2one(
        related="application_id.partner_id", store=True, index=True, string="Client", readonly=True
    )
    consultancy_id = fields.Many2one(related="application_id.consultancy_id", store=True, readonly=True)
    scheme_id = fields.Many2one(related="application_id.scheme_id", store=True, index=True, readonly=True)
    industry_code_id = fields.Many2one(
        "cert.industry.code",
        compute="_compute_industry_code_id",
        store=True,
        readonly=False,
        help="The auditors (lead, auditors, experts) must be qualified for this industry.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    user_id = fields.Many2one(
        "res.users", string="Programme Manager", default=lambda self: self.env.user, tracking=True, index=True
    )
    date_start = fields.Datetime("Start", tracking=True, index=True, copy=False)
    date_end = fields.Datetime("End", tracking=True, index=True, copy=False)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai",
        help="Time zone of the audited site: used for the audit's local dates and the client's notice.",
    )
    employee_count = fields.Integer(related="application_id.employee_count", string="Employees")
    outlet_count = fields.Integer(related="application_id.outlet_count", string="Active Outlets")
    # the team rows are the CB's (the client sees the team on its portal page); the expenses and the billing
    # are the CB's too: each one2many names who reads its rows, so that every reader of the audit reads it whole
    member_ids = fields.One2many("cert.audit.member", "audit_id", string="Team", copy=False, groups=INTERNAL_READERS)
    lead_auditor_id = fields.Many2one("cert.auditor", compute="_compute_lead_auditor_id", store=True, index=True)
    team_user_ids = fields.Many2many(
        "res.users",
        "cert_audit_team_user_rel",
        "audit_id",
        "user_id",
        string="Team Users",
        compute="_compute_team_user_ids",
        store=True,
        help="The users of the team while the audit is not cancelled: the one source of the team's access "
        "(this audit, its application, sites and evidence).",
    )
    event_id = fields.Many2one("calendar.event", string="Calendar Event", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", string="Dates Confirmed By", readonly=True, copy=False)
    confirmed_date = fields.Datetime("Dates Confirmed On", readonly=True, copy=False)
    note = fields.Html("Audit Plan Notes")
    expense_ids = fields.One2many(
        "cert.audit.expense", "audit_id", string="Travel and Expenses", copy=False, groups=INTERNAL_READERS
    )
    # the milestones and their invoices are finance's; officers follow them (their access list)
    billing_event_ids = fields.One2many(
        "cert.billing.event",
        "audit_id",
        string="Billable Milestones",
        groups="cert_service.group_cert_officer,cert_service.group_cert_finance",
    )

    _sql_constraints = [
        ("days_positive", "CHECK(days_planned >= 0)", "The planned auditor-days cannot be negative."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("application_id")
    def _compute_industry_code_id(self):
        for audit in self:
            audit.industry_code_id = audit.application_id.industry_code_id

    @api.depends("member_ids.role", "member_ids.auditor_id")
    def _compute_lead_auditor_id(self):
        for audit in self:
            audit.lead_auditor_id = audit.member_ids.filtered(lambda m: m.role == "lead")[:1].auditor_id

    @api.depends("state", "member_ids.user_id")
    def _compute_team_user_ids(self):
        for audit in self:
            audit.team_user_ids = audit.member_ids.user_id if audit.state != "cancelled" else False

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for audit in self:
            if bool(audit.date_start) != bool(audit.date_end):
                raise ValidationError(self.env._("%s: give both the start and the end of the audit.", audit.name))
            if audit.date_start and audit.date_end <= audit.date_start:
                raise ValidationError(self.env._("%s: the audit must end after it starts.", audit.name))

    @api.constrains(*AVAILABILITY_FIELDS)
    def _check_team_availability(self):
        self.member_ids._check_availability()

    # ------------------------------------------------------------------ workflow
    def _workflow_transitions(self):
        return {
            "action_plan": Transition(("draft",), "planned", (OFFICER,), _lt("plan")),
            "action_send_dates": Transition(("planned",), "planned", (OFFICER,), _lt("send the dates to the client")),
            "action_client_confirm": Transition(("planned",), "confirmed", (OFFICER,), _lt("confirm the dates")),
            "action_start": Transition(("confirmed",), "in_progress", (OFFICER, AUDITOR), _lt("start")),
            "action_report": Transition(("in_progress",), "reported", (OFFICER, AUDITOR), _lt("report")),
            "action_close": Transition(("reported",), "closed", (OFFICER,), _lt("close")),
            "action_cancel": Transition(
                ("draft", "planned", "confirmed", "in_progress"), "cancelled", (OFFICER,), _lt("cancel")
            ),
            "action_reset_draft": Transition(
                ("planned", "confirmed", "cancelled"), "draft", (OFFICER,), _lt("reset to draft")
            ),
            # checked, not moved (target None)
            "action_sample_sites": Transition(("draft", "planned"), None, (OFFICER,), _lt("resample the sites")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {"application_id", "event_id", "confirmed_by_id", "confirmed_date"}

    def _workflow_create_fields(self):
        return {"application_id"}

    def _workflow_field_rules(self):
        return (FieldRule(frozenset(self._planning_fields()), None, (OFFICER,)),)

    def _planning_fields(self):
        """The planners' fields: what the availability rules, the calendar, the days and the access read.

        Officers write them; a team member who is not an officer writes the rest of the audit (its notes,
        and what the audit's execution adds), never these.
        """
        return {
            "name",
            "audit_type",
            "date_start",
            "date_end",
            "tz",
            "industry_code_id",
            "days_planned",
            "days_adjust_reason",
            "site_ids",
            "member_ids",
            "user_id",
            "company_id",
        }

    def _check_team_lead(self):
        """Officers, or the audit's own lead auditor, run the team's transitions (start, report)."""
        if self.env.su or self.env.user.has_group(OFFICER):
            return
        for audit in self:
            if audit.lead_auditor_id.user_id != self.env.user:
                raise AccessError(self.env._("Only the lead auditor of %s or an officer can do this.", audit.name))

    def _check_application_change(self, application_id):
        """An officer may move a draft audit to another (contracted) application; nobody else, never later."""
        if not (self.env.su or self.env.user.has_group(OFFICER)):
            raise AccessError(self.env._("Only an officer can change the application of an audit."))
        self.filtered(lambda audit: audit.application_id.id != application_id)._workflow_refuse_states(
            ("draft",), self.env._("its application can be changed only while it is draft.")
        )
        self.env["cert.application"].browse(application_id)._check_auditable()

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self.env["cert.application"].browse(
            {v["application_id"] for v in vals_list if v.get("application_id")}
        )._check_auditable()
        audits = super().create(vals_list)
        audits.filtered(lambda a: not a.site_ids)._sample_sites()
        audits._subscribe_team()
        audits._sync_calendar_event()
        return audits

    def write(self, vals):
        audits = self
        if "application_id" in vals and not self._workflow_is_unlocked():
            self._check_application_change(vals["application_id"])
            others = self._workflow_locked_fields() & (set(vals) - {"application_id"})
            if others:
                self._workflow_refuse_fields(others)
            audits = self._workflow_unlocked()
            if "site_ids" not in vals and any(a.application_id.id != vals["application_id"] for a in self):
                # the old client's sites go at once (resampled for the new one below)
                vals = dict(vals, site_ids=[Command.clear()])
        moved = audits.filtered(lambda a: "application_id" in vals and a.application_id.id != vals["application_id"])
        reopened = audits.filtered(lambda a: a.state == "cancelled" and vals.get("state", "cancelled") != "cancelled")
        res = super(CertAudit, audits).write(vals)
        # A cancelled audit freed its team: check them again before it counts as a booking (and before the
        # calendar's invitations are sent).
        reopened.member_ids._check_availability()
        if moved:
            # Another client: its own sites, and the team is checked again (by the constraint) for it.
            moved._sample_sites()
        if set(CALENDAR_FIELDS) & set(vals):
            self._sync_calendar_event()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(audit.state not in ("draft", "cancelled") for audit in self):
            raise UserError(self.env._("Only draft or cancelled audits can be deleted; cancel the audit first."))

    def unlink(self):
        events = self.env["calendar.event"].sudo()
        for audit in self:
            events |= audit._own_event()
        res = super().unlink()
        events.unlink()
        return res

    def _subscribe_team(self):
        for audit in self:
            partners = audit.team_user_ids.partner_id
            if partners:
                audit.message_subscribe(partner_ids=partners.ids)

    def _unfollow_lost_access(self, users):
        """Unsubscribe ``users`` from these audits and their applications wherever they lost read access.

        sudo on the application: the officer who removes a member may not write it; only followers who can
        no longer read the record are removed (checked right before).
        """
        if not users:
            return
        for records in (self.exists(), self.application_id):
            for record in records:
                gone = users.filtered(lambda u, r=record: not r.with_user(u).has_access("read"))
                if gone:
                    record.sudo().message_unsubscribe(partner_ids=gone.partner_id.ids)

    def action_find_auditors(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find Available Auditors"),
            "res_model": "cert.audit.find.auditor",
            "view_mode": "form",
            "target": "new",
            "context": {"default_audit_id": self.id},
        }

    def action_view_event(self):
        self.ensure_one()
        if not self.event_id:
            raise UserError(self.env._("%s has no calendar event yet: set the dates and the team.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
        }
