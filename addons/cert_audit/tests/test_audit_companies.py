from odoo import Command
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestAuditCompanies(CertExecutionCase):
    """An audit's checklist and special deductions are read in the audit's company only, like the audit, its
    findings and its decisions (an officer of another branch reads none of them)."""

    def test_another_company_reads_no_checklist_nor_deduction(self):
        audit = self.start_audit()
        deduction = self.env["cert.audit.special.deduction"].create(
            {"audit_id": audit.id, "description": "服务承诺未公示 (service commitments not displayed)."}
        )
        branch = self.env["res.company"].create({"name": "CB Branch B"})
        officer_b = mail_new_test_user(
            self.env,
            login="officer_branch_b",
            groups="cert_service.group_cert_officer,cert_service.group_cert_decision",
            company_id=branch.id,
            company_ids=[Command.set(branch.ids)],
        )
        checked = {
            "cert.audit": audit,
            "cert.audit.score.line": audit.score_line_ids,
            "cert.finding": deduction.finding_id,
        }
        checked["cert.audit.special.deduction"] = deduction
        for model, records in checked.items():
            self.assertTrue(records, model)
            self.assertFalse(self.env[model].with_user(officer_b).search([("id", "in", records.ids)]), model)
            with self.assertRaises(AccessError, msg=model):
                records[:1].with_user(officer_b).read(["display_name"])
        # the audit's own company still reads them
        self.assertEqual(
            self.Line.with_user(self.user_officer).search([("audit_id", "=", audit.id)]), audit.score_line_ids
        )
