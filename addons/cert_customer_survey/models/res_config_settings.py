from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_customer_retention_days = fields.Integer(
        "Customer Data Retention (days)",
        config_parameter="cert_customer_survey.retention_days",
        default=365,
        help="The names and phone numbers of the customers called back are erased this many days after the "
        "certification decision; the results stay.",
    )
