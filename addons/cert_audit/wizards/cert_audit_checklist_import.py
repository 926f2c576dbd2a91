import base64

from odoo import api
from odoo import fields
from odoo import models


class CertAuditChecklistImport(models.TransientModel):
    """Upload the checklist sheet filled offline: all rows are written, or none."""

    _name = "cert.audit.checklist.import"
    _description = "Import a Filled Audit Checklist"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade")
    file = fields.Binary("Filled Sheet", required=True, attachment=False)
    filename = fields.Char()

    @api.constrains("audit_id")
    def _check_audit_id(self):
        # the record rules open the wizard on the audits of its user's team, but a rule is not checked again
        # after a write: the audit it is created for or moved to must be one its user may change
        self.audit_id.check_access("write")

    def action_import(self):
        self.ensure_one()
        self.audit_id._import_checklist(base64.b64decode(self.file))
        return {"type": "ir.actions.act_window_close"}
