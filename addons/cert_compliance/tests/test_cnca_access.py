from odoo.tests import tagged

from .cnca_common import LEAD_NUMBER
from .cnca_common import CncaCase


@tagged("security", "post_install", "-at_install")
class TestCncaAccess(CncaCase):
    """Over JSON-RPC, as the web client and external clients call: the batches, their lines (the auditors' ID
    numbers as reported), their workbooks and the register are the CB manager's and the reporting officer's
    only; the layouts are read by officers and corrected by the manager only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch = cls.prepare(cls, cls.MARCH, "2031-04-02")
        cls.others = (
            cls.user_officer,
            cls.user_auditor,
            cls.user_auditor_2,
            cls.user_decision,
            cls.user_finance,
            cls.user_employee,
            cls.user_portal_a,
        )

    def test_reporting_roles_read_the_batch_and_the_numbers(self):
        for user in (self.user_reporting, self.user_manager):
            rows = self.ok(user, "cert.cnca.batch", "read", [self.batch.id], ["name", "state", "line_ids"])
            self.assertEqual(rows[0]["state"], "prepared", user.login)
            lines = self.ok(
                user,
                "cert.cnca.batch.line",
                "search_read",
                [("batch_id", "=", self.batch.id), ("dataset", "=", "audit_plan"), ("audit_id", "=", self.audit.id)],
                ["values_json"],
            )
            self.assertIn(LEAD_NUMBER, lines[0]["values_json"], user.login)
            self.ok(user, "cert.cnca.register", "search_read", [("audit_id", "=", self.audit.id)], ["reported"])
            workbook = self.ok(user, "cert.cnca.batch", "read", [self.batch.id], ["plan_xlsx"])[0]["plan_xlsx"]
            self.assertTrue(workbook, user.login)
            response = self.url_open(f"/web/content/cert.cnca.batch/{self.batch.id}/plan_xlsx?download=true")
            self.assertEqual(response.status_code, 200, user.login)
        # the manager (who reads the audit) sees where its plan was reported
        self.ok(self.user_manager, "cert.audit", "read", [self.audit.id], ["cnca_plan_batch_id"])

    def test_every_other_role_refused(self):
        for user in self.others:
            with self.subTest(user=user.login):
                self.assertAccessRefused(self.call(user, "cert.cnca.batch", "read", [self.batch.id], ["name"]))
                self.assertAccessRefused(self.call(user, "cert.cnca.batch", "search_read", [], ["name"]))
                self.assertAccessRefused(self.call(user, "cert.cnca.batch.line", "search_read", [], ["values_json"]))
                self.assertAccessRefused(self.call(user, "cert.cnca.register", "search_read", [], ["reported"]))
                self.assertAccessRefused(self.call(user, "cert.cnca.batch", "create", {"period": "2020-01-01"}))
                self.assertAccessRefused(self.call(user, "cert.cnca.batch", "action_submit", [self.batch.id]))
                self.assertAccessRefused(self.call(user, "cert.cnca.batch", "read", [self.batch.id], ["plan_xlsx"]))
                response = self.url_open(f"/web/content/cert.cnca.batch/{self.batch.id}/plan_xlsx?download=true")
                self.assertNotEqual(response.status_code, 200, user.login)
                self.assertNotIn(LEAD_NUMBER.encode(), response.content)
        # where the audit is readable, its reported state is not, and the number is masked
        for user in (self.user_officer, self.user_auditor, self.user_decision):
            with self.subTest(user=user.login):
                self.assertAccessRefused(self.call(user, "cert.audit", "read", [self.audit.id], ["cnca_plan_batch_id"]))
                masked = self.ok(user, "cert.auditor", "read", [self.lead.id], ["id_number_masked"])
                self.assertEqual(masked[0]["id_number_masked"], "4401**********1235")

    def test_layouts_corrected_by_the_manager_only(self):
        column = self.layouts["audit_plan"].column_ids[:1]
        for user in (self.user_officer, self.user_reporting):
            self.ok(user, "cert.cnca.layout.column", "read", column.ids, ["header"])
            self.assertAccessRefused(self.call(user, "cert.cnca.layout.column", "write", column.ids, {"header": "X"}))
        self.ok(self.user_manager, "cert.cnca.layout.column", "write", column.ids, {"header": "审核计划编号（新）"})
        self.assertEqual(column.header, "审核计划编号（新）")
        # a source that is no field of the record is refused by name
        self.assertRefused(
            self.call(self.user_manager, "cert.cnca.layout.column", "write", column.ids, {"field_path": "no_such"}),
            "no_such",
        )

    def test_only_the_reporting_roles_move_the_batch(self):
        self.ok(self.user_reporting, "cert.cnca.batch", "action_prepare", [self.batch.id])
        self.ok(self.user_reporting, "cert.cnca.batch", "action_submit", [self.batch.id])
        self.assertEqual(self.batch.state, "submitted")
        self.assertRefused(
            self.call(self.user_manager, "cert.cnca.batch", "write", [self.batch.id], {"state": "draft"}),
            "Status",
            exception="odoo.exceptions.UserError",
        )
