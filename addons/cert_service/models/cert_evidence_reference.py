from odoo import api
from odoo import fields
from odoo import models


class CertEvidenceReference(models.Model):
    """A record (audit score line, finding, decision…) that relies on an evidence item: link integrity."""

    _name = "cert.evidence.reference"
    _description = "Evidence Reference"
    _inherit = ["cert.evidence.security.mixin"]
    _order = "id desc"

    evidence_id = fields.Many2one("cert.evidence", required=True, ondelete="restrict", index=True)
    version_id = fields.Many2one("cert.evidence.version", ondelete="restrict", string="Version Referenced")
    res_model = fields.Char("Referrer Model", required=True, index=True)
    res_id = fields.Many2oneReference("Referrer ID", model_field="res_model", required=True, index=True)
    description = fields.Char()
    referrer_name = fields.Char(compute="_compute_referrer_name", string="Referenced By")

    @api.depends("res_model", "res_id")
    def _compute_referrer_name(self):
        for ref in self:
            ref.referrer_name = ref.sudo()._cert_referrer_name()

    def _cert_referrer_name(self):
        self.ensure_one()
        model = self.env["ir.model"]._get(self.res_model)
        label = model.name if model else self.res_model
        record = self.env[self.res_model].sudo().browse(self.res_id).exists() if self.res_model in self.env else None
        what = record.display_name if record else self.description or f"#{self.res_id}"
        return f"{label} {what}"

    def _cert_referrer_active(self):
        self.ensure_one()
        return self.res_model in self.env and bool(self.env[self.res_model].sudo().browse(self.res_id).exists())

    def _cert_permission_domain(self, operation):
        return self._cert_evidence_child_domain(operation)
