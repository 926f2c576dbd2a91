from datetime import timedelta

from odoo import fields
from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.exceptions import AccessError
from odoo.tests import HttpCase
from odoo.tests import tagged

from .common import CertSurveyCase


@tagged("post_install", "-at_install")
class TestCustomerPrivacy(CertSurveyCase):
    """Names and phones: clear for the open audit's team only, masked for every other role, erased in time."""

    def setUp(self):
        super().setUp()
        self.orders = self.import_orders(40)
        self.order = self.orders.filtered(lambda o: o.order_ref == "SO00007")

    def shown(self, user):
        order = self.order.with_user(user)
        return order.customer_name_shown, order.customer_phone_shown

    def test_team_sees_clear_others_masked(self):
        clear = ("顾客00007", "13800000007")
        masked = ("顾******", "138****0007")
        self.assertEqual(self.shown(self.user_auditor), clear)
        self.assertEqual(self.shown(self.user_auditor_2), clear)
        self.assertEqual(self.shown(self.user_officer), masked, "an officer outside the team")
        self.assertEqual(self.shown(self.user_manager), masked)
        for user in (
            self.user_auditor_3,
            self.user_decision,
            self.user_finance,
            self.user_employee,
            self.user_portal_a,
        ):
            with self.assertRaises(AccessError, msg=user.login):
                self.order.with_user(user).read(["order_ref"])
        for user in (self.user_auditor, self.user_officer):
            with self.assertRaises(AccessError, msg=user.login):
                self.order.with_user(user).read(["customer_name"])
        self.audit.with_user(self.user_auditor).action_draw_sample()
        line = self.audit.sample_line_ids[:1]
        clear_name = line.order_id.sudo().customer_name
        self.assertEqual(line.with_user(self.user_auditor).customer_name_shown, clear_name)
        self.assertNotEqual(line.with_user(self.user_officer).customer_name_shown, clear_name, "sample lines too")
        self.assertTrue(line.with_user(self.user_officer).customer_phone_shown.count("*") >= 4)
        listed = self.orders.with_user(self.user_officer).search_read(
            [("audit_id", "=", self.audit.id)], ["customer_name_shown", "customer_phone_shown"]
        )
        self.assertEqual(len(listed), 40)
        self.assertFalse([row for row in listed if row["customer_name_shown"].startswith("顾客")], "lists are masked")

    def test_masked_once_the_audit_is_over(self):
        self.score_fully(self.audit)
        self.audit.with_user(self.user_auditor).action_report()
        self.assertEqual(self.shown(self.user_auditor)[0], "顾客00007", "reported: the audit is still open")
        self.audit.with_user(self.user_officer).action_close()
        self.assertEqual(self.shown(self.user_auditor), ("顾******", "138****0007"))

    def test_erasure_leaves_no_name_or_phone(self):
        self.audit.with_user(self.user_auditor).action_draw_sample()
        line = self.audit.sample_line_ids.filtered(lambda line: line.order_id == self.order)
        if not line or line.role != "sample":
            line = self.audit.sample_line_ids.filtered(lambda line: line.role == "sample")[0]
        order = line.order_id.sudo()
        name, phone = order.customer_name, order.customer_phone
        user_input = self.answer(line, {"reached": "yes", "satisfaction": "4"})
        comment = self.survey.question_ids.filtered(lambda q: q.question_type == "text_box")
        user_input._save_lines(comment, f"{name} asked to be called back on {phone}.")
        self.audit.message_post(body=f"Call-back of {name}")
        self.audit.with_user(self.user_auditor).action_propose_basis()
        outcomes_before = len(self.audit.survey_outcome_ids)
        self.score_fully(self.audit)
        self.audit.with_user(self.user_auditor).action_report()
        decision = self.Decision.with_user(self.user_decision).create(
            {"audit_id": self.audit.id, "outcome": "grant", "level_id": self.level_five.id, "reasons": "Report."}
        )
        self.env["cert.audit"]._cron_erase_customer_data()
        self.assertFalse(self.audit.service_order_ids.filtered("erased"), "within the retention period: kept")
        decision.sudo().decision_date = fields.Date.today() - timedelta(days=400)
        self.assertEqual(self.env["cert.audit"]._cron_erase_customer_data(batch=7), 40)
        self.env.flush_all()
        self.assertTrue(all(self.audit.service_order_ids.mapped("erased")))
        cr = self.env.cr
        for identity in (name, phone):
            for table, column in (
                ("cert_service_order", "customer_name"),
                ("cert_service_order", "customer_phone"),
                ("survey_user_input_line", "value_text_box"),
                ("survey_user_input_line", "value_char_box"),
                ("mail_message", "body"),
                ("mail_tracking_value", "old_value_char"),
                ("mail_tracking_value", "new_value_char"),
            ):
                cr.execute(f"SELECT count(*) FROM {table} WHERE {column}::text LIKE %s", [f"%{identity}%"])  # noqa: S608
                self.assertEqual(cr.fetchone()[0], 0, f"{identity} still in {table}.{column}")
        self.assertEqual(len(self.audit.survey_outcome_ids), outcomes_before, "the results stay")
        self.assertEqual(user_input.state, "done")
        self.assertTrue(user_input.user_input_line_ids, "the answers stay, without identity")
        self.assertEqual(self.order.with_user(self.user_officer).customer_name_shown, "")


@tagged("post_install", "-at_install")
class TestCustomerPrivacyRpc(RpcMixin, HttpCase, CertSurveyCase):
    """Over JSON-RPC as over the ORM: the stored personal fields are refused, the shown ones masked."""

    def test_jsonrpc(self):
        self.import_orders(12)
        order = self.audit.service_order_ids[:1]
        name = order.sudo().customer_name
        rows = self.ok(
            "cb_officer", "cert.service.order", "search_read", [("id", "=", order.id)], ["customer_name_shown"]
        )
        self.assertNotEqual(rows[0]["customer_name_shown"], name)
        self.assertTrue(rows[0]["customer_name_shown"].endswith("*"))
        rows = self.ok(
            "cb_auditor", "cert.service.order", "search_read", [("id", "=", order.id)], ["customer_name_shown"]
        )
        self.assertEqual(rows[0]["customer_name_shown"], name)
        self.assertAccessRefused(
            self.call("cb_officer", "cert.service.order", "read", order.ids, fields=["customer_name"])
        )
