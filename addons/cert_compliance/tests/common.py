import re

from odoo.addons.cert_audit.tests.execution_common import E2E_ROWS
from odoo.addons.cert_audit.tests.execution_common import CertExecutionCase
from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.addons.cert_service.tests.rpc_common import error_name
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase


class ComplaintCase(RpcMixin, CertExecutionCase, HttpCase):
    """A client's issued certificate: a reported audit (lead: cb_auditor, auditor: cb_auditor_2), a grant
    decided by cb_decision; a second officer and a second decision maker involved in nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_cn.scope = "家用电器的售后服务"
        cls.audit = cls.start_audit()
        cls.audit._apply_checklist_rows([dict(row) for row in E2E_ROWS])
        cls.audit.with_user(cls.user_auditor).action_report()
        cls.decision = (
            cls.env["cert.decision"]
            .with_user(cls.user_decision)
            .create(
                {"audit_id": cls.audit.id, "outcome": "grant", "level_id": cls.level_five.id, "reasons": "Score 95."}
            )
        )
        cls.decision.with_user(cls.user_decision).action_confirm()
        cls.certificate = cls.decision.certificate_ids
        cls.certificate.with_user(cls.user_officer).action_issue()
        cls.user_officer_2 = mail_new_test_user(
            cls.env, login="cb_officer_2", name="Cb Officer 2", groups="cert_service.group_cert_officer"
        )
        cls.user_decision_2 = mail_new_test_user(
            cls.env, login="cb_decision_2", name="Cb Decision 2", groups="cert_service.group_cert_decision"
        )
        cls.Complaint = cls.env["cert.complaint"]

    def rpc(self, login, model, method, args, kwargs=None):
        """``method`` over JSON-RPC as ``login``: (error class name or None, result)."""
        answer = self.call(login, model, method, *args, **(kwargs or {}))
        return error_name(answer), answer.get("result")

    def rpc_ok(self, login, model, method, args, kwargs=None):
        error, result = self.rpc(login, model, method, args, kwargs)
        self.assertIsNone(error, f"{login}: {model}.{method}")
        return result

    def csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def sent_mails(self, case, subject_part):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "cert.complaint"),
                    ("res_id", "=", case.id),
                    ("email_to", "!=", False),
                    ("subject", "ilike", subject_part),
                ]
            )
        )
