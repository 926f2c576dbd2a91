from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestDecisionInForce(RpcMixin, CertExecutionCase, HttpCase):
    """One decision in force per audit, one certificate in force per client, scheme and cycle: a second
    decision maker and an officer try over JSON-RPC what would make two, and are refused with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_cn.scope = "家用电器的售后服务"
        cls.Certificate = cls.env["cert.certificate"]
        cls.user_decision_2 = mail_new_test_user(
            cls.env, login="cb_decision_2", name="Second Decision Maker", groups="cert_service.group_cert_decision"
        )

    def assertRefused(self, answer, *texts):
        self.assertIn("error", answer, f"accepted: {answer}")
        data = answer["error"]["data"]
        self.assertEqual(data["name"], "odoo.exceptions.UserError", data.get("debug", "")[-2000:])
        for text in texts:
            self.assertIn(text, data["message"])

    def reported_audit(self, days=0):
        audit = self.start_audit(start=self.later(days))
        audit._apply_checklist_rows([dict(r) for r in E2E_ROWS])
        audit.with_user(self.user_auditor).action_report()
        return audit

    def draft_decision(self, audit, user, level=None):
        return self.Decision.with_user(user).create(
            {"audit_id": audit.id, "outcome": "grant", "level_id": (level or self.level_five).id, "reasons": "Report."}
        )

    def state_of(self, audit):
        """Decisions and certificates of ``audit``, as the database holds them."""
        self.env.invalidate_all()
        decisions = self.Decision.search([("audit_id", "=", audit.id)], order="id")
        certs = self.Certificate.search([("decision_id.audit_id", "=", audit.id)], order="id")
        return [(d.name, d.state) for d in decisions], [(c.id, c.state, c.level_id.id) for c in certs]

    def test_second_grant_refused_once_the_certificate_is_issued(self):
        audit = self.reported_audit()
        first = self.draft_decision(audit, self.user_decision)
        first.with_user(self.user_decision).action_confirm()
        first.certificate_ids.with_user(self.user_officer).action_issue()
        second = self.draft_decision(audit, self.user_decision_2)
        before = self.state_of(audit)
        self.assertRefused(
            self.call(self.user_decision_2, "cert.decision", "action_confirm", second.ids),
            f"already has a decision in force, {first.name}",
            f"its certificate {first.certificate_ids.name} was issued",
        )
        self.assertEqual(self.state_of(audit), before, "nothing changed")
        self.assertEqual(before[0], [(first.name, "confirmed"), (second.name, "draft")])
        self.assertEqual([state for _id, state, _level in before[1]], ["valid"])

    def test_second_decision_before_the_issue_supersedes_the_first(self):
        audit = self.reported_audit()
        first = self.draft_decision(audit, self.user_decision)
        first.with_user(self.user_decision).action_confirm()
        draft = first.certificate_ids
        second = self.draft_decision(audit, self.user_decision_2, self.level_four)
        self.assertNotIn("error", self.call(self.user_decision_2, "cert.decision", "action_confirm", second.ids))
        decisions, certs = self.state_of(audit)
        self.assertEqual(decisions, [(first.name, "superseded"), (second.name, "confirmed")])
        self.assertEqual(first.superseded_by_id, second)
        self.assertFalse(draft.exists(), "the superseded grant's draft is discarded")
        self.assertEqual([(state, level) for _id, state, level in certs], [("draft", self.level_four.id)])

    def test_second_certificate_in_force_in_a_cycle_is_refused(self):
        first = self.draft_decision(self.reported_audit(), self.user_decision)
        first.with_user(self.user_decision).action_confirm()
        issued = first.certificate_ids
        issued.with_user(self.user_officer).action_issue()
        # another initial audit of the client, granted too: its certificate would be a second one in force
        other = self.draft_decision(self.reported_audit(days=7), self.user_decision)
        other.with_user(self.user_decision).action_confirm()
        draft = other.certificate_ids
        self.assertEqual((draft.cycle, draft.state), (issued.cycle, "draft"))
        self.assertRefused(
            self.call(self.user_officer, "cert.certificate", "action_issue", draft.ids),
            f"already holds {issued.name} of this scheme in force in cycle 1",
        )
        self.env.invalidate_all()
        self.assertEqual((issued.state, draft.state, draft.name), ("valid", "draft", False), "nothing changed")
        self.assertEqual(len(draft.status_ids), 0)

    def test_the_database_holds_the_rules(self):
        """The partial unique indexes exist, with their translated messages for the RPC layer."""
        for index, table, where in (
            ("cert_decision_one_in_force_per_audit", "cert_decision", "'confirmed'"),
            ("cert_certificate_one_in_force_per_cycle", "cert_certificate", "'valid'"),
        ):
            self.env.cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s AND tablename = %s", [index, table]
            )
            definition = self.env.cr.fetchone()
            self.assertTrue(definition, index)
            self.assertIn("UNIQUE", definition[0])
            self.assertIn(where, definition[0])
            constraint = self.env["ir.model.constraint"].search([("name", "=", index)])
            self.assertIn(" one ", constraint.with_context(lang="en_US").message)
