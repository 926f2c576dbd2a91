"""Every role can do its job, and bad input is refused clearly — through the external API (JSON-RPC)."""

import base64
import io
from datetime import date

import openpyxl

from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.tests import HttpCase
from odoo.tests import tagged

from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install", "cert_roles_input")
class TestAuditRolesAndInput(RpcMixin, CertExecutionCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls.start_audit()
        cls.finding = (
            cls.env["cert.finding"]
            .with_user(cls.user_auditor)
            .create({"audit_id": cls.audit.id, "severity": "major", "description": "Repairs are not recorded."})
        )
        cls.lead.day_rate = 1500

    def label(self, model, field):
        return self.env[model]._fields[field]._description_string(self.env)

    def count(self, model, domain):
        return self.env[model].with_context(active_test=False).search_count(domain)

    # ------------------------------------------------------------------ roles: auditors
    def test_officers_create_edit_and_archive_auditors(self):
        calendar = self.env["resource.calendar"].create({"name": "Auditors' week"})
        user = self.user_auditor_3
        for officer in (self.user_manager, self.user_officer):
            auditor_id = self.ok(
                officer, "cert.auditor", "create", {"name": f"Li Wei ({officer.login})", "grade": "auditor"}
            )
            auditor = self.Auditor.browse(auditor_id)
            self.assertEqual(auditor.resource_id.name, f"Li Wei ({officer.login})")
            self.ok(
                officer,
                "cert.auditor",
                "write",
                [auditor_id],
                {
                    "name": "Li Wei",
                    "resource_calendar_id": calendar.id,
                    "tz": "Asia/Shanghai",
                    "day_rate": 1800,
                    "city": "Shenzhen",
                },
            )
            self.assertEqual(
                (auditor.name, auditor.resource_id.calendar_id, auditor.resource_id.tz, auditor.day_rate),
                ("Li Wei", calendar, "Asia/Shanghai", 1800),
            )
            self.ok(officer, "cert.auditor", "action_archive", [auditor_id])
            self.assertFalse(auditor.active)
            self.assertFalse(auditor.resource_id.active)
            self.ok(officer, "cert.auditor", "action_unarchive", [auditor_id])
            self.assertTrue(auditor.active)
        # the login of an existing auditor (its resource's user) is the officers' too
        self.auditor_c.user_id = False
        self.ok(self.user_officer, "cert.auditor", "write", [self.auditor_c.id], {"user_id": user.id})
        self.assertEqual(self.auditor_c.resource_id.user_id, user)

    def test_officers_keep_the_auditors_leaves(self):
        values = {
            "name": "Annual leave",
            "resource_id": self.auditor_b.resource_id.id,
            "calendar_id": self.auditor_b.resource_calendar_id.id,
            "date_from": "2031-05-05 00:00:00",
            "date_to": "2031-05-09 10:00:00",
        }
        leave_id = self.ok(self.user_officer, "resource.calendar.leaves", "create", values)
        domain = [["resource_id", "=", self.auditor_b.resource_id.id]]
        rows = self.ok(self.user_officer, "resource.calendar.leaves", "search_read", domain, ["name"])
        self.assertEqual([row["id"] for row in rows], [leave_id])
        self.ok(self.user_officer, "resource.calendar.leaves", "write", [leave_id], {"name": "Training"})
        self.assertEqual(self.auditor_b.leave_ids.name, "Training")
        self.ok(self.user_officer, "resource.calendar.leaves", "unlink", [leave_id])
        self.assertFalse(self.auditor_b.leave_ids)
        # not the leaves of another user's resource that is no auditor's
        clerk = self.env["resource.resource"].create({"name": "Clerk", "user_id": self.user_employee.id})
        answer = self.call(self.user_officer, "resource.calendar.leaves", "create", dict(values, resource_id=clerk.id))
        self.assertAccessRefused(answer)

    def test_officers_change_no_resource_but_auditors(self):
        other = self.env["resource.resource"].create({"name": "Meeting room"})
        answer = self.call(self.user_officer, "resource.resource", "write", [other.id], {"name": "Mine now"})
        self.assertAccessRefused(answer)
        self.assertEqual(other.name, "Meeting room")
        # nor do they hand one over by pointing an auditor at it
        label = self.label("cert.auditor", "resource_id")
        values = {"name": "Hijack", "grade": "auditor", "resource_id": other.id}
        before = self.count("cert.auditor", [])
        exception = "odoo.exceptions.UserError"
        self.assertRefused(self.call(self.user_officer, "cert.auditor", "create", values), label, exception)
        self.assertEqual(self.count("cert.auditor", []), before)
        answer = self.call(self.user_officer, "cert.auditor", "write", [self.lead.id], {"resource_id": other.id})
        self.assertRefused(answer, label, exception)
        self.assertNotEqual(self.lead.resource_id, other)
        # auditors still have no hand on the auditors' resources
        answer = self.call(self.user_auditor, "cert.auditor", "write", [self.lead.id], {"name": "Renamed"})
        self.assertAccessRefused(answer)

    def test_finance_reads_auditors_and_their_day_rates(self):
        rows = self.ok(self.user_finance, "cert.auditor", "read", [self.lead.id])
        self.assertEqual(rows[0]["day_rate"], 1500)
        self.assertNotIn("conflict_ids", rows[0])
        self.assertNotIn("qualification_ids", rows[0])
        # competence and declarations of interest are for those who staff, audit and decide
        for fname in ("conflict_ids", "qualification_ids"):
            self.assertAccessRefused(self.call(self.user_finance, "cert.auditor", "read", [self.lead.id], [fname]))
        rows = self.ok(self.user_officer, "cert.auditor", "read", [self.lead.id], ["qualification_ids"])
        self.assertEqual(rows[0]["qualification_ids"], self.lead.qualification_ids.ids)

    # ------------------------------------------------------------------ bad input
    def test_checklist_points_must_be_a_number(self):
        line = self.line(self.audit, "5.1.1")
        answer = self.call(self.user_auditor, "cert.audit.score.line", "write", [line.id], {"points": "six"})
        self.assertRefused(answer, self.label("cert.audit.score.line", "points"))
        self.assertFalse(line.scored)
        self.assertEqual(line.points, 0)

    def test_finding_severity_must_be_one_of_the_severities(self):
        before = self.count("cert.finding", [("audit_id", "=", self.audit.id)])
        values = {"audit_id": self.audit.id, "severity": "fatal", "description": "Something."}
        answer = self.call(self.user_auditor, "cert.finding", "create", values)
        message = self.assertRefused(answer, self.label("cert.finding", "severity"))
        self.assertIn("minor", message)
        self.assertEqual(self.count("cert.finding", [("audit_id", "=", self.audit.id)]), before)

    def test_qualification_start_cannot_be_emptied(self):
        qualification = self.lead.qualification_ids[:1]
        start = qualification.date_from
        answer = self.call(
            self.user_officer, "cert.auditor.qualification", "write", [qualification.id], {"date_from": False}
        )
        self.assertRefused(answer, self.label("cert.auditor.qualification", "date_from"))
        self.assertEqual(qualification.date_from, start)

    def test_finding_due_date_in_the_past_or_emptied_refused(self):
        label = self.label("cert.finding", "due_date")
        due = self.finding.due_date
        for value in ("2020-01-01", False):
            answer = self.call(self.user_auditor, "cert.finding", "write", [self.finding.id], {"due_date": value})
            self.assertRefused(answer, label)
            self.assertEqual(self.finding.due_date, due)
        before = self.count("cert.finding", [("audit_id", "=", self.audit.id)])
        values = {"audit_id": self.audit.id, "severity": "minor", "description": "Late.", "due_date": "2020-01-01"}
        self.assertRefused(self.call(self.user_auditor, "cert.finding", "create", values), label)
        self.assertEqual(self.count("cert.finding", [("audit_id", "=", self.audit.id)]), before)
        # a later date is the team's to set; an observation has none
        self.ok(self.user_auditor, "cert.finding", "write", [self.finding.id], {"due_date": "2032-06-30"})
        self.assertEqual(self.finding.due_date, date(2032, 6, 30))
        values = {"audit_id": self.audit.id, "severity": "observation", "description": "Noted.", "due_date": False}
        self.ok(self.user_auditor, "cert.finding", "create", values)

    def test_finding_description_cannot_be_blank(self):
        label = self.label("cert.finding", "description")
        answer = self.call(self.user_auditor, "cert.finding", "write", [self.finding.id], {"description": " "})
        self.assertRefused(answer, label)
        self.assertEqual(self.finding.description, "Repairs are not recorded.")
        before = self.count("cert.finding", [("audit_id", "=", self.audit.id)])
        values = {"audit_id": self.audit.id, "severity": "minor", "description": " "}
        self.assertRefused(self.call(self.user_auditor, "cert.finding", "create", values), label)
        self.assertEqual(self.count("cert.finding", [("audit_id", "=", self.audit.id)]), before)

    def test_special_deduction_needs_a_description(self):
        # a deduction costs a point and opens a finding: neither without saying what was breached
        label = self.label("cert.audit.special.deduction", "description")
        findings = self.count("cert.finding", [("audit_id", "=", self.audit.id)])
        for description in ("", "  ", False):
            answer = self.call(
                self.user_auditor,
                "cert.audit.special.deduction",
                "create",
                {"audit_id": self.audit.id, "description": description},
            )
            self.assertRefused(answer, label)
        self.assertFalse(self.audit.special_deduction_ids)
        self.assertEqual(self.count("cert.finding", [("audit_id", "=", self.audit.id)]), findings)

    def test_checklist_sheet_with_its_header_only_refused(self):
        book = openpyxl.load_workbook(io.BytesIO(self.audit._checklist_workbook()))
        book.active.delete_rows(2, book.active.max_row)
        stream = io.BytesIO()
        book.save(stream)
        wizard_id = self.ok(
            self.user_auditor,
            "cert.audit.checklist.import",
            "create",
            {"audit_id": self.audit.id, "file": base64.b64encode(stream.getvalue()).decode(), "filename": "x.xlsx"},
        )
        answer = self.call(self.user_auditor, "cert.audit.checklist.import", "action_import", [wizard_id])
        message = self.assertRefused(
            answer, self.label("cert.audit.checklist.import", "file"), exception="odoo.exceptions.UserError"
        )
        self.assertIn("nothing was imported", message)
        self.assertFalse(self.audit.score_line_ids.filtered("scored"))

    def test_negative_day_rate_refused(self):
        answer = self.call(self.user_officer, "cert.auditor", "write", [self.lead.id], {"day_rate": -100})
        self.assertRefused(answer, self.label("cert.auditor", "day_rate"))
        self.assertEqual(self.lead.day_rate, 1500)
