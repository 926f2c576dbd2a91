import json

from freezegun import freeze_time

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ComplaintCase

LEAD_NUMBER = "440106199001011235"
MEMBER_NUMBER = "11010519491231002X"
CREDIT_CODE = "91440604MA4UL2X7QQ"


class CncaCase(ComplaintCase):
    """The complaint fixture (an audit of 佛山市美家电器 on 2031-03-03, reported; its certificate issued), with the
    team's ID numbers, the client's credit code, a suspension of the certificate and a reporting officer."""

    MARCH = "2031-03-01"

    @classmethod
    def start_audit(cls, app=None, start=None, team=None):
        # the client's credit code before anything is issued: the certificate carries it as issued
        cls.client_cn.unified_social_credit_code = CREDIT_CODE
        return super().start_audit(app=app, start=start, team=team)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_reporting = mail_new_test_user(
            cls.env, login="cb_reporting", name="Cb Reporting", groups="cert_compliance.group_cert_reporting_officer"
        )
        cls.lead.sudo().id_number = LEAD_NUMBER
        cls.auditor_b.sudo().id_number = MEMBER_NUMBER
        wizard = cls.certificate.with_user(cls.user_officer).action_suspend()
        cls.env[wizard["res_model"]].with_user(cls.user_officer).with_context(**wizard["context"]).create(
            {"reason_id": cls.env.ref("cert_service.reason_suspension_client_request").id, "note": "停业装修"}
        ).action_confirm()
        cls.Batch = cls.env["cert.cnca.batch"]
        cls.layouts = {
            dataset: cls.env["cert.cnca.layout"]._for(dataset)
            for dataset in ("audit_plan", "audit_result", "certificate")
        }

    def prepare(self, period, today, user=None):
        with freeze_time(today):
            batch = self.Batch.with_user(user or self.user_reporting).create({"period": period})
            batch.action_prepare()
        return batch

    @staticmethod
    def cells(line):
        return dict(json.loads(line.values_json))

    @staticmethod
    def line_of(batch, dataset, record):
        return batch.line_ids.filtered(lambda line: line.dataset == dataset and line.res_id == record.id)
