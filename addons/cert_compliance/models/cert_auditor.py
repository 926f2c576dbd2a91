from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import identity

#: the CB manager implies the reporting officer
ID_GROUPS = "cert_compliance.group_cert_reporting_officer"


class CertAuditor(models.Model):
    """The auditor's resident ID number (居民身份证号码) that CNCA's reporting asks for: personal information,
    read and written only by the CB manager and the reporting officer; everyone else sees it masked."""

    _inherit = "cert.auditor"

    id_number = fields.Char("ID Number", groups=ID_GROUPS, copy=False, help="居民身份证号码, as CNCA reports it.")
    id_number_masked = fields.Char("ID Number (masked)", compute="_compute_id_number_masked")

    @api.depends_context("uid")
    def _compute_id_number_masked(self):
        # sudo: the masked form only (first and last four characters) leaves this method
        numbers = {auditor.id: auditor.id_number for auditor in self.sudo()}
        for auditor in self:
            auditor.id_number_masked = identity.mask(numbers.get(auditor.id))

    @api.constrains("id_number")
    def _check_id_number(self):
        for auditor in self.sudo():
            if auditor.id_number and not identity.is_valid(auditor.id_number):
                raise ValidationError(
                    self.env._(
                        "%s: the ID Number is not a valid resident identity number (18 characters, the last "
                        "one a check digit or X).",
                        auditor.name,
                    )
                )
