from odoo import fields
from odoo import models

from .cert_cnca_reported import REPORTING


class ResCompany(models.Model):
    _inherit = "res.company"

    cert_cnca_officer_id = fields.Many2one(
        "res.users",
        "CNCA Reporting Officer",
        domain=lambda self: [("groups_id", "in", self.env.ref(REPORTING).ids)],
        help="Gets the activity to report each month's batch; the first CB manager when empty.",
    )
