from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertScheme(models.Model):
    """The scheme's rules for its certificates' life (domain.md §7/§8): defaults a CB manager changes."""

    _inherit = "cert.scheme"

    suspension_max_months = fields.Integer(
        default=6, required=True, help="A suspended certificate must be restored or withdrawn within this period."
    )
    reapplication_block_months = fields.Integer(
        default=12, required=True, help="After a withdrawal the organisation cannot apply again for this long."
    )
    recertification_lead_months = fields.Integer(
        default=6, required=True, help="The recertification audit is planned this many months before expiry."
    )
    surveillance_reminder_first_days = fields.Integer(
        default=60, required=True, help="First reminder, days before the surveillance window opens."
    )
    surveillance_reminder_second_days = fields.Integer(
        default=30, required=True, help="Second reminder, days before the surveillance window opens."
    )
    surveillance_plan_days = fields.Integer(
        default=60, required=True, help="The surveillance audit is created (draft) this many days before its window."
    )

    @api.constrains(
        "suspension_max_months",
        "reapplication_block_months",
        "recertification_lead_months",
        "surveillance_reminder_first_days",
        "surveillance_reminder_second_days",
        "surveillance_plan_days",
    )
    def _check_certificate_rules(self):
        for scheme in self:
            figures = (
                scheme.suspension_max_months,
                scheme.reapplication_block_months,
                scheme.recertification_lead_months,
                scheme.surveillance_reminder_first_days,
                scheme.surveillance_reminder_second_days,
                scheme.surveillance_plan_days,
            )
            if min(figures) < 0 or scheme.suspension_max_months == 0:
                raise ValidationError(
                    self.env._(
                        "%s: the certificate periods cannot be negative and the maximum suspension must be positive.",
                        scheme.display_name,
                    )
                )
