from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditCalendar(CertAuditCase):
    def test_event_for_the_team(self):
        audit = self.make_audit(team=[(self.lead, "lead"), (self.auditor_b, "auditor")])
        event = audit.event_id
        self.assertTrue(event)
        self.assertEqual(event.start, audit.date_start)
        self.assertEqual(event.stop, audit.date_end)
        self.assertEqual(event.partner_ids, (self.user_auditor | self.user_auditor_2).partner_id)
        self.assertEqual(event.user_id, self.user_auditor)
        self.assertEqual((event.res_model, event.res_id), ("cert.audit", audit.id))
        self.assertIn(audit.name, event.name)
        # visible in the team members' calendars
        mine = (
            self.env["calendar.event"]
            .with_user(self.user_auditor_2)
            .search([("partner_ids", "in", self.user_auditor_2.partner_id.ids)])
        )
        self.assertIn(event, mine)

    def test_event_follows_dates_and_team(self):
        audit = self.make_audit(team=[(self.lead, "lead")])
        event = audit.event_id
        new_start = self.monday + timedelta(days=1, hours=1)
        audit.write({"date_start": new_start, "date_end": new_start + timedelta(hours=8)})
        self.assertEqual(event.start, new_start)
        audit.write({"member_ids": [Command.create({"auditor_id": self.auditor_c.id, "role": "auditor"})]})
        self.assertIn(self.user_auditor_3.partner_id, event.partner_ids)
        audit.member_ids.filtered(lambda m: m.auditor_id == self.auditor_c).unlink()
        self.assertNotIn(self.user_auditor_3.partner_id, event.partner_ids)
        self.assertEqual(audit.event_id, event, "one event per audit")

    def test_no_event_without_dates_or_team(self):
        self.assertFalse(self.make_audit().event_id)
        audit = self.Audit.create({"application_id": self.app_b.id})
        self.assertFalse(audit.event_id)

    def test_cancel_archives_the_event(self):
        audit = self.make_audit(team=[(self.lead, "lead")])
        event = audit.event_id
        audit.action_cancel()
        self.assertFalse(event.active)
        self.assertEqual(audit.state, "cancelled")

    def test_plan_notifies_client_and_client_confirms(self):
        audit = self.make_audit(team=[(self.lead, "lead"), (self.auditor_b, "auditor")])
        audit.with_user(self.user_officer).action_plan()
        self.assertEqual(audit.state, "planned")
        sent = audit.message_ids.filtered(lambda m: "please confirm the audit dates" in (m.subject or ""))
        self.assertTrue(sent, "the client is asked to confirm the dates")
        self.assertIn(self.client_a, sent.partner_ids)
        audit.with_user(self.user_officer).action_client_confirm()
        self.assertEqual(audit.state, "confirmed")
        self.assertEqual(audit.confirmed_by_id, self.user_officer)
        self.assertTrue(audit.confirmed_date)
        with self.assertRaisesText(UserError, "Possible now"):
            audit.action_client_confirm()

    def test_life_cycle_starts_the_application(self):
        audit = self.make_audit(team=[(self.lead, "lead")])
        audit.action_plan()
        audit.action_client_confirm()
        audit.with_user(self.user_auditor).action_start()
        self.assertEqual(audit.state, "in_progress")
        self.assertEqual(self.app_a.state, "in_progress")
        # Reporting needs the checklist scored (cert_audit execution): full points everywhere.
        for line in audit.score_line_ids.with_user(self.user_auditor):
            line.write({"sample_size": 1} if line.sampled else {"points": line.max_points})
        audit.with_user(self.user_auditor).action_report()
        audit.with_user(self.user_officer).action_close()
        self.assertEqual(audit.state, "closed")
        with self.assertRaisesText(UserError, "Possible now"):
            audit.action_cancel()

    def test_audits_to_plan(self):
        to_plan = self.env["cert.application"].search([("audit_to_plan", "=", True)])
        self.assertIn(self.app_a, to_plan)
        action = self.app_a.with_user(self.user_officer).action_plan_audit()
        audit = self.Audit.browse(action["res_id"])
        self.assertEqual(audit.audit_type, "initial")
        self.assertIn(self.app_a, self.env["cert.application"].search([("audit_to_plan", "=", True)]))
        audit.write(
            {
                "date_start": self.monday,
                "date_end": self.monday + timedelta(hours=8),
                "member_ids": [Command.create({"auditor_id": self.lead.id, "role": "lead"})],
            }
        )
        audit.action_plan()
        self.assertNotIn(self.app_a, self.env["cert.application"].search([("audit_to_plan", "=", True)]))
        self.assertIn(self.app_a, self.env["cert.application"].search([("audit_to_plan", "=", False)]))
