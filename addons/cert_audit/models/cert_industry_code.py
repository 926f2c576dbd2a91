from odoo import fields
from odoo import models


class CertIndustryCode(models.Model):
    """An industry (e.g. a GB/T 4754 class) an auditor can be qualified for, where the scheme needs one."""

    _name = "cert.industry.code"
    _description = "Industry Code"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "The industry code must be unique.")]

    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"[{rec.code}] {rec.name}" if rec.code else rec.name
