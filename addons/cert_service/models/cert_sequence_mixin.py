from odoo import api
from odoo import fields
from odoo import models


class CertSequenceMixin(models.AbstractModel):
    """A number from the ``ir.sequence`` of ``_cert_sequence_code``, taken when a record is created as "New"."""

    _name = "cert.sequence.mixin"
    _description = "Certification Numbering"
    _cert_sequence_code = None

    name = fields.Char(
        "Number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"), index="trigram"
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # copies: Odoo retries a call with the same dicts
        new = self.env._("New")
        if any(vals.get("name", new) == new for vals in vals_list):
            self.check_access("create")
            # sudo: the caller may create these records (checked right above); a no-gap sequence is written
            # to, which only the system may do
            sequence = self.env["ir.sequence"].sudo()
            for vals in vals_list:
                if vals.get("name", new) == new:
                    vals["name"] = sequence.next_by_code(self._cert_sequence_code) or "/"
        return super().create(vals_list)
