from odoo import fields
from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    # printed in the visible signature block of every signed certificate PDF: public, as the PDF is
    cert_esign_seal = fields.Image("Electronic Seal (电子印章)", max_width=512, max_height=512)
