from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import billing

MILESTONES = [
    ("application_accepted", "Application accepted"),
    ("document_review_done", "Document review done"),
    ("audit_reported", "Audit reported"),
    ("certificate_issued", "Certificate issued"),
    ("annual_fee", "Annual fee due"),
    ("surveillance_due", "Surveillance due"),
    ("recertification_accepted", "Recertification accepted"),
    ("audit_expenses", "Audit travel and expenses"),
]
QUANTITY_BASES = [
    ("fixed", "Fixed quantity"),
    ("initial_days", "Initial auditor-days × ratio"),
]
OCCURRENCES = [
    ("once", "Once per cycle"),
    ("per_surveillance", "Per surveillance audit"),
    ("per_year", "Per year of validity"),
]


class CertSchemeFee(models.Model):
    """A line of the scheme's fee schedule: what is billed, when (milestone), how much and how often."""

    _name = "cert.scheme.fee"
    _description = "Scheme Fee"
    _inherit = ["cert.input.mixin"]
    _order = "scheme_id, sequence, id"

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="restrict", domain=[("type", "=", "service")]
    )
    milestone = fields.Selection(MILESTONES, required=True, default="application_accepted")
    quantity_basis = fields.Selection(
        QUANTITY_BASES,
        default="fixed",
        required=True,
        help="Initial auditor-days × ratio: e.g. the on-site audit (ratio 1) or surveillance (ratio ½).",
    )
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    days_ratio = fields.Float(digits=(5, 4), default=1.0)
    occurrence = fields.Selection(
        OCCURRENCES,
        default="once",
        required=True,
    )
    price_unit = fields.Float(digits="Product Price", help="Leave 0 to use the product's sales price.")
    band_basis = fields.Selection(
        [("none", "No bands"), ("employees", "By employees"), ("outlets", "By active outlets")],
        "Price Bands",
        default="none",
        required=True,
        help="Quote the price of the band the applicant's headcount or number of outlets falls in.",
    )
    band_ids = fields.One2many("cert.scheme.fee.band", "fee_id", string="Bands", copy=True)

    def _quoted_price(self, employees, outlets):
        """The price quoted on a contract: the band's when the fee has bands, else its own or the product's."""
        self.ensure_one()
        default = self.price_unit or self.product_id.lst_price
        if self.band_basis == "none" or not self.band_ids:
            return default
        count = employees if self.band_basis == "employees" else outlets
        return billing.band_price([(b.threshold, b.price_unit) for b in self.band_ids], count or 0, default)

    @api.constrains("quantity", "days_ratio", "price_unit")
    def _check_figures(self):
        for fee in self:
            if min(fee.quantity, fee.days_ratio, fee.price_unit) < 0:
                raise ValidationError(
                    self.env._(
                        "Fee schedule of %s: the quantity, the ratio and the unit price cannot be negative.",
                        fee.scheme_id.display_name,
                    )
                )
