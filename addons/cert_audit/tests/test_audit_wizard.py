from datetime import date
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestFindAuditors(CertAuditCase):
    def _wizard(self, audit, role="auditor", **vals):
        return (
            self.env["cert.audit.find.auditor"]
            .with_user(self.user_officer)
            .create(dict({"audit_id": audit.id, "role": role}, **vals))
        )

    def test_ranking_by_workload_then_city(self):
        # Same month: auditor_b already booked for 2 days elsewhere; lead and auditor_c free; HQ in Foshan.
        self.make_audit(
            app=self.app_b,
            start=self.monday + timedelta(days=7, hours=1),
            team=[(self.auditor_d, "lead"), (self.auditor_b, "auditor")],
        )
        audit = self.make_audit()
        self.assertEqual(audit.hq_city, "Foshan")
        wizard = self._wizard(audit)
        lines = wizard.line_ids.sorted("rank")
        ranked = lines.auditor_id
        # lead (Foshan, 0 days) and auditor_c (Foshan, 0 days) before auditor_d (Shanghai, 1 day booked)
        # and auditor_b (Guangzhou, booked)
        workload = {line.auditor_id: line.workload for line in lines}
        self.assertEqual(workload[self.lead], 0)
        self.assertGreater(workload[self.auditor_b], 0)
        self.assertLess(list(ranked).index(self.lead), list(ranked).index(self.auditor_b))
        self.assertLess(list(ranked).index(self.auditor_c), list(ranked).index(self.auditor_b))
        self.assertEqual(lines.mapped("rank"), list(range(1, len(lines) + 1)))
        self.assertTrue(all(lines.mapped("available")))

    def test_same_city_breaks_ties(self):
        audit = self.make_audit()
        lines = self._wizard(audit).line_ids.sorted("rank")
        by_auditor = {line.auditor_id: line for line in lines}
        self.assertTrue(by_auditor[self.auditor_c].same_city)
        self.assertFalse(by_auditor[self.auditor_b].same_city)
        self.assertLess(by_auditor[self.auditor_c].rank, by_auditor[self.auditor_b].rank)
        self.assertLess(by_auditor[self.lead].rank, by_auditor[self.auditor_d].rank)

    def test_unavailable_auditors_are_left_out_or_explained(self):
        self.auditor_c.qualification_ids.date_to = date(2030, 1, 1)
        self.make_audit(app=self.app_b, team=[(self.auditor_b, "auditor")])
        audit = self.make_audit(team=[(self.lead, "lead")])
        wizard = self._wizard(audit)
        proposed = wizard.line_ids.auditor_id
        self.assertNotIn(self.auditor_b, proposed, "booked at the same time")
        self.assertNotIn(self.auditor_c, proposed, "qualification expired")
        self.assertNotIn(self.lead, proposed, "already on the team")
        self.assertIn(self.auditor_d, proposed)
        wizard = self._wizard(audit, show_unavailable=True)
        reasons = {line.auditor_id: line.reason for line in wizard.line_ids}
        self.assertIn("already booked", reasons[self.auditor_b])
        self.assertIn("expired", reasons[self.auditor_c])
        self.assertFalse(reasons[self.auditor_d])

    def test_lead_role_proposes_lead_auditors_only(self):
        audit = self.make_audit()
        proposed = self._wizard(audit, role="lead").line_ids.auditor_id
        self.assertEqual(proposed, self.lead | self.auditor_d)

    def test_add_selected_to_team(self):
        audit = self.make_audit()
        wizard = self._wizard(audit, role="lead")
        wizard.line_ids.filtered(lambda line: line.auditor_id == self.lead).selected = True
        wizard.action_add()
        self.assertEqual(audit.member_ids.auditor_id, self.lead)
        self.assertEqual(audit.member_ids.role, "lead")
        with self.assertRaisesText(UserError, "Select at least one auditor"):
            self._wizard(audit).action_add()

    def test_wizard_form_from_the_audit(self):
        audit = self.make_audit()
        action = audit.with_user(self.user_officer).action_find_auditors()
        form = Form(self.env[action["res_model"]].with_user(self.user_officer).with_context(**action["context"]))
        form.role = "auditor"
        self.assertTrue(len(form.line_ids) >= 3)
        with form.line_ids.edit(0) as line:
            line.selected = True
        wizard = form.save()
        chosen = wizard.line_ids.filtered("selected").auditor_id
        self.assertEqual(len(chosen), 1)
        wizard.action_add()
        self.assertEqual(audit.member_ids.auditor_id, chosen)
