from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..models.cert_certificate_lifecycle import REASON_KIND
from .wizard_checks import refuse_empty_selection

ACTIONS = [
    ("action_suspend", "Suspend"),
    ("action_restore", "Restore"),
    ("action_withdraw", "Withdraw"),
    ("action_cancel", "Cancel"),
]


class CertCertificateTransition(models.TransientModel):
    """Asks the reason (from the CB's list) and a note before a certificate changes status."""

    _name = "cert.certificate.transition"
    _description = "Change of Certificate Status"
    _inherit = ["cert.input.mixin"]

    certificate_ids = fields.Many2many("cert.certificate", required=True)
    action = fields.Selection(ACTIONS, required=True)
    reason_kind = fields.Char(compute="_compute_reason_kind")
    reason_id = fields.Many2one("cert.certificate.reason", domain="[('kind', '=', reason_kind)]")
    note = fields.Text(help="What was found or verified; shown in the status history.")

    @api.constrains("certificate_ids")
    def _check_certificate_ids(self):
        refuse_empty_selection(self, "certificate_ids")

    @api.depends("action")
    def _compute_reason_kind(self):
        for wizard in self:
            wizard.reason_kind = REASON_KIND.get(wizard.action, "")

    def action_confirm(self):
        self.ensure_one()
        if not self.reason_kind and not (self.note or "").strip():
            raise UserError(self.env._("Say how the cause of the suspension was removed and verified."))
        self.certificate_ids._move(self.action, reason=self.reason_id, note=(self.note or "").strip() or None)
        return {"type": "ir.actions.act_window_close"}
