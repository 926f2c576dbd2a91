from datetime import timedelta

from odoo.tests import Form
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditViews(CertAuditCase):
    def test_plan_an_audit_through_the_form(self):
        form = Form(self.env["cert.audit"].with_user(self.user_officer))
        form.application_id = self.app_b
        form.audit_type = "initial"
        form.date_start = self.monday
        form.date_end = self.monday + timedelta(hours=8)
        with form.member_ids.new() as member:
            member.auditor_id = self.lead
            member.role = "lead"
        audit = form.save()
        self.assertEqual(audit.days_planned, 2.0)
        self.assertEqual(audit.member_ids.days, 2.0)
        self.assertTrue(audit.event_id)

    def test_actions_open_for_each_role(self):
        actions = [
            ("cert_audit.action_cert_audit", ("list", "kanban", "calendar", "form", "pivot", "search")),
            ("cert_audit.action_cert_audit_workload", ("pivot", "graph", "list", "search")),
            ("cert_audit.action_cert_auditor", ("list", "form", "search")),
        ]
        for user in (self.user_officer, self.user_auditor, self.user_decision, self.user_finance):
            for xmlid, modes in actions:
                with self.subTest(user=user.login, action=xmlid):
                    action = self.env.ref(xmlid)
                    views = self.env[action.res_model].with_user(user).get_views([(False, m) for m in modes])
                    self.assertEqual(set(views["views"]), set(modes))
        to_plan = self.env.ref("cert_audit.action_cert_application_to_plan")
        self.env["cert.application"].with_user(self.user_officer).get_views([(to_plan.view_ids.view_id.id, "list")])
        officer_form = self.env["cert.application"].with_user(self.user_officer).get_views([(False, "form")])
        self.assertIn("action_plan_audit", officer_form["views"]["form"]["arch"])
        auditor_form = self.env["cert.application"].with_user(self.user_auditor).get_views([(False, "form")])
        self.assertIn("action_view_audits", auditor_form["views"]["form"]["arch"])
        self.assertNotIn("action_plan_audit", auditor_form["views"]["form"]["arch"], "officers plan audits")
        self.env["res.config.settings"].get_views([(False, "form")])
