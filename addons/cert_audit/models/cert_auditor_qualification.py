from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertAuditorQualification(models.Model):
    """The auditor is qualified for a scheme (and industries, where they matter) from one date to another."""

    _name = "cert.auditor.qualification"
    _description = "Auditor Qualification"
    _inherit = ["cert.input.mixin"]
    _order = "auditor_id, scheme_id, date_to desc"

    auditor_id = fields.Many2one("cert.auditor", required=True, ondelete="cascade", index=True)
    scheme_id = fields.Many2one("cert.scheme", required=True, index=True, ondelete="restrict")
    industry_code_ids = fields.Many2many(
        "cert.industry.code",
        string="Industry Codes",
        help="Industries the qualification covers; needed for audits of an application with an industry code.",
    )
    date_from = fields.Date("Valid From", required=True, default=fields.Date.context_today)
    date_to = fields.Date("Valid Until", help="Leave empty for a qualification without an end date.")
    reference = fields.Char(help="Certificate or record of the qualification (e.g. CCAA registration).")
    valid_today = fields.Boolean(compute="_compute_valid_today")

    @api.depends("date_from", "date_to")
    def _compute_valid_today(self):
        today = fields.Date.context_today(self)
        for qual in self:
            qual.valid_today = qual.date_from <= today and (not qual.date_to or qual.date_to >= today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for qual in self:
            if qual.date_to and qual.date_to < qual.date_from:
                raise ValidationError(
                    self.env._(
                        "The qualification of %(auditor)s for %(scheme)s ends before it starts.",
                        auditor=qual.auditor_id.name,
                        scheme=qual.scheme_id.display_name,
                    )
                )
