import base64

from odoo import fields
from odoo import models


class CertAuditChecklistImport(models.TransientModel):
    """Upload the checklist sheet filled offline: all rows are written, or none."""

    _name = "cert.audit.checklist.import"
    _description = "Import a Filled Audit Checklist"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade")
    file = fields.Binary("Filled Sheet", required=True, attachment=False)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        self.audit_id._import_checklist(base64.b64decode(self.file))
        return {"type": "ir.actions.act_window_close"}
