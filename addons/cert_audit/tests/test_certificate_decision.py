from freezegun import freeze_time

from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase

#: the E2E checklist less five points on 5.1.1: 86.40 / 95 = 90.9 → 四星
FOUR_STAR_ROWS = [
    dict(row, points=1, note="No organisation chart at two outlets.") if row["code"] == "5.1.1" else dict(row)
    for row in E2E_ROWS
]


@tagged("post_install", "-at_install")
class TestCertificateFromDecision(CertExecutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_cn.scope = "家用电器的售后服务"
        cls.Certificate = cls.env["cert.certificate"]

    def decide(self, audit, level, outcome="grant"):
        decision = self.Decision.with_user(self.user_decision).create(
            {"audit_id": audit.id, "outcome": outcome, "level_id": level.id, "reasons": "See the report."}
        )
        decision.with_user(self.user_decision).action_confirm()
        return decision

    def reported_audit(self, rows, audit_type="initial", certificate=None, days=0):
        audit = self.start_audit(start=self.later(days))
        if certificate:
            # the programme's link is a key: set here as the surveillance job would
            audit._workflow_unlocked().write({"audit_type": audit_type, "certificate_id": certificate.id})
        audit._apply_checklist_rows([dict(r) for r in rows])
        audit.with_user(self.user_auditor).action_report()
        return audit

    def test_grant_drafts_the_certificate_the_officer_issues(self):
        audit = self.reported_audit(E2E_ROWS)
        self.assertEqual(audit.proposed_level_id, self.level_five)
        decision = self.decide(audit, self.level_five)
        cert = decision.certificate_ids
        self.assertEqual(
            (len(cert), cert.state, cert.level_id, cert.application_id), (1, "draft", self.level_five, self.app_cn)
        )
        self.assertEqual(cert.partner_name, "佛山市美家电器有限公司")
        cert.with_user(self.user_officer).action_issue()
        self.assertEqual(cert.state, "valid")
        # the auditors of the client's audits read it; another auditor does not
        self.assertEqual(self.Certificate.with_user(self.user_auditor).search([]), cert)
        self.assertFalse(self.Certificate.with_user(self.user_auditor_4).search([]))
        self.assertEqual(self.Certificate.with_user(self.user_portal_cn).search([]), cert)
        # a refusal drafts nothing; a certificate made by hand cannot be issued without a decision
        self.assertFalse(self.decide(self.reported_audit(E2E_ROWS, days=7), self.level_five, "refuse").certificate_ids)
        manual = self.Certificate.with_user(self.user_officer).create({"application_id": self.app_cn.id})
        manual.level_id = self.level_five
        with self.assertRaisesText(Exception, "There is no grant decision"):
            manual.with_user(self.user_officer).action_issue()

    def test_surveillance_level_change_supersedes(self):
        cert = self.decide(self.reported_audit(E2E_ROWS), self.level_five).certificate_ids
        cert.with_user(self.user_officer).action_issue()
        surveillance = self.reported_audit(FOUR_STAR_ROWS, "surveillance", cert, days=14)
        self.assertEqual(surveillance.proposed_level_id, self.level_four)
        new = self.decide(surveillance, self.level_four).certificate_ids
        self.assertEqual((new.supersedes_id, new.level_id, new.state), (cert, self.level_four, "draft"))
        new.with_user(self.user_officer).action_issue()
        self.assertEqual((cert.state, new.state), ("superseded", "valid"))
        self.assertEqual((new.expiry_date, new.cycle), (cert.expiry_date, cert.cycle))
        # a surveillance confirming the same level changes no certificate
        same = self.reported_audit(FOUR_STAR_ROWS, "surveillance", new, days=21)
        self.assertFalse(self.decide(same, self.level_four).certificate_ids)

    def test_recertification_before_and_after_expiry(self):
        cert = self.decide(self.reported_audit(E2E_ROWS), self.level_five).certificate_ids
        cert.with_user(self.user_officer).action_issue()
        recert = self.reported_audit(E2E_ROWS, "recertification", cert, days=14)
        new = self.decide(recert, self.level_five).certificate_ids
        self.assertEqual((new.supersedes_id, new.cycle), (cert, 2))
        new.with_user(self.user_officer).action_issue()
        self.assertEqual(cert.state, "superseded")
        self.assertEqual(new.issue_date, cert.state_date, "no gap")
        # after expiry the recertification is an initial certification again
        with freeze_time(new.expiry_date):
            new.with_user(self.user_officer).action_expire()
        late = self.reported_audit(E2E_ROWS, "recertification", new, days=21)
        again = self.decide(late, self.level_five).certificate_ids
        self.assertEqual((again.supersedes_id, again.cycle), (self.Certificate, 1))
