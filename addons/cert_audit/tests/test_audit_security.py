from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditSecurity(CertAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # audit A: user_auditor (lead) on client A; audit B: user_auditor_2 on client B
        start = cls.monday + timedelta(hours=1)
        cls.audit_a = cls.env["cert.audit"].create(
            {
                "application_id": cls.app_a.id,
                "date_start": start,
                "date_end": start + timedelta(hours=8),
                "member_ids": [Command.create({"auditor_id": cls.lead.id, "role": "lead"})],
            }
        )
        cls.audit_b = cls.env["cert.audit"].create(
            {
                "application_id": cls.app_b.id,
                "date_start": start,
                "date_end": start + timedelta(hours=8),
                "member_ids": [Command.create({"auditor_id": cls.auditor_b.id, "role": "auditor"})],
            }
        )

    def test_auditor_sees_only_own_audits(self):
        Audit = self.env["cert.audit"].with_user(self.user_auditor)
        self.assertEqual(Audit.search([]), self.audit_a)
        self.audit_a.with_user(self.user_auditor).read(["name", "date_start"])
        with self.assertRaises(AccessError):
            self.audit_b.with_user(self.user_auditor).read(["name"])
        with self.assertRaises(AccessError):
            self.audit_a.with_user(self.user_auditor_2).read(["name"])
        self.assertEqual(self.env["cert.audit"].with_user(self.user_auditor_2).search([]), self.audit_b)

    def test_auditor_sees_only_own_teams(self):
        Member = self.env["cert.audit.member"].with_user(self.user_auditor)
        self.assertEqual(Member.search([]).audit_id, self.audit_a)

    def test_auditor_sees_only_own_clients_applications(self):
        App = self.env["cert.application"].with_user(self.user_auditor)
        self.assertEqual(App.search([]), self.app_a)
        with self.assertRaises(AccessError):
            self.app_b.with_user(self.user_auditor).read(["name"])
        sites = self.env["cert.site"].with_user(self.user_auditor).search([])
        self.assertEqual(sites.application_id, self.app_a)

    def test_auditor_cannot_plan_or_change_team(self):
        with self.assertRaises(AccessError):
            self.env["cert.audit"].with_user(self.user_auditor).create({"application_id": self.app_a.id})
        with self.assertRaises(AccessError):
            self.env["cert.audit.member"].with_user(self.user_auditor).create(
                {"audit_id": self.audit_a.id, "auditor_id": self.auditor_c.id}
            )
        with self.assertRaises(AccessError):
            self.audit_b.with_user(self.user_auditor).write({"note": "<p>not mine</p>"})
        with self.assertRaises(AccessError):
            self.audit_a.with_user(self.user_auditor).unlink()

    def test_conflict_declarations_are_private(self):
        conflict_b = self.env["cert.auditor.conflict"].create(
            {"auditor_id": self.auditor_d.id, "partner_id": self.client_b.id}
        )
        Conflict = self.env["cert.auditor.conflict"].with_user(self.user_auditor)
        own = Conflict.create({"auditor_id": self.lead.id, "partner_id": self.client_b.id})
        self.assertEqual(Conflict.search([]), own)
        with self.assertRaises(AccessError):
            conflict_b.with_user(self.user_auditor).read(["partner_id"])
        with self.assertRaises(AccessError):
            Conflict.create({"auditor_id": self.auditor_d.id, "partner_id": self.client_a.id})

    def test_officer_plans_decision_and_finance_read(self):
        self.assertEqual(
            self.env["cert.audit"]
            .with_user(self.user_officer)
            .search([("id", "in", (self.audit_a | self.audit_b).ids)]),
            self.audit_a | self.audit_b,
        )
        for user in (self.user_decision, self.user_finance):
            audits = self.env["cert.audit"].with_user(user).search([("id", "in", (self.audit_a | self.audit_b).ids)])
            self.assertEqual(audits, self.audit_a | self.audit_b)
            with self.assertRaises(AccessError):
                self.audit_a.with_user(user).write({"note": "<p>x</p>"})

    def test_manager_is_not_narrowed_by_the_auditor_rule(self):
        ids = (self.audit_a | self.audit_b).ids
        self.assertEqual(len(self.env["cert.audit"].with_user(self.user_manager).search([("id", "in", ids)])), 2)
        apps = (
            self.env["cert.application"]
            .with_user(self.user_manager)
            .search([("id", "in", (self.app_a | self.app_b).ids)])
        )
        self.assertEqual(len(apps), 2)

    def test_employee_and_portal_have_no_access(self):
        for user in (self.user_employee, self.user_portal_a):
            with self.assertRaises(AccessError):
                self.audit_a.with_user(user).read(["name"])

    def test_day_rate_hidden_from_auditors(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.user_auditor_2).read(["day_rate"])
        self.lead.with_user(self.user_finance).read(["day_rate"])
