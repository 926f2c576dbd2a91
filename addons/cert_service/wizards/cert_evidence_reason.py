from odoo import api
from odoo import fields
from odoo import models

from .wizard_checks import check_evidence_permission
from .wizard_checks import refuse_empty_selection


class CertEvidenceReason(models.TransientModel):
    """Reject (reviewer) or unlock (CB manager) evidence, with the reason that is logged."""

    _name = "cert.evidence.reason"
    _description = "Evidence Reason"
    _inherit = ["cert.input.mixin"]

    evidence_ids = fields.Many2many("cert.evidence", required=True)
    action = fields.Selection([("reject", "Reject"), ("unlock", "Unlock")], required=True)
    reason = fields.Text(required=True)

    @api.constrains("evidence_ids")
    def _check_evidence_ids(self):
        refuse_empty_selection(self, "evidence_ids")
        # rejecting is the reviewers' (assigned auditors, CB managers), unlocking the CB managers'
        check_evidence_permission(self.evidence_ids, "review")

    def action_confirm(self):
        self.ensure_one()
        if self.action == "reject":
            self.evidence_ids._cert_reject(self.reason)
        else:
            self.evidence_ids._cert_unlock(self.reason)
        return {"type": "ir.actions.act_window_close"}
