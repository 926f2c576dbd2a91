from odoo import fields
from odoo import models


class CertServiceSampleDraw(models.Model):
    """One draw of an audit's call-back sample: its seed (the draw is reproducible from it), sizes and reason."""

    _name = "cert.service.sample.draw"
    _description = "Call-back Sample Draw"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, id desc"
    _rec_name = "seed"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, readonly=True)
    seed = fields.Char(required=True, readonly=True, help="Drawing again with this seed gives the same sample.")
    population = fields.Integer("Service Orders", readonly=True)
    sample_size = fields.Integer(readonly=True)
    reserve_size = fields.Integer(readonly=True)
    reason = fields.Text("Reason for Drawing Again", readonly=True)
    drawn_by_id = fields.Many2one("res.users", readonly=True)
    current = fields.Boolean(readonly=True, help="The draw the audit's sample comes from.")

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        return {"audit_id", "seed", "population", "sample_size", "reserve_size", "reason", "drawn_by_id", "current"}
