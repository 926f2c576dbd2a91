from odoo import fields
from odoo import models


class CertEvidenceTag(models.Model):
    _name = "cert.evidence.tag"
    _description = "Evidence Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "A tag with this name already exists.")]
