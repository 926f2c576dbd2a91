from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_verify_max_failures = fields.Integer(
        "Failed Look-ups Allowed",
        config_parameter="cert_portal.verify_max_failures",
        default=20,
        help="Failed public certificate look-ups allowed per client IP within the window; above, the page answers "
        "'too many requests'.",
    )
    cert_verify_window_minutes = fields.Integer(
        "Look-up Window (minutes)",
        config_parameter="cert_portal.verify_window_minutes",
        default=10,
        help="The period over which failed public look-ups are counted.",
    )
