from odoo.tests import Form
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestExecutionViews(CertExecutionCase):
    def test_score_recomputes_live_in_the_form(self):
        audit = self.start_audit()
        audit._apply_checklist_rows([dict(r) for r in E2E_ROWS if r["code"] != "5.1.1"])
        form = Form(audit.with_user(self.user_auditor))
        self.assertEqual(form.score_to_do, 1)
        self.assertFalse(form.score_complete)
        with form.score_line_ids.edit(0) as line:
            self.assertEqual(line.code, "5.1.1")
            line.points = 6
        # Before saving: the pure function's result is already shown.
        self.assertTrue(form.score_complete)
        self.assertAlmostEqual(form.score, 96.2)
        self.assertEqual(form.proposed_level_id, self.level_five)
        self.assertIn("5.1", form.score_summary)
        form.save()
        self.assertAlmostEqual(audit.score, 96.2)
        self.assertTrue(self.line(audit, "5.1.1").scored)

    def test_actions_open_for_each_role(self):
        actions = [
            ("cert_audit.action_cert_finding", ("kanban", "list", "form", "search")),
            ("cert_audit.action_cert_audit_my_today", ("list", "kanban", "form", "calendar", "search")),
            ("cert_audit.action_cert_audit_score_line", ("list", "search")),
        ]
        for user in (self.user_officer, self.user_auditor, self.user_decision):
            for xmlid, modes in actions:
                with self.subTest(user=user.login, action=xmlid):
                    action = self.env.ref(xmlid)
                    views = self.env[action.res_model].with_user(user).get_views([(False, m) for m in modes])
                    self.assertEqual(set(views["views"]), set(modes))
        decisions = (
            self.env["cert.decision"].with_user(self.user_decision).get_views([(False, "list"), (False, "form")])
        )
        self.assertIn("action_confirm", decisions["views"]["form"]["arch"])
        audit_form = self.env["cert.audit"].with_user(self.user_auditor).get_views([(False, "form")])
        self.assertIn("score_line_ids", audit_form["views"]["form"]["arch"])
        self.assertNotIn("action_new_decision", audit_form["views"]["form"]["arch"])
        today = (
            self.env["cert.audit"]
            .with_user(self.user_auditor)
            .search([("member_ids.user_id", "=", self.user_auditor.id), ("state", "=", "in_progress")])
        )
        self.assertFalse(today)
