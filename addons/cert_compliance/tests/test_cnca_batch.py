import base64
import io
from datetime import date

import openpyxl
import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .cnca_common import CREDIT_CODE
from .cnca_common import LEAD_NUMBER
from .cnca_common import MEMBER_NUMBER
from .cnca_common import CncaCase


@tagged("post_install", "-at_install")
class TestCncaBatch(CncaCase):
    """The monthly batch against the layout data, column by column; re-reporting of changed records; the
    reported state of each record; the register of what is unreported and overdue."""

    def label(self, layout, model, field, value):
        lang = layout.lang if layout.lang in dict(self.env["res.lang"].get_installed()) else "en_US"
        env = self.env(context=dict(self.env.context, lang=lang))
        return dict(env[model]._fields[field]._description_selection(env))[value]

    def expected_audit(self, layout):
        """What each column of ``layout`` should say of the fixture's audit, written out by hand."""
        audit = self.audit
        return {
            "plan_no": audit.name.replace(" ", "").upper(),
            "organisation": "佛山市美家电器有限公司",
            "credit_code": CREDIT_CODE,
            "scheme": audit.scheme_id.name,
            "audit_type": self.label(layout, "cert.audit", "audit_type", "initial"),
            "audit_mode": "FS01",
            "date_start": "2031-03-03",  # 01:00 UTC is 09:00 in Shanghai
            "date_end": "2031-03-03",
            "sites": ";".join((audit.site_ids or audit.application_id.site_ids).mapped("display_name")),
            "days": f"{audit.days_planned:g}",
            "lead": self.lead.name,
            "team": f"{self.lead.name};{self.auditor_b.name}",
            "team_id_numbers": f"{LEAD_NUMBER};{MEMBER_NUMBER}",
            "score": f"{audit.score:g}",
            "level": audit.proposed_level_id.name or "",
            "certificates": self.certificate.name.upper(),
            "days_team": f"{audit.days_team:g}",
        }

    def test_march_batch_column_by_column(self):
        batch = self.prepare(self.MARCH, "2031-04-02")
        self.assertEqual(batch.state, "prepared")
        self.assertEqual(batch.name, "CNCA 2031-03")
        self.assertEqual(batch.prepared_by_id, self.user_reporting)
        plan_layout, result_layout = self.layouts["audit_plan"], self.layouts["audit_result"]
        expected = self.expected_audit(plan_layout)
        # the audit plan: every column of the layout, in its order, with the value written out above
        plan = self.line_of(batch, "audit_plan", self.audit)
        self.assertEqual(len(plan), 1)
        plan_cells = list(self.cells(plan).items())
        self.assertEqual([code for code, _text in plan_cells], plan_layout.column_ids.sorted("sequence").mapped("code"))
        for code, text in plan_cells:
            self.assertEqual(text, expected[code], f"audit plan column {code}")
        # the audit result
        result = self.line_of(batch, "audit_result", self.audit)
        self.assertEqual(len(result), 1)
        result_cells = list(self.cells(result).items())
        self.assertEqual(
            [code for code, _text in result_cells], result_layout.column_ids.sorted("sequence").mapped("code")
        )
        expected_result = dict(expected, days=expected["days_team"])
        for code, text in result_cells:
            self.assertEqual(text, expected_result[code], f"audit result column {code}")
        # the certificate: a line per status change (issued, suspended)
        events = self.certificate.status_ids.sorted("id")
        self.assertEqual(events.mapped("to_state"), ["valid", "suspended"])
        cert_layout = self.layouts["certificate"]
        today = events[0].date.isoformat()
        for event, status, reason in (
            (events[0], "valid", ""),
            (
                events[1],
                "suspended",
                event_reason := self.env.ref("cert_service.reason_suspension_client_request").name,
            ),
        ):
            line = self.line_of(batch, "certificate", event)
            self.assertEqual(len(line), 1, status)
            cells = self.cells(line)
            self.assertEqual(list(cells), cert_layout.column_ids.sorted("sequence").mapped("code"))
            self.assertEqual(
                cells,
                {
                    "number": self.certificate.name.upper(),
                    "organisation": self.certificate.partner_name,
                    "credit_code": (self.certificate.credit_code or "").upper(),
                    "address": " ".join((self.certificate.partner_address or "").split()),
                    "scheme": f"{self.certificate.standard} {self.certificate.scheme_id.name}".strip(),
                    "scope": "家用电器的售后服务",
                    "level": self.level_five.with_context(lang=cert_layout.lang).name
                    if cert_layout.lang in dict(self.env["res.lang"].get_installed())
                    else self.level_five.name,
                    "issue_date": today,
                    "expiry_date": self.certificate.expiry_date.isoformat(),
                    "status": self.label(cert_layout, "cert.certificate.status", "to_state", status),
                    "status_date": event.date.isoformat(),
                    "reason": reason,
                },
                status,
            )
        self.assertTrue(event_reason)
        # the workbooks: one per data set, the layout's sheet and headers, the lines' cells in order
        fields = {"audit_plan": "plan_xlsx", "audit_result": "result_xlsx", "certificate": "certificate_xlsx"}
        for dataset, layout in self.layouts.items():
            self.assertEqual(batch[f"{fields[dataset]}_name"], f"CNCA_{dataset}_2031-03.xlsx")
            book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch[fields[dataset]])))
            self.assertEqual(book.sheetnames, [layout.sheet_name])
            rows = [[cell.value or "" for cell in row] for row in book[layout.sheet_name].iter_rows()]
            self.assertEqual(rows[0], layout.column_ids.sorted("sequence").mapped("header"), dataset)
            lines = batch.line_ids.filtered(lambda line, d=dataset: line.dataset == d).sorted("sequence")
            self.assertEqual(rows[1:], [[text for _code, text in self.cells(line).items()] for line in lines])
        rows = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch.plan_xlsx))).active.iter_rows(values_only=True)
        self.assertIn(tuple(text or None for _code, text in plan_cells), list(rows))
        # not reported until the officer marks it so
        self.assertFalse(self.audit.with_user(self.user_reporting).cnca_plan_batch_id)

    def test_submit_then_changed_record_reported_again(self):
        march = self.prepare(self.MARCH, "2031-04-02")
        with freeze_time("2031-04-05 03:00:00"):
            march.with_user(self.user_reporting).action_submit()
        self.assertEqual(march.state, "submitted")
        self.assertEqual(march.submitted_by_id, self.user_reporting)
        audit = self.audit.with_user(self.user_reporting)
        self.assertEqual(audit.cnca_plan_batch_id, march)
        self.assertEqual(audit.cnca_result_batch_id, march)
        self.assertEqual(audit.cnca_plan_reported_by_id, self.user_reporting)
        self.assertEqual(str(audit.cnca_plan_reported_date), "2031-04-05 03:00:00")
        status = self.certificate.status_ids[:1].with_user(self.user_reporting)
        self.assertEqual(status.cnca_batch_id, march)
        # a submitted batch never changes
        with self.assertRaisesText(UserError, "cannot prepare it now"):
            march.with_user(self.user_reporting).action_prepare()
        # nothing changed: April has none of these records
        april = self.prepare("2031-04-01", "2031-05-02")
        self.assertFalse(self.line_of(april, "audit_plan", self.audit))
        self.assertFalse(april.line_ids.filtered(lambda line: line.status_id.certificate_id == self.certificate))
        # the client is renamed: the audit's plan and result say another name, the certificate (as issued) not
        self.client_cn.name = "佛山市美家电器服务有限公司"
        may = self.prepare("2031-05-01", "2031-06-02")
        for dataset in ("audit_plan", "audit_result"):
            line = self.line_of(may, dataset, self.audit)
            self.assertEqual(len(line), 1, dataset)
            self.assertTrue(line.change)
            self.assertEqual(self.cells(line)["organisation"], "佛山市美家电器服务有限公司")
        self.assertFalse(may.line_ids.filtered(lambda line: line.status_id.certificate_id == self.certificate))
        # still reported in March until May is submitted
        self.assertEqual(audit.cnca_plan_batch_id, march)
        may.with_user(self.user_reporting).action_submit()
        self.env.invalidate_all()
        self.assertEqual(audit.cnca_plan_batch_id, may)

    def test_missing_required_value_holds_the_record_back(self):
        self.auditor_b.sudo().id_number = False
        self.client_cn.unified_social_credit_code = False
        batch = self.prepare(self.MARCH, "2031-04-02")
        # the platform would refuse the audit without the client's credit code: not in the batch, said why
        self.assertFalse(self.line_of(batch, "audit_plan", self.audit))
        self.assertFalse(self.line_of(batch, "audit_result", self.audit))
        self.assertIn(f"{self.audit.display_name}: 统一社会信用代码", batch.held_back)
        self.assertGreaterEqual(batch.held_back_count, 2)  # the plan and the result
        self.client_cn.unified_social_credit_code = CREDIT_CODE
        batch.with_user(self.user_reporting).action_prepare()
        line = self.line_of(batch, "audit_plan", self.audit)
        self.assertEqual(self.cells(line)["team_id_numbers"], f"{LEAD_NUMBER};")  # the member's place stays
        self.assertNotIn(self.audit.display_name, batch.held_back or "")

    def test_one_batch_per_month_and_no_future_month(self):
        self.prepare(self.MARCH, "2031-04-02")
        with (
            freeze_time("2031-04-02"),
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.cr.savepoint(),
        ):
            self.Batch.with_user(self.user_reporting).create({"period": "2031-03-15"})
        with freeze_time("2031-04-02"), self.assertRaisesText(ValidationError, "has not started"):
            self.Batch.with_user(self.user_reporting).create({"period": "2031-05-01"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.Batch.with_user(self.user_reporting).create({"period": "2020-01-01", "state": "submitted"})

    def test_register_unreported_and_overdue(self):
        Register = self.env["cert.cnca.register"].with_user(self.user_reporting)
        mine = [("audit_id", "=", self.audit.id)]
        with freeze_time("2031-04-10"):
            rows = Register.search(mine)
            self.assertEqual(sorted(rows.mapped("dataset")), ["audit_plan", "audit_result"])
            self.assertEqual(set(rows.mapped("period")), {date(2031, 3, 1)})
            self.assertEqual(set(rows.mapped("due_date")), {date(2031, 4, 10)})
            self.assertFalse(Register.search([*mine, ("overdue", "=", True)]), "due today: not late yet")
        with freeze_time("2031-04-11"):
            self.assertEqual(len(Register.search([*mine, ("overdue", "=", True)])), 2)
            Register.invalidate_model(["overdue", "due_date"])
            self.assertTrue(all(Register.search(mine).mapped("overdue")))
        # the due day is a setting, read through the settings reader
        self.env["ir.config_parameter"].sudo().set_param("cert_compliance.cnca_due_day", "15")
        with freeze_time("2031-04-11"):
            self.assertFalse(Register.search([*mine, ("overdue", "=", True)]))
            Register.invalidate_model(["overdue", "due_date"])
            self.assertEqual(set(Register.search(mine).mapped("due_date")), {date(2031, 4, 15)})
        self.env["ir.config_parameter"].sudo().set_param("cert_compliance.cnca_due_day", "10")
        march = self.prepare(self.MARCH, "2031-04-02")
        march.with_user(self.user_reporting).action_submit()
        Register.invalidate_model()  # the view's rows were read before, in this transaction
        with freeze_time("2031-04-11"):
            self.assertFalse(Register.search([*mine, ("reported", "=", False)]))
            self.assertFalse(Register.search([*mine, ("overdue", "=", True)]))
            self.assertEqual(Register.search(mine).mapped("batch_id"), march)
            self.assertEqual(set(Register.search(mine).mapped("reported_by_id")), {self.user_reporting})

    def test_demo_batch(self):
        batch = self.env.ref("cert_compliance.cnca_batch_demo", raise_if_not_found=False)
        if not batch:
            self.skipTest("needs the demo data")
        self.assertEqual(batch.state, "prepared")
        shunan = self.env.ref("cert_audit.audit_demo_shunan_done")
        plan = self.line_of(batch, "audit_plan", shunan)
        self.assertEqual(len(plan), 1)
        cells = self.cells(plan)
        self.assertEqual(list(cells), self.layouts["audit_plan"].column_ids.sorted("sequence").mapped("code"))
        self.assertEqual(cells["team_id_numbers"], "440106198503122010;44060419790821153X")
        self.assertEqual(cells["audit_mode"], "FS01")
        self.assertEqual(len(self.line_of(batch, "audit_result", shunan)), 1)
        changes = batch.line_ids.filtered(
            lambda line: line.dataset == "certificate"
            and line.status_id.certificate_id.application_id == shunan.application_id
        )
        self.assertEqual(changes.status_id.mapped("to_state"), ["valid", "suspended", "valid"])
