from odoo import api
from odoo import fields
from odoo import models

#: application states in which audits are planned (the contract is signed)
AUDITABLE_STATES = ("contracted", "in_progress")

#: audit types that follow one another in a certification cycle
CYCLE_TYPES = ("initial", "surveillance", "recertification")


class CertApplication(models.Model):
    _inherit = "cert.application"

    industry_code_id = fields.Many2one(
        "cert.industry.code",
        tracking=True,
        index="btree_not_null",
        help="Where the scheme needs it: the auditors must be qualified for this industry.",
    )
    audit_ids = fields.One2many("cert.audit", "application_id", string="Audits")
    audit_count = fields.Integer(compute="_compute_audit_count")
    audit_to_plan = fields.Boolean(
        "Audit to Plan",
        compute="_compute_audit_to_plan",
        search="_search_audit_to_plan",
        help="Contracted, and no audit planned yet.",
    )

    @api.depends("audit_ids.team_user_ids")
    def _compute_auditor_user_ids(self):
        # The teams of the application's audits (cancelled ones excepted): the one stored source of the
        # team's access, used by the record rules of applications, sites and evidence.
        for app in self:
            app.auditor_user_ids = app.audit_ids.team_user_ids

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("auditor_user_ids") for vals in vals_list):
            self._refuse_auditor_users()
        return super().create(vals_list)

    def write(self, vals):
        if "auditor_user_ids" in vals:
            self._refuse_auditor_users()
        return super().write(vals)

    def _refuse_auditor_users(self):
        # Access comes from the audit teams only, whoever asks (the superuser included).
        self._workflow_refuse_fields({"auditor_user_ids"})

    def _check_auditable(self):
        """Audits are planned only for applications whose contract is signed."""
        self._workflow_refuse_states(
            AUDITABLE_STATES, self.env._("audits are planned only for contracted applications.")
        )

    @api.depends("audit_ids.state")
    def _compute_audit_count(self):
        for app in self:
            app.audit_count = len(app.audit_ids.filtered(lambda a: a.state != "cancelled"))

    @api.depends("state", "audit_ids.state")
    def _compute_audit_to_plan(self):
        for app in self:
            app.audit_to_plan = app.state == "contracted" and not app.audit_ids.filtered(
                lambda a: a.state not in ("draft", "cancelled")
            )

    def _search_audit_to_plan(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on Audit to Plan."))
        planned = self.env["cert.audit"].sudo()._search([("state", "not in", ("draft", "cancelled"))])
        domain = [("state", "=", "contracted"), ("audit_ids", "not any", [("id", "in", planned)])]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    def _next_audit_type(self):
        self.ensure_one()
        done = self.audit_ids.filtered(lambda a: a.state != "cancelled").mapped("audit_type")
        if "initial" not in done:
            return "initial"
        return "surveillance"

    def action_plan_audit(self):
        """Open the next audit of this application (the draft one, or a new one of the next type)."""
        self.ensure_one()
        audit = self.audit_ids.filtered(lambda a: a.state == "draft")[:1]
        if not audit:
            audit = self.env["cert.audit"].create({"application_id": self.id, "audit_type": self._next_audit_type()})
        return audit.get_formview_action()

    def action_view_audits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_audit.action_cert_audit")
        action["domain"] = [("application_id", "=", self.id)]
        action["context"] = {"default_application_id": self.id}
        return action
