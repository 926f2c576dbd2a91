from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..lib import dates
from ..lib.auditor_days import derived_days
from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
OFFICER = ("cert_service.group_cert_officer",)
#: what decides who sees the application and its evidence, and what was quoted: only while draft
DRAFT_ONLY_FIELDS = ("partner_id", "scheme_id", "company_id")
#: who reads contracts (access list of cert.contract): the audit team does not
CONTRACT_READERS = (
    "cert_service.group_cert_officer,cert_service.group_cert_decision,cert_service.group_cert_finance,base.group_portal"
)
REVIEW_ACTIVITY = "cert_service.mail_activity_type_application_review"

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("contracted", "Contracted"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
ENTERPRISE_TYPES = [
    ("production", "Production enterprise"),
    ("sales_service", "Sales and service enterprise"),
    ("service", "Service provider"),
]


class CertApplication(models.Model):
    """An application for certification (认证申请): from the CRM lead to the signed contract and beyond."""

    _name = "cert.application"
    _description = "Certification Application"
    _inherit = ["cert.workflow.mixin", "cert.sequence.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _cert_sequence_code = "cert.application"

    state = fields.Selection(STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Applicant",
        required=True,
        tracking=True,
        index=True,
        domain=[("is_company", "=", True)],
        help="The organisation applying for certification (a company).",
    )
    scheme_id = fields.Many2one(
        "cert.scheme", required=True, tracking=True, index=True, domain=[("state", "=", "active")]
    )
    enterprise_type = fields.Selection(ENTERPRISE_TYPES, required=True, default="production", tracking=True)
    scope = fields.Text(translate=True, help="Services and products covered, as printed on the certificate.")
    employee_count = fields.Integer("Employees", tracking=True)
    declared_outlet_count = fields.Integer(
        "Declared Outlets", help="Number of service outlets the applicant declared (from the CRM lead)."
    )
    site_ids = fields.One2many("cert.site", "application_id", string="Sites", context={"active_test": False})
    outlet_count = fields.Integer("Active Outlets", compute="_compute_sites", store=True)
    has_outlets = fields.Boolean(compute="_compute_sites", store=True)
    system_start_date = fields.Date(
        "Service System Since", tracking=True, help="Date the after-sales service system started operating."
    )
    consultancy_id = fields.Many2one(
        "res.partner",
        string="Referring Consultancy",
        tracking=True,
        help="The consultancy that referred the applicant, if any: it matters for impartiality.",
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index="btree_not_null", copy=False)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user, tracking=True, index=True
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    document_ids = fields.One2many("cert.application.document", "application_id", string="Documents")
    documents_complete = fields.Boolean(compute="_compute_documents_complete")
    # the contract (fees, prices) is for the officers, decision makers, finance and the client: not for the
    # audit team, which reads the rest of the application
    contract_ids = fields.One2many("cert.contract", "application_id", string="Contracts", groups=CONTRACT_READERS)
    contract_id = fields.Many2one("cert.contract", compute="_compute_contract_id", groups=CONTRACT_READERS)
    auditor_days_initial = fields.Float(
        "Initial Auditor-Days",
        digits=(5, 1),
        compute="_compute_auditor_days",
        store=True,
        help="From the scheme's auditor-day table: headcount row plus the sampled outlets.",
    )
    auditor_user_ids = fields.Many2many(
        "res.users",
        "cert_application_auditor_user_rel",
        "application_id",
        "user_id",
        string="Assigned Auditors",
        compute="_compute_auditor_user_ids",
        store=True,
        help="Users on the team of an audit of this application: record rules give them access to it "
        "and to its evidence. cert_audit computes it from the audit teams.",
    )
    submit_date = fields.Datetime(readonly=True, copy=False)
    accept_date = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)

    # ------------------------------------------------------------------ computes
    @api.depends("site_ids.site_type", "site_ids.active")
    def _compute_sites(self):
        for app in self:
            app.outlet_count = len(app.site_ids.filtered(lambda s: s.site_type == "outlet" and s.active))
            app.has_outlets = bool(app.outlet_count)

    @api.depends("document_ids.satisfied", "document_ids.applicable", "document_ids.required")
    def _compute_documents_complete(self):
        for app in self:
            app.documents_complete = not app._missing_documents()

    @api.depends("contract_ids.state")
    def _compute_contract_id(self):
        for app in self:
            app.contract_id = app.contract_ids.filtered(lambda c: c.state != "cancelled")[:1]

    @api.depends("scheme_id", "employee_count", "outlet_count")
    def _compute_auditor_days(self):
        for app in self:
            app.auditor_days_initial = (
                app.scheme_id.auditor_days(app.employee_count, app.outlet_count) if app.scheme_id else 0.0
            )

    @api.constrains("employee_count", "declared_outlet_count")
    def _check_counts(self):
        for app in self:
            if app.employee_count < 0 or app.declared_outlet_count < 0:
                raise ValidationError(
                    self.env._("%s: the numbers of employees and of service outlets cannot be negative.", app.name)
                )

    @api.constrains("system_start_date")
    def _check_system_start_date(self):
        today = fields.Date.context_today(self)
        for app in self:
            if app.system_start_date and app.system_start_date > today:
                raise ValidationError(
                    self.env._(
                        "%(application)s: %(field)s cannot be in the future (%(date)s).",
                        application=app.name,
                        field=self._fields["system_start_date"]._description_string(self.env),
                        date=app.system_start_date,
                    )
                )

    def _compute_auditor_user_ids(self):
        # Overridden by cert_audit (audit teams); nobody is assigned before audits exist.
        for app in self:
            app.auditor_user_ids = False

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        return {
            "action_submit": Transition(("draft",), "submitted", OFFICER, _lt("submit")),
            "action_accept": Transition(("submitted",), "accepted", OFFICER, _lt("accept")),
            "action_reject": Transition(("submitted", "accepted"), "rejected", OFFICER, _lt("reject")),
            "action_sign_contract": Transition(("accepted",), "contracted", OFFICER, _lt("record the signed contract")),
            "action_start": Transition(("contracted",), "in_progress", OFFICER, _lt("start")),
            "action_done": Transition(("in_progress",), "done", OFFICER, _lt("close")),
            "action_cancel": Transition(
                ("draft", "submitted", "accepted", "contracted"), "cancelled", OFFICER, _lt("cancel")
            ),
            "action_reset_draft": Transition(("rejected", "cancelled"), "draft", OFFICER, _lt("reset to draft")),
        }

    def action_rotate_access_token(self):
        return self._workflow_rotate_access_token()

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {"name", "submit_date", "accept_date", "reject_reason", "evidence_folder_id"}

    def _workflow_create_fields(self):
        return {"name"}

    # ------------------------------------------------------------------ create / checklist
    @api.model_create_multi
    def create(self, vals_list):
        apps = super().create(vals_list)
        apps.filtered(lambda a: not a.document_ids)._sync_checklist()
        for app in apps:
            app.message_subscribe(partner_ids=app.partner_id.ids)
        return apps

    def write(self, vals):
        self._check_draft_only_changes(vals)
        res = super().write(vals)
        if "scheme_id" in vals:
            self._sync_checklist()
        if "partner_id" in vals:
            for app in self:
                app.message_subscribe(partner_ids=app.partner_id.ids)
        return res

    def _check_draft_only_changes(self, vals):
        """The applicant, scheme and company decide who sees the file and what was quoted: draft only.

        A new applicant would also take the old one's evidence with the cycle's folders: refused once
        anything was filed.
        """
        for name in DRAFT_ONLY_FIELDS:
            if name not in vals:
                continue
            changed = self.filtered(lambda app, name=name: app[name].id != (vals[name] or False))
            late = changed.filtered(lambda app: app.state != "draft")
            if late:
                raise UserError(
                    self.env._(
                        "%(record)s is no longer a draft: its %(field)s cannot be changed.",
                        record=late[0].display_name,
                        field=self._fields[name]._description_string(self.env),
                    )
                )
            if name == "partner_id" and changed:
                filed = changed._filed_evidence_applications()
                if filed:
                    raise UserError(
                        self.env._(
                            "%s already holds the applicant's evidence: its applicant cannot be changed. "
                            "Cancel it and create an application for the other applicant.",
                            filed[0].display_name,
                        )
                    )

    def _filed_evidence_applications(self):
        """The applications of ``self`` with evidence items or document requests (whoever may read them)."""
        self.check_access("write")
        # sudo: the officer changing the applicant may not read the evidence; only whether there is any
        evidence = self.env["cert.evidence"].sudo().with_context(active_test=False)
        requests = self.env["cert.document.request"].sudo().with_context(active_test=False)
        filed = evidence.search([("application_id", "in", self.ids)]).application_id
        filed |= requests.search([("application_id", "in", self.ids)]).application_id
        return self.filtered(lambda app: app.id in filed.ids)

    def _sync_checklist(self):
        """Lay out the scheme's document checklist on the application (keeping what is already there)."""
        for app in self:
            old_lines = app.document_ids
            existing = old_lines.scheme_document_id
            app.document_ids = [
                Command.create(
                    {
                        "scheme_document_id": doc.id,
                        "name": doc.name,
                        "required": doc.required,
                        "condition": doc.condition,
                        "sequence": doc.sequence,
                    }
                )
                for doc in app.scheme_id.document_ids
                if doc not in existing
            ]
            # Keep every language's name of the checklist item (营业执照 for a Chinese user, …).
            for line in app.document_ids - old_lines:
                translations, _context = line.scheme_document_id.get_field_translations("name")
                values = {t["lang"]: t["value"] for t in translations if t["value"]}
                if values:
                    line.update_field_translations("name", values)

    # ------------------------------------------------------------------ readiness
    def _missing_documents(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda d: d.required and d.applicable and not d.satisfied)

    def _readiness_problems(self):
        """What stops this application from being submitted, in words the applicant understands."""
        self.ensure_one()
        problems = []
        missing = self._missing_documents()
        if missing:
            problems.append(self.env._("Missing documents: %s.", ", ".join(missing.mapped("name"))))
        minimum = self.scheme_id.min_operation_months
        if not self.system_start_date:
            problems.append(self.env._("The date the service system started operating is not given."))
        else:
            today = fields.Date.context_today(self)
            running = dates.months_between(self.system_start_date, today)
            if running < minimum:
                problems.append(
                    self.env._(
                        "The service system has run %(months)s month(s) since %(since)s; the scheme requires "
                        "at least %(minimum)s (submission possible from %(from)s).",
                        months=running,
                        since=self.system_start_date,
                        minimum=minimum,
                        **{"from": dates.add_months(self.system_start_date, minimum)},
                    )
                )
        if not self.site_ids.filtered(lambda s: s.site_type == "hq" and s.active):
            problems.append(self.env._("The headquarters site is not given."))
        if self.declared_outlet_count and self.outlet_count < self.declared_outlet_count:
            problems.append(
                self.env._(
                    "%(declared)s service outlets were declared but only %(listed)s are listed.",
                    declared=self.declared_outlet_count,
                    listed=self.outlet_count,
                )
            )
        if self.scheme_id.state != "active":
            problems.append(self.env._("The scheme %s is not active.", self.scheme_id.display_name))
        return problems

    # ------------------------------------------------------------------ transitions
    def action_submit(self):
        self._workflow_check("action_submit")
        self._check_ready(
            lambda app: app._readiness_problems(),
            self.env._("%(record)s cannot be submitted yet:\n%(problems)s"),
        )
        self._workflow_move("action_submit", {"submit_date": fields.Datetime.now()})
        template = self.env.ref("cert_service.mail_template_application_received", raise_if_not_found=False)
        for app in self:
            if template:
                app.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            app.lead_id._cert_move_to_stage("cert_service.crm_stage_cert_application")
        self.activity_update()
        return True

    def activity_update(self):
        """The review activity follows the state: due while submitted, done once accepted, dropped otherwise.

        Only the application's own activity type is touched: the users' own To-Dos stay.
        """
        self.check_access("write")  # public: only those who work the application move its activities
        review = self.env.ref(REVIEW_ACTIVITY)
        to_review = self.filtered(lambda app: app.state == "submitted")
        review_days = self.env["res.config.settings"]._cert_param("cert_review_days")
        for app in to_review.filtered(lambda app: review not in app.activity_ids.activity_type_id):
            app.activity_schedule(
                REVIEW_ACTIVITY,
                date_deadline=fields.Date.add(fields.Date.context_today(app), days=review_days),
                user_id=app.user_id.id or self.env.uid,
            )
        reviewed = self - to_review
        reviewed.filtered(lambda app: app.state in ("accepted", "contracted")).activity_feedback([REVIEW_ACTIVITY])
        reviewed.filtered(lambda app: app.state not in ("accepted", "contracted")).activity_unlink([REVIEW_ACTIVITY])

    def action_accept(self):
        """Accept the application (市场信息部 review): the contract with the scheme's fee lines is drafted."""
        self._workflow_move("action_accept", {"accept_date": fields.Datetime.now()})
        contracts = self.env["cert.contract"].create([app._prepare_contract_values() for app in self])
        for app, contract in zip(self, contracts, strict=True):
            self.env["cert.billing.event"]._register_milestones(
                app, [{"contract_id": contract.id, "milestone": "application_accepted"}]
            )
        self.activity_update()
        return self.contract_ids[-1:].get_formview_action() if len(self) == 1 else True

    def _prepare_contract_values(self):
        self.ensure_one()
        return {
            "application_id": self.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "line_ids": [Command.create(vals) for vals in self._prepare_fee_lines()],
        }

    def _prepare_fee_lines(self):
        """Contract lines from the scheme's fee schedule, quoted with this applicant's auditor-days."""
        self.ensure_one()
        scheme = self.scheme_id
        years = max(scheme.validity_months // 12, 1)
        occurrences = {"once": 1, "per_year": years, "per_surveillance": max(years - 1, 0)}
        lines = []
        for fee in scheme.fee_ids:
            if fee.quantity_basis == "initial_days":
                quantity = float(derived_days(self.auditor_days_initial, fee.days_ratio, minimum=0))
            else:
                quantity = fee.quantity
            lines.append(
                {
                    "sequence": fee.sequence,
                    "product_id": fee.product_id.id,
                    "name": fee.product_id.display_name,
                    "milestone": fee.milestone,
                    "quantity": quantity,
                    "occurrences": occurrences[fee.occurrence],
                    "occurrence": fee.occurrence,
                    "quantity_basis": fee.quantity_basis,
                    "days_ratio": fee.days_ratio,
                    "price_unit": fee._quoted_price(self.employee_count, self.outlet_count),
                }
            )
        return lines

    def action_reject(self):
        """Ask for the reason (told to the applicant); the wizard rejects."""
        self._workflow_check("action_reject")
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.application.reject",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Reject Application"),
            "context": {"default_application_ids": self.ids},
        }

    def _do_reject(self, reason):
        self._workflow_check("action_reject")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the applicant is told."))
        self._cancel_open_contracts()
        self._workflow_move("action_reject", {"reject_reason": reason})
        self.activity_update()
        for app in self:
            app.message_post(
                body=self.env._("Application rejected: %s", reason),
                partner_ids=app.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _cancel_open_contracts(self):
        self.contract_ids.filtered(lambda c: c.state in ("draft", "sent")).action_cancel()

    def action_sign_contract(self):
        """Record the signed contract: the contract is signed, the application contracted, the opportunity won."""
        self._workflow_check("action_sign_contract")
        for app in self:
            if not app.contract_id:
                raise UserError(self.env._("%s has no contract to sign.", app.name))
        self.contract_id.filtered(lambda c: c.state != "signed").action_sign()
        self._workflow_move("action_sign_contract")
        self.activity_update()
        for app in self:
            if app.lead_id and app.lead_id.active and not app.lead_id.stage_id.is_won:
                app.lead_id._cert_move_to_stage("cert_service.crm_stage_cert_won")
        return True

    def action_start(self):
        self._workflow_move("action_start")
        return True

    def action_done(self):
        self._workflow_move("action_done")
        return True

    def action_cancel(self):
        self._workflow_check("action_cancel")
        self._cancel_open_contracts()
        self._workflow_move("action_cancel")
        self.activity_update()
        return True

    def action_reset_draft(self):
        self._workflow_move("action_reset_draft", {"reject_reason": False})
        return True

    def action_request_documents(self):
        """Ask the applicant for the missing documents (mail template, logged in the chatter)."""
        self._workflow_check(Transition(("draft", "submitted"), None, OFFICER, _lt("request the missing documents of")))
        template = self.env.ref("cert_service.mail_template_application_missing_documents")
        for app in self:
            if not app._missing_documents():
                raise UserError(self.env._("%s has every required document.", app.name))
            app.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True

    def action_view_lead(self):
        self.ensure_one()
        return self.lead_id.get_formview_action() if self.lead_id else False

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id.get_formview_action() if self.contract_id else False

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(app.state not in ("draft", "cancelled") for app in self):
            raise UserError(self.env._("Only draft or cancelled applications can be deleted."))
