import hashlib
import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestDecisionAndManifest(CertExecutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls.start_audit()
        cls.audit._apply_checklist_rows([dict(r) for r in E2E_ROWS])
        cls.item = cls.make_evidence(cls, cls.app_cn, b"repair records 2031\n", "repairs.txt")
        cls.line(cls, cls.audit, "5.2.4").with_user(cls.user_auditor).evidence_ids = [Command.link(cls.item.id)]
        cls.major = (
            cls.env["cert.finding"]
            .with_user(cls.user_auditor)
            .create(
                {
                    "audit_id": cls.audit.id,
                    "severity": "major",
                    "indicator_id": cls.indicator("complaints").id,
                    "description": "Complaints are not recorded at two outlets.",
                    "evidence_ids": [Command.link(cls.item.id)],
                }
            )
        )
        cls.audit.with_user(cls.user_auditor).action_report()

    def decide(self, **vals):
        return self.Decision.with_user(self.user_decision).create(
            dict({"audit_id": self.audit.id, "outcome": "grant", "level_id": self.level_five.id}, **vals)
        )

    def close_major(self):
        self.major.write({"root_cause": "No form", "correction": "Recorded", "corrective_action": "New form"})
        self.major.with_user(self.user_auditor).action_propose()
        self.major.with_user(self.user_auditor).action_accept()
        self.major.with_user(self.user_auditor).write(
            {"verification_note": "Seen on site.", "closure_evidence_ids": [Command.link(self.item.id)]}
        )
        self.major.with_user(self.user_auditor).action_close()

    def test_grant_with_an_open_major_is_refused(self):
        decision = self.decide()
        with self.assertRaisesText(UserError, f"The major finding {self.major.name} is not closed"):
            decision.with_user(self.user_decision).action_confirm()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.manifest)
        refuse = self.decide(outcome="refuse", level_id=False)
        with self.assertRaisesText(UserError, "reasons of a refusal"):
            refuse.with_user(self.user_decision).action_confirm()
        self.assertEqual(refuse.state, "draft")

    def test_level_above_the_score_is_refused(self):
        audit = self.start_audit(app=self.app_b, start=self.later(14), team=[(self.auditor_d, "lead")])
        rows = [dict(r) for r in E2E_ROWS]
        rows[0] = {"code": "5.1.1", "points": 0, "note": "No organisation chart."}
        audit._apply_checklist_rows(rows)
        audit.with_user(self.user_auditor_4).action_report()
        self.assertEqual(audit.proposed_level_id.stars, 3)
        decision = self.Decision.with_user(self.user_decision).create(
            {"audit_id": audit.id, "outcome": "grant", "level_id": self.level_four.id}
        )
        with self.assertRaisesText(UserError, "is above the level the score reaches"):
            decision.with_user(self.user_decision).action_confirm()
        self.assertEqual(decision.state, "draft")

    def test_only_decision_makers_confirm(self):
        decision = self.decide()
        with self.assertRaises(AccessError):
            self.Decision.with_user(self.user_auditor).search([("id", "=", decision.id)])
        self.assertEqual(self.Decision.with_user(self.user_officer).search([("id", "=", decision.id)]), decision)
        with self.assertRaises(AccessError):
            self.env["cert.finding"].with_user(self.user_auditor_3).create(
                {"audit_id": self.audit.id, "severity": "minor", "description": "Not my audit."}
            )
        with self.assertRaises(AccessError):
            decision.with_user(self.user_officer).action_confirm()
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            decision.with_user(self.user_decision).write({"manifest_sha256": "0" * 64})

    def test_manifest_frozen_rechecked_and_tamper_detected(self):
        self.close_major()
        decision = self.decide()
        decision.with_user(self.user_decision).action_confirm()
        self.assertEqual(decision.state, "confirmed")
        manifest = json.loads(decision.manifest)
        self.assertEqual(hashlib.sha256(decision.manifest.encode()).hexdigest(), decision.manifest_sha256)
        version = self.item.current_version_id
        entries = {(e["model"], e["label"]) for e in manifest["entries"]}
        self.assertIn(("cert.audit.score.line", "5.2.4"), entries)
        self.assertIn(("cert.finding", self.major.name), entries)
        self.assertTrue(all(e["sha256"] == version.sha256 for e in manifest["entries"]))
        self.assertAlmostEqual(manifest["score"], 96.2)

        decision.with_user(self.user_decision).action_check_manifest()
        self.assertTrue(decision.manifest_check_ok)

        # Immutable once confirmed: a new decision supersedes it.
        with self.assertRaisesText(UserError, "never changes"):
            decision.with_user(self.user_decision).write({"reasons": "changed"})

        # Alter the stored bytes on disk: the re-check names the version.
        attachment = version.attachment_id.sudo()
        path = attachment._full_path(attachment.store_fname)
        with open(path, "wb") as f:
            f.write(b"forged records\n")
        decision.with_user(self.user_decision).action_check_manifest()
        self.assertFalse(decision.manifest_check_ok)
        self.assertIn("repairs.txt (version 1", decision.manifest_check_result)
        self.assertIn(version.sha256, decision.manifest_check_result)

        newer = self.decide(outcome="defer", level_id=False, reasons="Wait for the surveillance.")
        newer.with_user(self.user_decision).action_confirm()
        self.assertEqual(decision.state, "superseded")
        self.assertEqual(decision.superseded_by_id, newer)
