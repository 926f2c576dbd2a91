from odoo import api
from odoo import fields
from odoo import models

from .wizard_checks import refuse_empty_selection


class CertCertificatePaymentOverride(models.TransientModel):
    """Finance's reason for letting certificates be issued while invoices of their cycle are unpaid."""

    _name = "cert.certificate.payment.override"
    _description = "Issue Despite Unpaid Invoices"
    _inherit = ["cert.input.mixin"]

    certificate_ids = fields.Many2many("cert.certificate", required=True)
    reason = fields.Text(required=True, help="Kept on the certificate and logged in its chatter.")

    @api.constrains("certificate_ids")
    def _check_certificate_ids(self):
        refuse_empty_selection(self, "certificate_ids")

    def action_confirm(self):
        self.ensure_one()
        self.certificate_ids._payment_override(self.reason)
        return {"type": "ir.actions.act_window_close"}
