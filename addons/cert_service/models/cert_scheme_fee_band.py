from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertSchemeFeeBand(models.Model):
    """A price band of a fee: from this many employees (or outlets) on, the fee costs this much."""

    _name = "cert.scheme.fee.band"
    _description = "Scheme Fee Price Band"
    _inherit = ["cert.input.mixin"]
    _order = "fee_id, threshold"

    fee_id = fields.Many2one("cert.scheme.fee", required=True, ondelete="cascade", index=True)
    threshold = fields.Integer("From", required=True, help="Employees or outlets from which the band applies.")
    price_unit = fields.Float(digits="Product Price", required=True)

    _sql_constraints = [
        ("threshold_unique", "unique(fee_id, threshold)", "Two bands of a fee cannot start at the same figure."),
        ("threshold_positive", "CHECK(threshold >= 0)", "A band starts at zero or more."),
    ]

    @api.constrains("price_unit")
    def _check_price(self):
        for band in self:
            if band.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "Price band from %(threshold)s of %(fee)s: %(field)s cannot be negative.",
                        threshold=band.threshold,
                        fee=band.fee_id.product_id.display_name,
                        field=self._fields["price_unit"]._description_string(self.env),
                    )
                )
