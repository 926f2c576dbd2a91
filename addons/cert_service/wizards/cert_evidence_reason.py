from odoo import fields
from odoo import models


class CertEvidenceReason(models.TransientModel):
    """Reject (reviewer) or unlock (CB manager) evidence, with the reason that is logged."""

    _name = "cert.evidence.reason"
    _description = "Evidence Reason"
    _inherit = ["cert.input.mixin"]

    evidence_ids = fields.Many2many("cert.evidence", required=True)
    action = fields.Selection([("reject", "Reject"), ("unlock", "Unlock")], required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.action == "reject":
            self.evidence_ids._cert_reject(self.reason)
        else:
            self.evidence_ids._cert_unlock(self.reason)
        return {"type": "ir.actions.act_window_close"}
