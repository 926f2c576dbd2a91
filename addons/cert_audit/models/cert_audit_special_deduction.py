from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import UserError

from .cert_audit_scoring import SCORING_CLOSED


class CertAuditSpecialDeduction(models.Model):
    """A 特别扣分项 (one point outside the indicators): it must be corrected, so it opens a finding."""

    _name = "cert.audit.special.deduction"
    _description = "Audit Special Deduction"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True)
    description = fields.Text(
        required=True, help="The breach of law, regulation, the organisation's own service rules or industry rules."
    )
    indicator_id = fields.Many2one("cert.indicator", help="The indicator concerned, if any.")
    finding_id = fields.Many2one("cert.finding", readonly=True, copy=False, ondelete="set null")

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        return {"audit_id", "finding_id"}

    def _workflow_create_fields(self):
        return {"audit_id"}

    def _workflow_field_rules(self):
        # a special item counts in the score: it changes while the audit is scored, like the checklist
        return (FieldRule(frozenset({"description", "indicator_id"}), ("in_progress",), (), SCORING_CLOSED),)

    def _workflow_rule_state(self):
        self.ensure_one()
        return self.audit_id.state

    def _workflow_rule_state_label(self, state):
        return self.env["cert.audit"]._workflow_state_label(state)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.audit_id._check_scoring_open()
        for record in records:
            finding = self.env["cert.finding"].create(
                {
                    "audit_id": record.audit_id.id,
                    "severity": "minor",
                    "indicator_id": record.indicator_id.id,
                    "description": self.env._("Special deduction (特别扣分项): %s", record.description),
                }
            )
            record._workflow_write({"finding_id": finding.id})
        return records

    @api.ondelete(at_uninstall=False)
    def _unlink_while_scoring(self):
        if any(record.audit_id.state not in ("draft", "planned", "confirmed", "in_progress") for record in self):
            raise UserError(self.env._("The special items of a reported audit cannot be changed."))

    def unlink(self):
        # A withdrawn deduction takes its finding along while nobody has answered it yet.
        findings = self.finding_id.filtered(lambda f: f.state == "open")
        res = super().unlink()
        findings.unlink()
        return res
