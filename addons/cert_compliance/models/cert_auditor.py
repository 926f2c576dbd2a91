from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import identity

#: the CB manager implies the reporting officer
ID_GROUPS = "cert_compliance.group_cert_reporting_officer"
#: who reads the audit assignments (cert.audit.member's access rights)
ASSIGNMENT_READERS = (
    "cert_service.group_cert_officer,cert_service.group_cert_auditor,cert_service.group_cert_decision,"
    "cert_service.group_cert_finance"
)


class CertAuditor(models.Model):
    """The auditor's resident ID number (居民身份证号码) that CNCA's reporting asks for: personal information,
    read and written only by the CB manager and the reporting officer; everyone else sees it masked."""

    _inherit = "cert.auditor"

    # the reporting officer reads the auditors for CNCA's reports, not the audit programme: the assignments name
    # their readers, so that he reads an auditor without them instead of being refused the auditor
    member_ids = fields.One2many(groups=ASSIGNMENT_READERS)
    audit_count = fields.Integer(groups=ASSIGNMENT_READERS)
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
