from odoo import fields
from odoo import models

from ..lib import complaints


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_complaint_ack_days = fields.Integer(
        "Complaint Acknowledgement (days)",
        config_parameter="cert_compliance.complaint_ack_days",
        default=complaints.DEFAULT_ACK_DAYS,
        help="A complaint is acknowledged within this many days of its receipt.",
    )
    cert_complaint_decision_days = fields.Integer(
        "Complaint Decision (days)",
        config_parameter="cert_compliance.complaint_decision_days",
        default=complaints.DEFAULT_DECISION_DAYS,
        help="A complaint is decided within this many days of its receipt.",
    )

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
