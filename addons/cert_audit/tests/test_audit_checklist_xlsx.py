import base64
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase

COLUMNS = {"sample_size": 5, "nonconforming": 6, "points": 7, "excluded": 8, "exclusion_reason": 9, "note": 10}


@tagged("post_install", "-at_install")
class TestChecklistXlsx(CertExecutionCase):
    def export(self, audit):
        action = audit.with_user(self.user_auditor).action_export_checklist()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        return openpyxl.load_workbook(io.BytesIO(attachment.raw))

    def fill(self, book, rows):
        sheet = book.active
        by_code = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
        for row in rows:
            for key, column in COLUMNS.items():
                if key in row:
                    sheet.cell(row=by_code[row["code"]], column=column, value=row[key])
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()

    def upload(self, audit, content, user=None):
        wizard = (
            self.env["cert.audit.checklist.import"]
            .with_user(user or self.user_auditor)
            .create({"audit_id": audit.id, "file": base64.b64encode(content), "filename": "filled.xlsx"})
        )
        return wizard.action_import()

    def test_round_trip_gives_the_same_score_as_by_hand(self):
        offline = self.start_audit()
        book = self.export(offline)
        header = [c.value for c in book.active[1]]
        self.assertEqual(header[:3], ["Code", "Indicator", "Max"])
        self.assertEqual(book.active.max_row, 16)
        self.upload(offline, self.fill(book, E2E_ROWS))
        self.assertTrue(offline.score_complete)

        by_hand = self.start_audit(app=self.app_b, start=self.later(14), team=[(self.auditor_d, "lead")])
        for row in E2E_ROWS:
            line = self.line(by_hand, row["code"]).with_user(self.user_auditor_4)
            if row.get("excluded"):
                line.write({"excluded": True, "exclusion_reason": row["exclusion_reason"]})
            elif "sample_size" in row:
                line.write({"sample_size": row["sample_size"], "nonconforming_count": row["nonconforming"]})
            else:
                line.write({"points": row["points"]})
        self.assertEqual(offline.score, by_hand.score)
        self.assertAlmostEqual(offline.score, 96.2)
        self.assertEqual(offline.proposed_level_id, by_hand.proposed_level_id)
        self.assertEqual(self.line(offline, "5.2.6").exclusion_reason, E2E_ROWS[12]["exclusion_reason"])

        # The exported sheet of a scored checklist imports back to the same figures.
        self.upload(offline, self.fill(self.export(offline), []))
        self.assertEqual(offline.score, by_hand.score)

    def test_one_bad_row_changes_nothing_and_is_named(self):
        audit = self.start_audit()
        rows = [dict(r) for r in E2E_ROWS]
        rows[0] = {"code": "5.1.1", "points": 7}
        rows[12] = {"code": "5.2.6", "excluded": "yes", "exclusion_reason": ""}
        book = self.export(audit)
        book.active.cell(row=17, column=1, value="9.9.9")
        with self.assertRaisesText(UserError, "Row 2: 5.1.1: 7 points is outside 0 to 6") as caught:
            self.upload(audit, self.fill(book, rows))
        message = str(caught.exception)
        self.assertIn("Row 14: 5.2.6 is excluded without a reason", message)
        self.assertIn("Row 17: 9.9.9 is not an indicator", message)
        self.assertEqual(audit.score_to_do, 15)
        self.assertFalse(any(audit.score_line_ids.mapped("scored")))

    def test_not_an_xlsx_and_not_in_progress(self):
        audit = self.start_audit()
        with self.assertRaisesText(UserError, "not an XLSX"):
            self.upload(audit, b"plain text")
        audit.with_user(self.user_officer).action_cancel()
        # a cancelled audit takes no checklist: even the officer, who still sees the audit, is refused
        with self.assertRaisesText(UserError, "not in progress"):
            self.upload(audit, b"plain text", user=self.user_officer)
