from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertSchemeRequirement(models.Model):
    """For a composite scheme (十二星): a certificate of another scheme, at least at a level, held at once."""

    _name = "cert.scheme.requirement"
    _description = "Composite Scheme Requirement"
    _order = "scheme_id, id"

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    required_scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="restrict")
    required_level_id = fields.Many2one(
        "cert.level",
        required=True,
        ondelete="restrict",
        domain="[('scheme_id', '=', required_scheme_id)]",
        help="The minimum level that must be held (a higher one qualifies too).",
    )

    @api.constrains("required_scheme_id", "required_level_id", "scheme_id")
    def _check_requirement(self):
        for req in self:
            if req.required_level_id.scheme_id != req.required_scheme_id:
                raise ValidationError(self.env._("The required level must belong to the required scheme."))
            if req.required_scheme_id == req.scheme_id:
                raise ValidationError(self.env._("A composite scheme cannot require itself."))
