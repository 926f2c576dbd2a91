import base64
import csv
import io

from odoo.addons.cert_audit.tests.execution_common import CertExecutionCase

HEADER = ["客户", "电话", "日期", "网点", "服务类型", "单号"]


class CertSurveyCase(CertExecutionCase):
    """A started audit of Client A (headquarters and four outlets) with a lead auditor and an auditor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls.start_audit(app=cls.app_a)
        cls.outlets = cls.app_a.site_ids.filtered(lambda site: site.site_type == "outlet")
        cls.Order = cls.env["cert.service.order"]
        cls.SampleLine = cls.env["cert.service.sample.line"]
        cls.survey = cls.env.ref("cert_customer_survey.survey_callback_gbt27922")

    @staticmethod
    def rows(count, outlets, prefix="SO"):
        """``count`` good rows spread over ``outlets`` (names), customer i with phone 1380000iiii."""
        return [
            [f"顾客{i:05d}", f"138{i:08d}", "2025-03-01", outlets[i % len(outlets)], "维修", f"{prefix}{i:05d}"]
            for i in range(count)
        ]

    @staticmethod
    def csv_file(rows, header=None):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header or HEADER, *rows])
        return base64.b64encode(buffer.getvalue().encode())

    def import_file(self, data, user=None, filename="orders.csv", audit=None):
        wizard = (
            self.env["cert.service.order.import"]
            .with_user(user or self.user_auditor)
            .create({"audit_id": (audit or self.audit).id, "file": data, "filename": filename})
        )
        return wizard.action_import()

    def import_orders(self, count=120, audit=None):
        names = self.outlets.mapped("name")
        self.import_file(self.csv_file(self.rows(count, names)), audit=audit)
        return (audit or self.audit).service_order_ids

    def answer(self, line, answers, user=None):
        """Record the call of ``line`` with ``answers`` ({question key: answer key}) and finish it."""
        line.with_user(user or self.user_auditor).action_start_call()
        user_input = line.sudo().user_input_id  # the survey's own pages work with the answer's token
        survey = user_input.survey_id
        for key, value in answers.items():
            question = survey.question_ids.filtered(lambda q, key=key: q.cert_key == key)
            choice = question.suggested_answer_ids.filtered(lambda a, value=value: a.cert_key == value)
            user_input._save_lines(question, choice.id)
        user_input._mark_done()
        return user_input
