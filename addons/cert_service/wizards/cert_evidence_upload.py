from odoo import api
from odoo import fields
from odoo import models

from .wizard_checks import check_evidence_permission


class CertEvidenceUpload(models.TransientModel):
    """Upload a new version of an evidence item."""

    _name = "cert.evidence.upload"
    _description = "Upload Evidence Version"

    evidence_id = fields.Many2one("cert.evidence", required=True)

    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char(required=True)
    comment = fields.Char(help="What changed in this version.")

    @api.constrains("evidence_id")
    def _check_evidence_id(self):
        check_evidence_permission(self.evidence_id, "read")

    def action_upload(self):
        self.ensure_one()
        self.evidence_id._cert_add_version_b64(self.file, self.filename, self.comment)
        return {"type": "ir.actions.act_window_close"}
