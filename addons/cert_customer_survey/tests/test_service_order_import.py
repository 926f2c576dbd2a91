import base64
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HEADER
from .common import CertSurveyCase


@tagged("post_install", "-at_install")
class TestServiceOrderImport(CertSurveyCase):
    """The client's service orders: a good file imports whole, a file with a bad row imports nothing."""

    def test_good_csv(self):
        orders = self.import_orders(30)
        self.assertEqual(len(orders), 30)
        first = orders.filtered(lambda o: o.order_ref == "SO00001").with_user(self.user_auditor)
        self.assertEqual(first.site_id, self.outlets[1])
        self.assertEqual(str(first.service_date), "2025-03-01")
        self.assertEqual(first.customer_name_shown, "顾客00001")
        self.assertEqual(first.customer_phone_shown, "13800000001")
        self.assertIn("30", self.audit.message_ids[0].body)

    def test_good_xlsx(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER)
        sheet.append(["李四", 13912345678, "2025-04-02", self.outlets[0].name, "安装", "X-1"])
        buffer = io.BytesIO()
        book.save(buffer)
        self.import_file(base64.b64encode(buffer.getvalue()), filename="orders.xlsx", user=self.user_officer)
        order = self.audit.service_order_ids
        self.assertEqual(order.order_ref, "X-1")
        self.assertEqual(order.sudo().customer_phone, "13912345678")

    def test_bad_rows_named_nothing_imported(self):
        names = self.outlets.mapped("name")
        rows = self.rows(20, names)
        rows[4][2] = "2025-13-01"  # row 6 of the file
        rows[9][3] = "海珠店"  # row 11
        rows[14][1] = "not a phone"  # row 16
        with self.assertRaises(ValidationError) as caught:
            self.import_file(self.csv_file(rows))
        message = str(caught.exception)
        self.assertIn("Row 6", message)
        self.assertIn("2025-13-01", message)
        self.assertIn("Row 11", message)
        self.assertIn("海珠店", message)
        self.assertIn("Row 16", message)
        self.assertFalse(self.audit.service_order_ids, "nothing is imported from a file with a bad row")

    def test_missing_column_and_empty_file(self):
        with self.assertRaisesRegex(ValidationError, "outlet"):
            self.import_file(
                self.csv_file([["张三", "13812345678", "2025-03-01", "SO1"]], ["客户", "电话", "日期", "单号"])
            )
        with self.assertRaisesRegex(ValidationError, "no service orders"):
            self.import_file(self.csv_file([]))
        self.assertFalse(self.audit.service_order_ids)

    def test_reference_imported_twice(self):
        self.import_orders(12)
        with self.assertRaisesRegex(ValidationError, "SO00003"):
            self.import_orders(5)
        self.assertEqual(len(self.audit.service_order_ids), 12)

    def test_only_team_or_officer_imports(self):
        data = self.csv_file(self.rows(3, self.outlets.mapped("name")))
        with self.assertRaises(AccessError):
            self.import_file(data, user=self.user_auditor_3)
        with self.assertRaisesRegex(UserError, "cannot be changed directly"):
            self.env["cert.service.order"].with_user(self.user_auditor).create(
                {
                    "audit_id": self.audit.id,
                    "site_id": self.outlets[0].id,
                    "service_date": "2025-01-01",
                    "order_ref": "R",
                }
            )
        self.assertFalse(self.audit.service_order_ids)

    def test_import_refused_on_a_reported_audit(self):
        audit = self.start_audit(app=self.app_a, start=self.later(14))
        self.score_fully(audit)
        audit.with_user(self.user_officer).action_report()
        with self.assertRaises(UserError):
            self.import_orders(3, audit=audit)

    def test_orders_cannot_be_edited(self):
        order = self.import_orders(3)[:1]
        with self.assertRaisesRegex(UserError, "cannot be changed directly"):
            order.with_user(self.user_auditor).write({"order_ref": "changed"})
        with self.assertRaisesRegex(UserError, "cannot be changed directly"):
            # even a sudo write goes through the workflow guard: the population is what was imported
            order.sudo().write({"site_id": self.outlets[2].id})
