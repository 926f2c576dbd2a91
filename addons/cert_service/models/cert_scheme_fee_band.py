from odoo import fields
from odoo import models


class CertSchemeFeeBand(models.Model):
    """A price band of a fee: from this many employees (or outlets) on, the fee costs this much."""

    _name = "cert.scheme.fee.band"
    _description = "Scheme Fee Price Band"
    _order = "fee_id, threshold"

    fee_id = fields.Many2one("cert.scheme.fee", required=True, ondelete="cascade", index=True)
    threshold = fields.Integer("From", required=True, help="Employees or outlets from which the band applies.")
    price_unit = fields.Float(digits="Product Price", required=True)

    _sql_constraints = [
        ("threshold_unique", "unique(fee_id, threshold)", "Two bands of a fee cannot start at the same figure."),
        ("threshold_positive", "CHECK(threshold >= 0)", "A band starts at zero or more."),
    ]
