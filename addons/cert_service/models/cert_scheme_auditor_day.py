from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertSchemeAuditorDay(models.Model):
    """A row of the scheme's auditor-day table: initial-audit days for organisations up to N employees."""

    _name = "cert.scheme.auditor.day"
    _description = "Auditor-Day Table Row"
    _inherit = ["cert.input.mixin"]
    _order = "scheme_id, employees_max, id"

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    employees_max = fields.Integer(
        "Up to Employees", help="Largest headcount this row covers; 0 means no upper bound (the last row)."
    )
    days = fields.Float("Auditor-Days", digits=(5, 1), required=True)

    @api.constrains("employees_max", "days")
    def _check_figures(self):
        for row in self:
            if row.employees_max < 0 or row.days <= 0:
                raise ValidationError(
                    self.env._("Auditor-day table: the headcount cannot be negative and the days must be positive.")
                )
