from odoo import fields
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    cert_audit_id = fields.Many2one("cert.audit", string="Certification Audit", index="btree_not_null")
