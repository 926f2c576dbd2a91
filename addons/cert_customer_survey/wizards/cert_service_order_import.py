import base64

from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class CertServiceOrderImport(models.TransientModel):
    """Import the client's service orders of the period from its CSV or XLSX file: all rows or none.

    The file is checked and imported by ``cert.audit._survey_import_file``, the same rule as the client's
    upload from the portal.
    """

    _name = "cert.service.order.import"
    _description = "Import Service Orders"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade")
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    imported_count = fields.Integer(readonly=True)

    def action_import(self):
        self.ensure_one()
        audit = self.audit_id
        audit._survey_check_team(self.env._("import service orders"), ("planned", "confirmed", "in_progress"))
        audit._survey_lock()
        audit._survey_invalidate()
        if audit.sample_fixed:
            raise UserError(self.env._("%s: a call is recorded, the sampled population is fixed.", audit.display_name))
        self.imported_count = audit._survey_import_file(base64.b64decode(self.file or b""), self.filename)
        return audit.action_view_service_orders()
