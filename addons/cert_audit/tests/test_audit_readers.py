"""Every reader of a record reads it whole: each one2many names who reads its rows (``groups``), so a reader
without access to those rows reads the record without them instead of being refused the record. And the
team reads what it audits, and only that."""

import base64
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CertAuditCase
from .issuing import issue_through_decision


@tagged("post_install", "-at_install")
class TestAuditReaders(CertAuditCase):
    def setUp(self):
        super().setUp()
        self.audit = self.make_audit(team=[(self.lead, "lead")])
        self.audit.with_user(self.user_officer).action_plan()

    def read_whole(self, record, user):
        """Read every field ``user`` may read on ``record``; return the names it may not."""
        record = record.with_user(user)
        readable = [name for name, field in record._fields.items() if field.is_accessible(record.env)]
        self.assertTrue(record.read(readable), f"{user.login} reads {record}")
        return {name for name in record._fields if name not in readable}

    def test_team_reads_the_application_and_its_checklist_not_the_contract(self):
        app = self.app_a
        refused = self.read_whole(app, self.user_auditor)
        self.assertTrue({"contract_ids", "contract_id"} <= refused)
        self.assertFalse({"document_ids", "site_ids", "documents_complete"} & refused)
        with self.assertRaises(AccessError):
            app.with_user(self.user_auditor).read(["contract_ids"])
        Document = self.env["cert.application.document"]
        self.assertEqual(
            Document.with_user(self.user_auditor).search([("id", "in", app.document_ids.ids)]), app.document_ids
        )
        app.document_ids[:1].with_user(self.user_auditor).read(["name", "attachment_ids", "satisfied"])
        # not another client's checklist, not the checklist of an auditor who is not on the team
        self.assertFalse(Document.with_user(self.user_auditor).search([("application_id", "=", self.app_b.id)]))
        self.assertFalse(Document.with_user(self.user_auditor_2).search([("application_id", "=", app.id)]))
        with self.assertRaises(AccessError):
            self.app_b.document_ids[:1].with_user(self.user_auditor).read(["name"])
        # access ends with the assignment
        self.audit.with_user(self.user_officer).action_cancel()
        self.assertFalse(Document.with_user(self.user_auditor).search([("application_id", "=", app.id)]))
        # the other readers of the contract read it
        for user in (self.user_decision, self.user_finance, self.user_portal_a):
            self.assertFalse({"contract_ids", "contract_id"} & self.read_whole(app, user), user.login)

    def test_every_reader_of_an_audit_reads_it_whole(self):
        expected_refusals = {
            self.user_auditor: {"billing_event_ids", "decision_ids"},
            self.user_decision: {"billing_event_ids"},
            self.user_finance: {"score_line_ids", "special_deduction_ids", "finding_ids", "decision_ids"},
            self.user_portal_a: {"member_ids", "expense_ids", "billing_event_ids", "score_line_ids", "decision_ids"},
        }
        for user, refusals in expected_refusals.items():
            with self.subTest(user=user.login):
                self.assertTrue(refusals <= self.read_whole(self.audit, user))
                with self.assertRaises(AccessError):
                    self.audit.with_user(user).read(sorted(refusals))
        # the officers read every row
        self.assertFalse(
            {"billing_event_ids", "decision_ids", "score_line_ids", "member_ids"}
            & self.read_whole(self.audit, self.user_officer)
        )

    def test_every_reader_of_a_certificate_and_its_contract_reads_them_whole(self):
        self.app_a.scope = "After-sales service of household appliances"
        cert = issue_through_decision(
            self.env, self.app_a, self.env.ref("cert_service.gbt_level_5star"), self.user_officer
        ).with_env(self.env)
        for user in (self.user_auditor, self.user_decision, self.user_portal_a):
            with self.subTest(user=user.login):
                self.assertIn("billing_event_ids", self.read_whole(cert, user))
        self.assertNotIn("billing_event_ids", self.read_whole(cert, self.user_finance))
        contract = self.app_a.contract_id
        for user in (self.user_decision, self.user_portal_a):
            with self.subTest(user=user.login):
                self.assertIn("billing_event_ids", self.read_whole(contract, user))
        self.assertNotIn("billing_event_ids", self.read_whole(contract, self.user_officer))

    def test_client_confirms_the_dates_of_its_own_audit(self):
        with self.assertRaises(AccessError):
            self.audit.with_user(self.user_portal_b).action_client_confirm()
        with self.assertRaises(AccessError):
            self.audit.with_user(self.user_auditor).action_client_confirm()
        self.assertEqual(self.audit.state, "planned")
        self.audit.with_user(self.user_portal_a).action_client_confirm()
        self.assertEqual(self.audit.state, "confirmed")
        self.assertEqual(self.audit.confirmed_by_id, self.user_portal_a)

    def test_checklist_import_only_by_the_team(self):
        Import = self.env["cert.audit.checklist.import"]
        values = {"audit_id": self.audit.id, "file": base64.b64encode(b"not a sheet")}
        with self.assertRaises(AccessError):
            Import.with_user(self.user_auditor_2).create(dict(values))
        wizard = Import.with_user(self.user_auditor).create(dict(values))
        self.assertFalse(Import.with_user(self.user_auditor_2).search([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_auditor_2).read(["audit_id"])
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_auditor_2).write({"filename": "mine.xlsx"})
        # nor moved by its user to an audit whose team he is not on
        other = self.make_audit(
            app=self.app_b, start=self.monday + timedelta(days=7, hours=1), team=[(self.auditor_d, "lead")]
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_auditor).write({"audit_id": other.id})
        Import.with_user(self.user_officer).create(dict(values))
