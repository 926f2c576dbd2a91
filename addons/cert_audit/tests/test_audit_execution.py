import os
import shutil
import subprocess
import tempfile
import unicodedata
import unittest

from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestAuditExecutionEndToEnd(CertExecutionCase, HttpCase):
    """Confirmed audit → start → scored → special deduction → reported (PDF) → finding closed → independent grant.

    An HttpCase: wkhtmltopdf fetches the report assets over HTTP from the test server.
    """

    @unittest.skipUnless(shutil.which("wkhtmltopdf") and shutil.which("pdftotext"), "needs wkhtmltopdf and poppler")
    def test_confirmed_audit_to_granted_five_stars(self):
        # A document review of the same cycle, led by auditor_d: its lead may not decide either.
        review = self.make_audit(
            app=self.app_cn, start=self.later(-14), audit_type="document_review", team=[(self.auditor_d, "lead")]
        )
        self.assertTrue(review)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "in", ("cert_service", "cert_audit"))])._update_translations(
            ["zh_CN"]
        )
        self.client_cn.lang = "zh_CN"
        audit = self.start_audit()
        self.assertEqual(audit.state, "in_progress")
        self.assertEqual(len(audit.score_line_ids), 15)
        as_lead = audit.with_user(self.user_auditor)

        # Refusals are translated (the client and the team work in Chinese), and write nothing.
        with self.assertRaisesText(ValidationError, "超出 0 至 6 的范围"):
            self.line(as_lead, "5.1.1").with_context(lang="zh_CN").write({"points": 7})
        with self.assertRaisesText(ValidationError, "请填写删减理由"):
            self.line(as_lead, "5.2.6").with_context(lang="zh_CN").write({"excluded": True})
        self.assertEqual(audit.score_to_do, 15)

        # Score all 15 indicators by hand: one exclusion, sampled indicators, notes where below the maximum.
        for row in E2E_ROWS:
            line = self.line(as_lead, row["code"])
            vals = {"note": row.get("note") or False}
            if row.get("excluded"):
                vals.update(excluded=True, exclusion_reason=row["exclusion_reason"])
            elif "sample_size" in row:
                vals.update(sample_size=row["sample_size"], nonconforming_count=row["nonconforming"])
            else:
                vals["points"] = row["points"]
            line.write(vals)
        self.assertEqual(audit.score_to_do, 0)
        self.assertAlmostEqual(audit.score, 96.2)

        # One special deduction: it opens a finding (the minor to correct).
        deduction = (
            self.env["cert.audit.special.deduction"]
            .with_user(self.user_auditor)
            .create({"audit_id": audit.id, "description": "服务承诺未公示 (service commitments not displayed)."})
        )
        finding = deduction.finding_id
        self.assertEqual(finding.state, "open")
        self.assertEqual(finding.severity, "minor")
        self.assertAlmostEqual(audit.score, 95.2)
        self.assertEqual(audit.proposed_level_id, self.level_five)

        # Reported: the PDF in Chinese is attached.
        as_lead.with_context(force_report_rendering=True).action_report()
        self.assertEqual(audit.state, "reported")
        attachment = audit.report_attachment_id
        self.assertEqual(attachment.mimetype, "application/pdf")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.pdf")
            with open(path, "wb") as f:
                f.write(attachment.raw)
            text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout.decode()
            # pdftotext maps some glyphs to CJK compatibility code points (⼭ for 山): compare normalised text.
            text = unicodedata.normalize("NFKC", text)
            fonts = subprocess.run(["pdffonts", path], capture_output=True, check=True).stdout.decode()
        self.assertIn("佛山市美家电器有限公司", text)
        self.assertIn("95.2", text)
        self.assertIn("五星", text)
        self.assertIn("删减", text)
        self.assertRegex(fonts, r"(?i)cjk|noto|wenquanyi|droid")

        early = self.Decision.with_user(self.user_decision).create(
            {"audit_id": audit.id, "level_id": self.level_five.id}
        )
        with self.assertRaisesText(UserError, "没有已接受的纠正措施"):
            early.with_user(self.user_decision).with_context(lang="zh_CN").action_confirm()
        early.with_user(self.user_decision).unlink()

        # The client answers from the portal; the team accepts, then verifies the closure with evidence.
        finding.with_user(self.user_portal_cn).action_portal_answer(
            "开业检查遗漏", "已张贴服务承诺", "开业检查表增加公示项"
        )
        self.assertEqual(finding.state, "action_proposed")
        finding.with_user(self.user_auditor).action_accept()
        proof = self.make_evidence(self.app_cn)
        finding.with_user(self.user_auditor).write(
            {"verification_note": "Photo of the notice board.", "closure_evidence_ids": [Command.link(proof.id)]}
        )
        finding.with_user(self.user_auditor).action_close()
        self.assertEqual(finding.state, "closed")
        self.assertTrue(proof.locked)

        # The decision: a team member, the team's lead and the lead of another audit of the cycle are refused.
        decision = self.Decision.with_user(self.user_decision).create(
            {"audit_id": audit.id, "outcome": "grant", "level_id": self.level_five.id, "reasons": "五星"}
        )
        decision_group = self.env.ref("cert_service.group_cert_decision")
        for user, text in (
            (self.user_auditor_2, "was Auditor of the audit"),
            (self.user_auditor, "was Lead auditor of the audit"),
            (self.user_auditor_4, review.name),
        ):
            user.groups_id = [Command.link(decision_group.id)]
            with self.assertRaisesText(AccessError, text):
                decision.with_user(user).action_confirm()
            self.assertEqual(decision.state, "draft")
        decision.with_user(self.user_decision).action_confirm()
        self.assertEqual(decision.state, "confirmed")
        self.assertEqual(decision.decided_by_id, self.user_decision)
        self.assertEqual(decision.level_id.name, self.level_five.name)
        self.assertEqual(decision.partner_id, self.client_cn)
        self.assertEqual(len(decision.manifest_sha256), 64)
