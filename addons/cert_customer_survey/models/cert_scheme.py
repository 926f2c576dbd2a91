from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertScheme(models.Model):
    _inherit = "cert.scheme"

    callback_sample_size = fields.Integer(
        "Call-back Sample Size",
        help="Customers to call per audit; 0: the square root of the service orders, rounded up.",
    )
    callback_sample_minimum = fields.Integer(
        "Call-back Sample Minimum", default=10, help="Never fewer customers than this (all of them when fewer)."
    )
    callback_survey_id = fields.Many2one(
        "survey.survey", string="Call-back Questionnaire", help="What the auditor asks each customer called back."
    )
    mystery_survey_id = fields.Many2one(
        "survey.survey", string="Mystery Visit Questionnaire", help="What the auditor records of each visit."
    )
    survey_indicator_map_ids = fields.One2many(
        "cert.survey.indicator.map", "scheme_id", string="Questions Feeding the Indicators"
    )

    @api.constrains("callback_sample_size", "callback_sample_minimum")
    def _check_callback_sample(self):
        for scheme in self:
            for name in ("callback_sample_size", "callback_sample_minimum"):
                if scheme[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(scheme)s: %(field)s cannot be negative.",
                            scheme=scheme.display_name,
                            field=self._fields[name]._description_string(self.env),
                        )
                    )
