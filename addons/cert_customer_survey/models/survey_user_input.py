from odoo import fields
from odoo import models


class SurveyUserInput(models.Model):
    """An answer of a call-back or of a mystery visit: linked to its audit and to its sample line or visit."""

    _inherit = "survey.user_input"

    cert_audit_id = fields.Many2one("cert.audit", "Audit", readonly=True, index="btree_not_null", ondelete="cascade")
    cert_sample_line_id = fields.Many2one("cert.service.sample.line", "Call-back", readonly=True, ondelete="set null")
    cert_visit_id = fields.Many2one("cert.mystery.visit", "Mystery Visit", readonly=True, ondelete="set null")

    def _cert_open_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": f"/survey/{self.survey_id.access_token}/{self.access_token}",
        }

    def _cert_answers(self):
        """{question key: answer key} of the keyed simple-choice questions answered."""
        answers = {}
        for line in self.user_input_line_ids:
            key = line.question_id.cert_key
            if key and line.answer_type == "suggestion" and line.suggested_answer_id.cert_key:
                answers[key] = line.suggested_answer_id.cert_key
        return answers

    def _mark_done(self):
        res = super()._mark_done()
        for answer in self.filtered("cert_sample_line_id"):
            # the call is recorded when its questionnaire is done: reached unless it says otherwise
            answer.cert_sample_line_id._survey_record_outcome(answer._cert_answers().get("reached", "yes") != "no")
        self.filtered("cert_visit_id").cert_visit_id._survey_record_done()
        return res

    def _cert_demo_answer(self, survey, answers):
        """Demo data only: answer the keyed questions ({question key: answer key}) and finish."""
        for key, value in answers.items():
            question = survey.question_ids.filtered(lambda q, key=key: q.cert_key == key)
            choice = question.suggested_answer_ids.filtered(lambda a, value=value: a.cert_key == value)
            self._save_lines(question, choice.id)
        self._mark_done()
