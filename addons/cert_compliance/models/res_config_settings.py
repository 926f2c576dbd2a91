from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import complaints
from ..lib import impartiality

#: who may be the programme manager: the CB's officers and managers (internal users)
PROGRAMME_MANAGER_GROUPS = ("cert_service.group_cert_officer", "cert_service.group_cert_manager")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_programme_manager_id = fields.Many2one(
        "res.users",
        "Programme Manager",
        config_parameter="cert_compliance.programme_manager_id",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", [self.env.ref(group).id for group in PROGRAMME_MANAGER_GROUPS]),
        ],
        help="Gets an activity with each warning that an auditor's qualification expires soon (the auditor gets "
        "one too); the first CB manager when empty.",
    )

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

    cert_cnca_due_day = fields.Integer(
        "CNCA Reporting Due Day",
        config_parameter="cert_compliance.cnca_due_day",
        default=10,
        help="Each month's data is due on this day of the next month (the reporting rules say the 10th).",
    )
    cert_cnca_officer_id = fields.Many2one(
        related="company_id.cert_cnca_officer_id", readonly=False, string="CNCA Reporting Officer"
    )

    @api.constrains("cert_cnca_due_day")
    def _check_cert_cnca_due_day(self):
        for settings in self:
            if not 1 <= settings.cert_cnca_due_day <= 31:
                raise ValidationError(self.env._("CNCA Reporting Due Day: a day from 1 to 31."))

    cert_impartiality_threshold = fields.Float(
        "Consultancy Revenue Warning (%)",
        config_parameter="cert_compliance.impartiality_threshold",
        default=impartiality.DEFAULT_THRESHOLD,
        help="The CB manager is warned when the clients one consultancy referred bring more than this share of "
        "the CB's revenue over the last twelve months (posted invoices net of credit notes).",
    )

    @api.constrains("cert_impartiality_threshold")
    def _check_cert_impartiality_threshold(self):
        for settings in self:
            if not 0 <= settings.cert_impartiality_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "%s is a percentage: between 0 and 100.",
                        self._fields["cert_impartiality_threshold"]._description_string(self.env),
                    )
                )
