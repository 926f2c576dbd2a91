import pytz

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

from ..lib import availability

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
#: milestone billed when an audit of this type is reported (its expenses are billed with it)
REPORT_MILESTONES = {"document_review": "document_review_done", "initial": "audit_reported"}
#: fields whose change re-checks the team against the auditor rules
AVAILABILITY_FIELDS = ("date_start", "date_end", "application_id", "industry_code_id", "tz")
#: fields whose change updates the team's calendar event
CALENDAR_FIELDS = ("name", "date_start", "date_end", "state", "application_id", "audit_type")


def _tz_get(self):
    return [(tz, tz) for tz in sorted(pytz.all_timezones, key=lambda tz: tz if not tz.startswith("Etc/") else "_")]


class CertAudit(models.Model):
    """An audit of a certification cycle: who audits whom, where, when and for how many auditor-days."""

    _name = "cert.audit"
    _description = "Certification Audit"
    _inherit = ["cert.workflow.mixin", "mail.thread", "mail.activity.mixin", "cert.billing.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(
        "Number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"), index="trigram"
    )
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
    site_ids = fields.Many2many(
        "cert.site",
        string="Sites to Visit",
        domain="[('application_id', '=', application_id)]",
        help="The headquarters always; service outlets sampled per the scheme, those not visited yet first.",
    )
    sampled_outlet_count = fields.Integer(
        "Outlets to Sample", compute="_compute_sampled_outlet_count", help="Per the scheme's sampling rule."
    )
    hq_city = fields.Char("HQ City", compute="_compute_hq_city")
    days_standard = fields.Float(
        "Standard Auditor-Days",
        digits=(5, 1),
        compute="_compute_days_standard",
        store=True,
        help="From the scheme's auditor-day table for the audit type, the headcount and the sampled outlets.",
    )
    days_planned = fields.Float(
        "Planned Auditor-Days",
        digits=(5, 1),
        compute="_compute_days_planned",
        store=True,
        readonly=False,
        tracking=True,
        help="The standard figure unless the planner changes it, with a reason.",
    )
    days_adjust_reason = fields.Text("Reason for Adjusting the Days", tracking=True)
    days_team = fields.Float("Team Auditor-Days", digits=(5, 1), compute="_compute_days_team", store=True)
    member_ids = fields.One2many("cert.audit.member", "audit_id", string="Team", copy=False)
    lead_auditor_id = fields.Many2one("cert.auditor", compute="_compute_lead_auditor_id", store=True, index=True)
    event_id = fields.Many2one("calendar.event", string="Calendar Event", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", string="Dates Confirmed By", readonly=True, copy=False)
    confirmed_date = fields.Datetime("Dates Confirmed On", readonly=True, copy=False)
    note = fields.Html("Audit Plan Notes")
    expense_ids = fields.One2many("cert.audit.expense", "audit_id", string="Travel and Expenses", copy=False)
    billing_event_ids = fields.One2many("cert.billing.event", "audit_id", string="Billable Milestones")

    _sql_constraints = [
        ("days_positive", "CHECK(days_planned >= 0)", "The planned auditor-days cannot be negative."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("application_id")
    def _compute_industry_code_id(self):
        for audit in self:
            audit.industry_code_id = audit.application_id.industry_code_id

    @api.depends("scheme_id", "audit_type", "outlet_count")
    def _compute_sampled_outlet_count(self):
        for audit in self:
            audit.sampled_outlet_count = (
                audit.scheme_id.sampled_outlets(audit.outlet_count, audit.audit_type) if audit.scheme_id else 0
            )

    @api.depends("application_id.site_ids.city", "application_id.site_ids.site_type")
    def _compute_hq_city(self):
        for audit in self:
            hq = audit.application_id.site_ids.filtered(lambda s: s.site_type == "hq" and s.active)[:1]
            audit.hq_city = hq.city or audit.partner_id.city or False

    @api.depends("scheme_id", "audit_type", "application_id.employee_count", "application_id.outlet_count")
    def _compute_days_standard(self):
        for audit in self:
            app = audit.application_id
            audit.days_standard = (
                audit.scheme_id.auditor_days(app.employee_count, app.outlet_count, audit.audit_type)
                if audit.scheme_id
                else 0.0
            )

    @api.depends("days_standard")
    def _compute_days_planned(self):
        for audit in self:
            audit.days_planned = audit.days_standard

    def _counted_days(self):
        """Auditor-days the team actually spent: the lead, auditors and experts (observers do not count)."""
        self.ensure_one()
        return sum(m.days for m in self.member_ids if m.role in availability.COMPETENT_ROLES)

    @api.depends("member_ids.days")
    def _compute_days_team(self):
        for audit in self:
            audit.days_team = sum(audit.member_ids.mapped("days"))

    @api.depends("member_ids.role", "member_ids.auditor_id")
    def _compute_lead_auditor_id(self):
        for audit in self:
            audit.lead_auditor_id = audit.member_ids.filtered(lambda m: m.role == "lead")[:1].auditor_id

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for audit in self:
            if bool(audit.date_start) != bool(audit.date_end):
                raise ValidationError(self.env._("%s: give both the start and the end of the audit.", audit.name))
            if audit.date_start and audit.date_end <= audit.date_start:
                raise ValidationError(self.env._("%s: the audit must end after it starts.", audit.name))

    @api.constrains("days_planned", "days_adjust_reason")
    def _check_days_reason(self):
        for audit in self:
            if round(audit.days_planned - audit.days_standard, 2) and not (audit.days_adjust_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(audit)s: the planned auditor-days (%(planned)s) differ from the standard figure "
                        "(%(standard)s); give the reason for the change.",
                        audit=audit.name,
                        planned=audit.days_planned,
                        standard=audit.days_standard,
                    )
                )

    @api.constrains(*AVAILABILITY_FIELDS)
    def _check_team_availability(self):
        self.member_ids._check_availability()

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("cert.audit") or "/"
        audits = super().create(vals_list)
        audits.filtered(lambda a: not a.site_ids)._sample_sites()
        audits._subscribe_team()
        audits._sync_calendar_event()
        return audits

    def write(self, vals):
        res = super().write(vals)
        if set(CALENDAR_FIELDS) & set(vals):
            self._sync_calendar_event()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(audit.state not in ("draft", "cancelled") for audit in self):
            raise UserError(self.env._("Only draft or cancelled audits can be deleted; cancel the audit first."))

    def unlink(self):
        events = self.sudo().event_id
        res = super().unlink()
        events.unlink()
        return res

    def _subscribe_team(self):
        for audit in self:
            partners = audit.member_ids.user_id.partner_id
            if partners:
                audit.message_subscribe(partner_ids=partners.ids)

    # ------------------------------------------------------------------ sites
    def _sample_sites(self):
        """HQ plus the scheme's sample of active outlets, those not visited earlier in the cycle first."""
        if not self:
            return
        visited = {}
        earlier = self.sudo().search(
            [
                ("application_id", "in", self.application_id.ids),
                ("state", "!=", "cancelled"),
                ("id", "not in", self.ids),
            ]
        )
        for audit in earlier.sorted(lambda a: (a.date_start or fields.Datetime.now(), a.id)):
            for site in audit.site_ids:
                visited[site.id] = visited.get(site.id, 0) + 1
        for audit in self:
            sites = audit.application_id.site_ids.filtered("active")
            hq = sites.filtered(lambda s: s.site_type == "hq")
            outlets = (sites - hq).sorted(lambda s: (visited.get(s.id, 0), s.sequence, s.id))
            audit.site_ids = [Command.set((hq | outlets[: audit.sampled_outlet_count]).ids)]

    def action_sample_sites(self):
        if any(audit.state not in ("draft", "planned") for audit in self):
            raise UserError(self.env._("Sites can be resampled only while the audit is draft or planned."))
        self._sample_sites()
        return True

    # ------------------------------------------------------------------ availability
    def _conflict_months(self):
        param = self.env["ir.config_parameter"].sudo().get_param("cert_audit.conflict_months", "24")
        try:
            return max(int(param), 0)
        except ValueError:
            return 24

    def _local_date(self, value):
        self.ensure_one()
        if not value:
            return None
        return pytz.utc.localize(value).astimezone(pytz.timezone(self.tz or "UTC")).date()

    def _availability_request(self):
        self.ensure_one()
        return availability.Request(
            scheme=self.scheme_id.id,
            partners=frozenset(p.id for p in self.partner_id | self.consultancy_id),
            start=self.date_start or None,
            stop=self.date_end or None,
            date_start=self._local_date(self.date_start),
            date_stop=self._local_date(self.date_end),
            industry=self.industry_code_id.id or None,
            audit=self.id or None,
            conflict_months=self._conflict_months(),
            consecutive_limit=self.scheme_id.consecutive_audit_limit or 6,
            today=fields.Date.context_today(self),
        )

    def _availability_facts(self, auditors):
        """The facts :mod:`availability` needs about ``auditors`` for this audit, in a constant number of queries.

        Read as superuser: a rule is not less binding because the planner cannot see the other bookings.
        """
        self.ensure_one()
        auditors = auditors.sudo()
        ids = auditors.ids
        quals, conflicts, leaves, bookings = {}, {}, {}, {}
        if self.scheme_id:
            for q in (
                self.env["cert.auditor.qualification"]
                .sudo()
                .search_fetch(
                    [("auditor_id", "in", ids), ("scheme_id", "=", self.scheme_id.id)],
                    ["auditor_id", "scheme_id", "date_from", "date_to", "industry_code_ids"],
                )
            ):
                quals.setdefault(q.auditor_id.id, []).append(
                    availability.Qualification(
                        q.scheme_id.id, q.date_from or None, q.date_to or None, frozenset(q.industry_code_ids.ids)
                    )
                )
        partners = (self.partner_id | self.consultancy_id).ids
        if partners:
            for c in (
                self.env["cert.auditor.conflict"]
                .sudo()
                .search_fetch(
                    [("auditor_id", "in", ids), ("partner_id", "in", partners)],
                    ["auditor_id", "partner_id", "date_from", "date_to"],
                )
            ):
                conflicts.setdefault(c.auditor_id.id, []).append(
                    availability.Conflict(c.partner_id.id, c.date_from or None, c.date_to or None)
                )
        if self.date_start and self.date_end:
            by_resource = {a.resource_id.id: a.id for a in auditors}
            for lv in (
                self.env["resource.calendar.leaves"]
                .sudo()
                .search_fetch(
                    [
                        ("resource_id", "in", list(by_resource)),
                        ("date_from", "<", self.date_end),
                        ("date_to", ">", self.date_start),
                    ],
                    ["resource_id", "date_from", "date_to"],
                )
            ):
                leaves.setdefault(by_resource[lv.resource_id.id], []).append((lv.date_from, lv.date_to))
            domain = [
                ("auditor_id", "in", ids),
                ("audit_state", "!=", "cancelled"),
                ("date_start", "<", self.date_end),
                ("date_end", ">", self.date_start),
            ]
            if self.id:
                domain.append(("audit_id", "!=", self.id))
            for m in (
                self.env["cert.audit.member"]
                .sudo()
                .search_fetch(domain, ["auditor_id", "audit_id", "date_start", "date_end"])
            ):
                bookings.setdefault(m.auditor_id.id, []).append(
                    availability.Booking(m.audit_id.id, m.date_start, m.date_end)
                )
        runs = self._consecutive_runs(auditors)
        return {
            a.id: availability.Auditor(
                key=a.id,
                grade=a.grade,
                qualifications=tuple(quals.get(a.id, ())),
                conflicts=tuple(conflicts.get(a.id, ())),
                leaves=tuple(leaves.get(a.id, ())),
                bookings=tuple(bookings.get(a.id, ())),
                consecutive=runs.get(a.id, 0),
            )
            for a in auditors
        }

    def _consecutive_runs(self, auditors):
        """{auditor id: audits of this client in a row, just before this one, the auditor was a competent member of}."""
        self.ensure_one()
        if not self.partner_id:
            return {}
        limit = self.scheme_id.consecutive_audit_limit or 6
        domain = [("partner_id", "=", self.partner_id.id), ("state", "!=", "cancelled")]
        if self.id:
            domain.append(("id", "!=", self.id))
        if self.date_start:
            domain.append(("date_start", "<", self.date_start))
        elif self.id:
            domain.append(("id", "<", self.id))
        previous = self.sudo().search(domain, order="date_start desc, id desc", limit=limit)
        if not previous:
            return {}
        teams = {audit_id: set() for audit_id in previous.ids}
        for m in (
            self.env["cert.audit.member"]
            .sudo()
            .search_fetch(
                [("audit_id", "in", previous.ids), ("role", "in", list(availability.COMPETENT_ROLES))],
                ["audit_id", "auditor_id"],
            )
        ):
            teams[m.audit_id.id].add(m.auditor_id.id)
        history = [teams[audit_id] for audit_id in reversed(previous.ids)]  # oldest first
        return {a.id: availability.consecutive_run(history, a.id) for a in auditors}

    def _auditor_refusals(self, auditors, role="auditor", roles=None):
        """{auditor: [translated reasons]} for ``auditors`` in ``role`` (or ``roles``: {auditor id: role})."""
        self.ensure_one()
        facts = self._availability_facts(auditors)
        request = self._availability_request()
        result = {}
        for auditor in auditors:
            auditor_role = (roles or {}).get(auditor.id, role)
            reasons = availability.refusals(facts[auditor.id], request, auditor_role)
            result[auditor] = [self._refusal_message(auditor, r, auditor_role) for r in reasons]
        return result

    def _fmt_dt(self, value):
        """A UTC datetime in the reader's time zone (the audit's when the user has none), zone named."""
        if not value:
            return ""
        tz = self.env.context.get("tz") or self.env.user.tz or self.tz or "UTC"
        return "%s (%s)" % (format_datetime(self.env, value, tz=tz, dt_format="short"), tz)

    def _refusal_message(self, auditor, refusal, role):
        p = refusal.params
        code = refusal.code
        if code == "grade":
            grades = dict(self.env["cert.auditor"]._fields["grade"]._description_selection(self.env))
            roles = dict(self.env["cert.audit.member"]._fields["role"]._description_selection(self.env))
            return self.env._(
                "a %(grade)s cannot be %(role)s of an audit team", grade=grades.get(p["grade"]), role=roles.get(role)
            )
        if code == "not_qualified":
            return self.env._("not qualified for the scheme %s", self.scheme_id.display_name)
        if code == "not_qualified_industry":
            return self.env._(
                "not qualified for the scheme %(scheme)s in the industry %(industry)s",
                scheme=self.scheme_id.display_name,
                industry=self.industry_code_id.display_name,
            )
        if code == "qualification_expired":
            return self.env._(
                "the qualification for %(scheme)s expired on %(date)s, before the end of the audit",
                scheme=self.scheme_id.display_name,
                date=p["date_to"],
            )
        if code == "qualification_not_yet":
            return self.env._(
                "the qualification for %(scheme)s is valid only from %(date)s",
                scheme=self.scheme_id.display_name,
                date=p["date_from"],
            )
        if code == "conflict":
            partner = self.env["res.partner"].browse(p["partner"])
            ongoing = self.env._("ongoing")
            return self.env._(
                "conflict of interest with %(partner)s (%(period)s) within the last %(months)s months",
                partner=partner.display_name,
                period="%s – %s" % (p["date_from"] or "…", p["date_to"] or ongoing),
                months=self._conflict_months(),
            )
        if code == "consecutive":
            return self.env._(
                "already on the last %(count)s consecutive audits of %(client)s (limit %(limit)s)",
                count=p["count"],
                client=self.partner_id.display_name,
                limit=p["limit"],
            )
        if code == "leave":
            return self.env._(
                "on leave from %(start)s to %(stop)s", start=self._fmt_dt(p["start"]), stop=self._fmt_dt(p["stop"])
            )
        if code == "booked":
            other = self.sudo().browse(p["audit"])
            return self.env._(
                "already booked on %(audit)s from %(start)s to %(stop)s",
                audit=other.name,
                start=self._fmt_dt(p["start"]),
                stop=self._fmt_dt(p["stop"]),
            )
        if code == "bad_dates":
            return self.env._("the audit must end after it starts")
        return code

    # ------------------------------------------------------------------ calendar
    def _calendar_event_values(self):
        self.ensure_one()
        lead_user = self.member_ids.filtered(lambda m: m.role == "lead").user_id[:1]
        hq = self.site_ids.filtered(lambda s: s.site_type == "hq")[:1]
        return {
            "name": self.env._(
                "%(number)s %(type)s: %(client)s",
                number=self.name,
                type=dict(self._fields["audit_type"]._description_selection(self.env))[self.audit_type],
                client=self.partner_id.display_name,
            ),
            "start": self.date_start,
            "stop": self.date_end,
            "allday": False,
            "user_id": (lead_user or self.user_id or self.env.user).id,
            "partner_ids": [Command.set(self.member_ids.user_id.partner_id.ids)],
            "location": ", ".join(filter(None, [hq.name, hq.street, hq.city])) if hq else False,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "active": True,
        }

    def _sync_calendar_event(self):
        """One event per scheduled audit for its team; cancelled or unscheduled audits archive theirs."""
        events = self.env["calendar.event"].sudo()
        for audit in self:
            event = audit.sudo().event_id
            scheduled = audit.state != "cancelled" and audit.date_start and audit.date_end and audit.member_ids
            if not scheduled:
                if event.active:
                    event.active = False
                continue
            vals = audit._calendar_event_values()
            if event:
                event.with_context(active_test=False).write(vals)
            else:
                audit.sudo().event_id = events.create(vals)

    # ------------------------------------------------------------------ transitions
    def _planning_problems(self):
        self.ensure_one()
        problems = []
        if not (self.date_start and self.date_end):
            problems.append(self.env._("The dates are not set."))
        leads = self.member_ids.filtered(lambda m: m.role == "lead")
        if len(leads) != 1:
            problems.append(self.env._("The team needs exactly one lead auditor."))
        if not self.site_ids.filtered(lambda s: s.site_type == "hq") and self.audit_type != "document_review":
            problems.append(self.env._("The headquarters is not among the sites to visit."))
        return problems

    def action_plan(self):
        """Draft → planned: dates and team set; the client is asked to confirm the dates."""
        self._check_state(["draft"], self.env._("planned"))
        self._check_ready(
            lambda audit: audit._planning_problems(),
            self.env._("%(record)s cannot be planned yet:\n%(problems)s"),
        )
        self.write({"state": "planned"})
        self.action_send_dates()
        return True

    def action_send_dates(self):
        """Send the client the audit dates and team, asking for confirmation."""
        self._check_state(["planned"], self.env._("sent to the client"))
        template = self.env.ref("cert_audit.mail_template_audit_dates", raise_if_not_found=False)
        for audit in self:
            if template:
                audit.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", partner_ids=audit.partner_id.ids
                )
        return True

    def action_client_confirm(self):
        """The client agreed the dates: record who confirmed and when (from the portal or by the officer)."""
        self._check_state(["planned"], self.env._("confirmed"))
        self.write({"state": "confirmed", "confirmed_by_id": self.env.user.id, "confirmed_date": fields.Datetime.now()})
        for audit in self:
            audit.message_post(body=self.env._("Audit dates confirmed by %s.", self.env.user.partner_id.display_name))
        # The client accepted the recertification audit: its fee (⅔ of the initial days, as quoted) is due.
        self.filtered(lambda a: a.audit_type == "recertification")._register_billing("recertification_accepted")
        return True

    def action_start(self):
        self._check_state(["confirmed"], self.env._("started"))
        self.write({"state": "in_progress"})
        # The first audit starts the certification cycle of a contracted application.
        self.application_id.sudo().filtered(lambda a: a.state == "contracted").action_start()
        return True

    def action_report(self):
        self._check_state(["in_progress"], self.env._("reported"))
        self.write({"state": "reported"})
        # Billable: the document review or the initial audit (the team's actual days) and every
        # audit's travel and expenses at cost.
        for audit in self:
            milestone = REPORT_MILESTONES.get(audit.audit_type) or (audit.expense_ids and "audit_expenses")
            if milestone:
                audit._register_billing(milestone)
        return True

    def _register_billing(self, milestone):
        """Register ``milestone`` of these audits (one per audit) on their applications' contracts."""
        # The auditor who reports may change the audit but not read the contract: look it up as superuser.
        self.check_access("write")
        vals_list = [
            {
                "contract_id": audit.application_id.sudo().contract_id.id,
                "milestone": milestone,
                "period": f"audit/{audit.id}",
                "audit_id": audit.id,
            }
            for audit in self
        ]
        return self.env["cert.billing.event"]._register_milestones(self, vals_list)

    def action_close(self):
        self._check_state(["reported"], self.env._("closed"))
        self.write({"state": "closed"})
        return True

    def action_cancel(self):
        self._check_state(["draft", "planned", "confirmed", "in_progress"], self.env._("cancelled"))
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_meeting"])
        return True

    def action_reset_draft(self):
        self._check_state(["planned", "confirmed", "cancelled"], self.env._("reset to draft"))
        reopened = self.filtered(lambda a: a.state == "cancelled")
        self.write({"state": "draft", "confirmed_by_id": False, "confirmed_date": False})
        # A cancelled audit freed its team: check them again before it counts as a booking.
        reopened.member_ids._check_availability()
        return True

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
