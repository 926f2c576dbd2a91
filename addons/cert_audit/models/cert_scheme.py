from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertScheme(models.Model):
    _inherit = "cert.scheme"

    finding_major_days = fields.Integer(
        "Days to Correct a Major Finding", default=30, help="Default deadline after the audit's last day."
    )
    finding_minor_days = fields.Integer(
        "Days to Correct a Minor Finding", default=60, help="Default deadline after the audit's last day."
    )
    finding_repeat_days = fields.Integer(
        "Days Before a Repeat Audit",
        default=90,
        help="A major finding still open this many days after the audit means the on-site audit is repeated.",
    )

    @api.constrains("finding_major_days", "finding_minor_days", "finding_repeat_days")
    def _check_finding_days(self):
        for scheme in self:
            if min(scheme.finding_major_days, scheme.finding_minor_days, scheme.finding_repeat_days) < 0:
                raise ValidationError(self.env._("%s: the finding deadlines cannot be negative.", scheme.display_name))
