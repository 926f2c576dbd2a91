from datetime import date
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestFinding(CertExecutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls.start_audit()
        cls.finding = (
            cls.env["cert.finding"]
            .with_user(cls.user_auditor)
            .create(
                {
                    "audit_id": cls.audit.id,
                    "severity": "major",
                    "indicator_id": cls.indicator("repair").id,
                    "description": "Repairs are not recorded.",
                }
            )
        )

    def test_due_date_defaults_per_scheme(self):
        last_day = self.audit._local_date(self.audit.date_end)
        self.assertEqual(self.finding.due_date, last_day + timedelta(days=30))
        minor = self.Finding.with_user(self.user_auditor).create(
            {"audit_id": self.audit.id, "severity": "minor", "description": "Minor."}
        )
        self.assertEqual(minor.due_date, last_day + timedelta(days=60))
        observation = self.Finding.create({"audit_id": self.audit.id, "severity": "observation", "description": "x"})
        self.assertFalse(observation.due_date)

    def test_portal_answers_own_findings_only(self):
        as_client = self.finding.with_user(self.user_portal_cn)
        self.assertEqual(as_client.description, "Repairs are not recorded.")
        with self.assertRaises(AccessError):
            as_client.write({"description": "nothing wrong"})
        with self.assertRaisesText(UserError, "fill in"):
            as_client.action_portal_answer("cause", "", "action")
        self.assertEqual(self.finding.state, "open")
        with self.assertRaises(AccessError):
            self.finding.with_user(self.user_portal_a).action_portal_answer("a", "b", "c")
        self.assertFalse(self.Finding.with_user(self.user_portal_a).search([("id", "=", self.finding.id)]))
        as_client.action_portal_answer("No repair form", "Records completed", "Repair form at every outlet")
        self.assertEqual(self.finding.state, "action_proposed")
        self.assertEqual(self.finding.answered_by_id, self.user_portal_cn)
        with self.assertRaises(UserError):
            as_client.action_portal_answer("again", "again", "again")

    def test_reject_back_to_client_then_accept_and_close(self):
        self.finding.with_user(self.user_portal_cn).action_portal_answer("cause", "correction", "action")
        as_team = self.finding.with_user(self.user_auditor_2)
        with self.assertRaisesText(UserError, "why"):
            as_team.action_reject()
        as_team.review_note = "The action does not reach the outlets."
        as_team.action_reject()
        self.assertEqual(self.finding.state, "rejected")
        self.finding.with_user(self.user_portal_cn).action_portal_answer("cause", "correction", "action at outlets")
        as_team.action_accept()
        with self.assertRaisesText(UserError, "evidence that the correction is effective"):
            as_team.write({"verification_note": "Checked."})
            as_team.action_close()
        self.assertEqual(self.finding.state, "action_accepted")
        # Outsiders and clients cannot move it.
        with self.assertRaises(AccessError):
            self.finding.with_user(self.user_auditor_3).action_close()
        with self.assertRaises(AccessError):
            self.finding.with_user(self.user_portal_cn).action_close()
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            as_team.write({"state": "closed"})

    def test_overdue_activity_and_repeat_audit(self):
        self.audit._apply_checklist_rows([dict(r) for r in E2E_ROWS])
        self.audit.with_user(self.user_auditor).action_report()
        self.Finding.with_context(tracking_disable=True)._cron_overdue()
        self.assertFalse(self.finding.activity_ids)
        later = self.finding.due_date + timedelta(days=1)
        finding = self.finding
        self._run_cron_on(later)
        self.assertEqual(
            finding.activity_ids.activity_type_id, self.env.ref("cert_audit.mail_activity_finding_overdue")
        )
        self.assertEqual(finding.activity_ids.user_id, self.audit.user_id)
        self._run_cron_on(later)
        self.assertEqual(len(finding.activity_ids), 1, "one activity, not one a day")
        self.assertFalse(self.audit.repeat_audit_required)
        self._run_cron_on(self.audit._local_date(self.audit.date_end) + timedelta(days=91))
        self.assertTrue(self.audit.repeat_audit_required)

    def _run_cron_on(self, day):
        self.patch(fields.Date, "context_today", lambda *args, **kw: day)
        self.Finding._cron_overdue()
        self.assertIsInstance(day, date)
