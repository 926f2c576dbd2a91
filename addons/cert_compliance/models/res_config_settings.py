from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_complaint_max_per_ip = fields.Integer(
        "Public Complaints Allowed",
        config_parameter="cert_compliance.complaint_max_per_ip",
        default=5,
        help="Complaints accepted from the public page per client IP within the window.",
    )
    cert_complaint_window_minutes = fields.Integer(
        "Complaint Window (minutes)",
        config_parameter="cert_compliance.complaint_window_minutes",
        default=60,
        help="The period over which public complaints are counted.",
    )
