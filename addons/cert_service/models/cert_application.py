from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
OFFICER = ("cert_service.group_cert_officer",)
#: what decides who sees the application and its evidence, and what was quoted: only while draft
DRAFT_ONLY_FIELDS = ("partner_id", "scheme_id", "company_id")
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
    @api.depends("document_ids.satisfied", "document_ids.applicable", "document_ids.required")
    def _compute_documents_complete(self):
        for app in self:
            app.documents_complete = not app._missing_documents()

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

    def _missing_documents(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda d: d.required and d.applicable and not d.satisfied)

    # ------------------------------------------------------------------ transitions
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

    def action_view_lead(self):
        self.ensure_one()
        return self.lead_id.get_formview_action() if self.lead_id else False

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(app.state not in ("draft", "cancelled") for app in self):
            raise UserError(self.env._("Only draft or cancelled applications can be deleted."))
