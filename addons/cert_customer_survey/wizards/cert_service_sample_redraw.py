from odoo import fields
from odoo import models


class CertServiceSampleRedraw(models.TransientModel):
    """Draw an audit's call-back sample again: with a new seed and the reason, logged on the audit."""

    _name = "cert.service.sample.redraw"
    _description = "Draw the Call-back Sample Again"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_redraw(self):
        self.ensure_one()
        self.audit_id._survey_draw(reason=self.reason)
        return self.audit_id.action_view_sample()
