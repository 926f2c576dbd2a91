from odoo import fields
from odoo import models


class ResCompany(models.Model):
    """The certification body's identity as its certificates and public pages print it (domain.md §7)."""

    _inherit = "res.company"

    cert_name_en = fields.Char(
        "English Name", help="The certification body's English name, printed after its Chinese name."
    )
    cert_approval_number = fields.Char(
        "CNCA Approval Number", help="批准号: the approval of the certification body by CNCA (e.g. CNCA-R-2016-240)."
    )
    cert_credit_code = fields.Char(
        "Unified Social Credit Code",
        related="partner_id.unified_social_credit_code",
        readonly=False,
        help="统一社会信用代码 of the certification body.",
    )
