from odoo import fields
from odoo import models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cert_key = fields.Char(
        "Certification Key", help="Names the question for the scheme's indicator mapping (e.g. reached, on_time)."
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    cert_key = fields.Char("Certification Key", help="Names the answer for the mapping (e.g. yes, no, 1 … 5).")
