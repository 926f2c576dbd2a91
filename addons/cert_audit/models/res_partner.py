from odoo import fields
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cert_audit_ids = fields.One2many("cert.audit", "partner_id", string="Certification Audits")
