from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..lib import dates
from ..lib.auditor_days import derived_days

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
    _inherit = ["cert.workflow.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(
        "Number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"), index="trigram"
    )
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
    contract_ids = fields.One2many("cert.contract", "application_id", string="Contracts")
    contract_id = fields.Many2one("cert.contract", compute="_compute_contract_id")
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

    def _compute_auditor_user_ids(self):
        # Overridden by cert_audit (audit teams); nobody is assigned before audits exist.
        for app in self:
            app.auditor_user_ids = False

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for app in self:
            app.access_url = f"/my/certification/applications/{app.id}"

    # ------------------------------------------------------------------ create / checklist
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("cert.application") or "/"
        apps = super().create(vals_list)
        apps.filtered(lambda a: not a.document_ids)._sync_checklist()
        for app in apps:
            app.message_subscribe(partner_ids=app.partner_id.ids)
        return apps

    def write(self, vals):
        res = super().write(vals)
        if "scheme_id" in vals:
            self._sync_checklist()
        if "partner_id" in vals:
            for app in self:
                app.message_subscribe(partner_ids=app.partner_id.ids)
        return res

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
        self._check_state(["draft"], self.env._("submitted"))
        self._check_ready(
            lambda app: app._readiness_problems(),
            self.env._("%(record)s cannot be submitted yet:\n%(problems)s"),
        )
        self.write({"state": "submitted", "submit_date": fields.Datetime.now()})
        template = self.env.ref("cert_service.mail_template_application_received", raise_if_not_found=False)
        review_days = int(self.env["ir.config_parameter"].sudo().get_param("cert_service.review_days", 5))
        for app in self:
            if template:
                app.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            app.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.add(fields.Date.context_today(app), days=review_days),
                summary=self.env._("Review the application"),
                user_id=app.user_id.id or self.env.uid,
            )
            app.lead_id._cert_move_to_stage("cert_service.crm_stage_cert_application")
        return True

    def action_accept(self):
        """Accept the application (市场信息部 review): the contract with the scheme's fee lines is drafted."""
        self._check_state(["submitted"], self.env._("accepted"))
        self.write({"state": "accepted", "accept_date": fields.Datetime.now()})
        for app in self:
            contract = self.env["cert.contract"].create(app._prepare_contract_values())
            self.env["cert.billing.event"]._register_milestones(
                app, [{"contract_id": contract.id, "milestone": "application_accepted"}]
            )
            app.activity_feedback(["mail.mail_activity_data_todo"])
            app.message_post(body=self.env._("Application accepted; contract %s drafted.", contract.name))
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
        self._check_state(["submitted", "accepted"], self.env._("rejected"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.application.reject",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Reject Application"),
            "context": {"default_application_ids": self.ids},
        }

    def _do_reject(self, reason):
        self._check_state(["submitted", "accepted"], self.env._("rejected"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the applicant is told."))
        self.contract_ids.filtered(lambda c: c.state != "signed").write({"state": "cancelled"})
        self.write({"state": "rejected", "reject_reason": reason})
        for app in self:
            app.activity_unlink(["mail.mail_activity_data_todo"])
            app.message_post(
                body=self.env._("Application rejected: %s", reason),
                partner_ids=app.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def action_contract(self):
        """The contract is signed: the application is contracted and the opportunity won."""
        self._check_state(["accepted"], self.env._("contracted"))
        for app in self:
            if not app.contract_id:
                raise UserError(self.env._("%s has no contract to sign.", app.name))
            if app.contract_id.state != "signed":
                app.contract_id.action_sign()
        self.write({"state": "contracted"})
        for app in self:
            app.message_post(body=self.env._("Contract %s signed.", app.contract_id.name))
            if app.lead_id and app.lead_id.active and not app.lead_id.stage_id.is_won:
                app.lead_id._cert_move_to_stage("cert_service.crm_stage_cert_won")
        return True

    def action_start(self):
        self._check_state(["contracted"], self.env._("started"))
        self.write({"state": "in_progress"})

    def action_done(self):
        self._check_state(["in_progress"], self.env._("closed"))
        self.write({"state": "done"})

    def action_cancel(self):
        self._check_state(["draft", "submitted", "accepted", "contracted"], self.env._("cancelled"))
        self.contract_ids.filtered(lambda c: c.state != "signed").write({"state": "cancelled"})
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_reset_draft(self):
        self._check_state(["rejected", "cancelled"], self.env._("reset to draft"))
        self.write({"state": "draft", "reject_reason": False})

    def action_request_documents(self):
        """Ask the applicant for the missing documents (mail template, logged in the chatter)."""
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
