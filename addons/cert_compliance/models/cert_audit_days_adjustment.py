from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import ValidationError

OFFICER = "cert_service.group_cert_officer"
FACTORS = [
    ("complexity", "Complexity of the services"),
    ("sites", "Dispersion of the sites"),
    ("remote", "Remote audit techniques"),
    ("maturity", "Maturity of the management system"),
    ("language", "Language and interpretation"),
    ("other", "Other"),
]


class CertAuditDaysAdjustment(models.Model):
    """One adjustment of an audit's auditor-days to the scheme's standard figure, with its reason: the
    planned days are the standard plus the adjustments, the reasons the days' adjustment reason."""

    _name = "cert.audit.days.adjustment"
    _description = "Auditor-Day Adjustment"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, sequence, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    factor = fields.Selection(FACTORS, required=True, default="other")
    days = fields.Float(digits=(5, 1), required=True, help="Auditor-days added (positive) or removed (negative).")
    reason = fields.Text(required=True)

    def _workflow_key_fields(self):
        return {"audit_id"}

    def _workflow_create_fields(self):
        return {"audit_id"}

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_rule_state(self):
        return self.audit_id.state

    def _workflow_rule_state_label(self, state):
        return self.audit_id._workflow_state_label(state)

    def _workflow_field_rules(self):
        return (FieldRule(frozenset({"sequence", "factor", "days", "reason"}), ("draft", "planned"), (OFFICER,)),)

    @api.model_create_multi
    def create(self, vals_list):
        audits = self.env["cert.audit"].browse({vals.get("audit_id") for vals in vals_list if vals.get("audit_id")})
        for audit in audits:
            if audit.state not in ("draft", "planned"):
                raise ValidationError(
                    self.env._("%s is no longer being planned: its auditor-days cannot change.", audit.display_name)
                )
        records = super().create(vals_list)
        records.audit_id._apply_days_adjustments()
        return records

    def write(self, vals):
        res = super().write(vals)
        if {"days", "reason", "factor"} & set(vals):
            self.audit_id._apply_days_adjustments()
        return res

    def unlink(self):
        audits = self.audit_id
        self._workflow_check_field_rules({"days"})
        res = super().unlink()
        audits.exists()._apply_days_adjustments()
        return res
