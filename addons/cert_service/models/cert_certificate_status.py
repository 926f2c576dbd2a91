from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cert_certificate import STATES


class CertCertificateStatus(models.Model):
    """One change of a certificate's status (from, to, when, who, why): the public page shows them.

    Rows are written only by the certificate's transitions and never changed afterwards.
    """

    _name = "cert.certificate.status"
    _description = "Certificate Status History"
    _inherit = ["cert.workflow.mixin"]
    _order = "certificate_id, date desc, id desc"

    certificate_id = fields.Many2one("cert.certificate", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="certificate_id.partner_id", store=True, index=True)
    from_state = fields.Selection(STATES, "From")
    to_state = fields.Selection(STATES, "To", required=True, index=True)
    date = fields.Date(required=True, index=True)
    user_id = fields.Many2one("res.users", string="By", required=True)
    reason_id = fields.Many2one("cert.certificate.reason", ondelete="restrict")
    note = fields.Text()

    def _workflow_client_field(self):
        return "partner_id"

    def write(self, vals):
        if vals:
            raise UserError(self.env._("The status history of a certificate cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The status history of a certificate cannot be deleted."))
