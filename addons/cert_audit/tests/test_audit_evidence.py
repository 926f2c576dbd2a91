import base64

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditEvidenceAccess(CertAuditCase):
    """The audit team reads its client's evidence (cert_service's rules use auditor_user_ids)."""

    def test_team_reads_the_applications_evidence(self):
        item = (
            self.env["cert.evidence"]
            .with_user(self.user_portal_a)
            .create(
                {
                    "name": "Repair records 2030",
                    "folder_id": self.app_a.evidence_folder_id.id,
                    "new_file": base64.b64encode(b"repair log\n"),
                    "new_filename": "repairs.txt",
                }
            )
        )
        self.assertFalse(self.app_a.auditor_user_ids)
        with self.assertRaises(AccessError):
            item.with_user(self.user_auditor).read(["name"])

        audit = self.make_audit(team=[(self.lead, "lead"), (self.auditor_b, "auditor")])
        self.assertEqual(self.app_a.auditor_user_ids, self.user_auditor | self.user_auditor_2)
        self.assertEqual(item.with_user(self.user_auditor).name, "Repair records 2030")
        attachment = item.current_version_id.attachment_id
        self.assertEqual(attachment.with_user(self.user_auditor_2).raw, b"repair log\n")
        # An auditor of another client's audit sees nothing of this one.
        self.make_audit(app=self.app_b, team=[(self.auditor_d, "lead")])
        with self.assertRaises(AccessError):
            item.with_user(self.user_auditor_4).read(["name"])

        audit.with_user(self.user_officer).action_cancel()
        self.assertFalse(self.app_a.auditor_user_ids)
        with self.assertRaises(AccessError):
            item.with_user(self.user_auditor).read(["name"])
