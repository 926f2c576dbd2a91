from odoo import fields
from odoo import models


class CertSchemeDocument(models.Model):
    """An item of the document checklist an application of the scheme must provide."""

    _name = "cert.scheme.document"
    _description = "Scheme Document Requirement"
    _order = "scheme_id, sequence, id"

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    required = fields.Boolean(default=True, help="Optional items (e.g. honours) never block a submission.")
    condition = fields.Selection(
        [("always", "Always"), ("has_outlets", "When the applicant has service outlets")],
        default="always",
        required=True,
    )
