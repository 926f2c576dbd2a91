from odoo import api
from odoo import fields
from odoo import models


class AccountMove(models.Model):
    """Smart button from a certification invoice to the audits it bills."""

    _inherit = "account.move"

    cert_audit_ids = fields.Many2many("cert.audit", string="Certification Audits", compute="_compute_cert_audit_ids")
    cert_audit_count = fields.Integer(compute="_compute_cert_audit_ids")

    @api.depends("line_ids.cert_audit_id")
    def _compute_cert_audit_ids(self):
        for move in self:
            move.cert_audit_ids = move.line_ids.cert_audit_id
            move.cert_audit_count = len(move.cert_audit_ids)

    def action_view_cert_audits(self):
        self.ensure_one()
        return self.cert_audit_ids._get_records_action(name=self.env._("Certification Audits"))
