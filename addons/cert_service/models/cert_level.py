from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertLevel(models.Model):
    """A grade of a scheme (达标 / 三星 / 四星 / 五星 …): reached by a score at or above ``min_score``."""

    _name = "cert.level"
    _description = "Certification Level"
    _order = "scheme_id, min_score, id"

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    stars = fields.Integer(help="Stars drawn on the certificate (0 for the compliant level 达标).")
    min_score = fields.Float("Minimum Score", digits=(5, 1), required=True, help="Inclusive lower bound.")
    min_operation_months = fields.Integer(
        help="Months the client's service system must have run to be granted this level (七星: 12).",
    )
    stars_display = fields.Char(compute="_compute_stars_display")

    @api.depends("stars")
    def _compute_stars_display(self):
        for level in self:
            level.stars_display = "★" * level.stars if level.stars > 0 else ""

    @api.constrains("stars", "min_score", "min_operation_months")
    def _check_figures(self):
        for level in self:
            if level.stars < 0 or level.min_score < 0 or level.min_operation_months < 0:
                raise ValidationError(self.env._("%s: stars, minimum score and months cannot be negative.", level.name))

    @api.constrains("min_score", "stars", "scheme_id")
    def _check_active_scheme(self):
        self.scheme_id.filtered(lambda s: s.state == "active")._check_consistency()
