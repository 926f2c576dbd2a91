from odoo import models


class CertFinding(models.Model):
    _name = "cert.finding"
    _inherit = ["cert.finding", "cert.portal.page.mixin"]
    _portal_section = "findings"
