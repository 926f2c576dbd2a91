import base64

from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tests import tagged

from .common import CertSurveyCase

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR outlet front" * 4


@tagged("post_install", "-at_install")
class TestVisitEvidence(RpcMixin, HttpCase, CertSurveyCase):
    """Photos and recordings of a mystery visit: evidence of the audit, added by its team with the store's rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = (
            cls.env["cert.mystery.visit"]
            .with_user(cls.user_auditor)
            .create({"audit_id": cls.audit.id, "channel": "outlet", "site_id": cls.outlets[0].id})
        )
        cls.Evidence = cls.env["cert.evidence"]

    def add(self, user, content=PHOTO, filename="front.png"):
        """Through the form's action, as ``user``: the button's wizard, then its Add."""
        action = self.visit.with_user(user).action_add_evidence()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"file": base64.b64encode(content), "filename": filename, "name": "Outlet front"})
        )
        wizard.action_add()
        return self.visit.evidence_ids

    def test_auditor_of_the_team_adds_a_photo(self):
        items = self.add(self.user_auditor_2)
        self.assertEqual(len(items), 1)
        item = items.sudo()
        self.assertEqual(item.owner_id, self.user_auditor_2)
        self.assertEqual(item.application_id, self.app_a)
        self.assertEqual(item.folder_id, self.visit.evidence_folder_id)
        self.assertEqual(item.folder_id.parent_id, self.app_a.evidence_folder_id)
        self.assertEqual(item.file_name, "front.png")
        self.assertTrue(item.locked, "linked to the visit: locked")
        self.assertEqual(len(self.add(self.user_auditor, PHOTO + b"back")), 2, "a second item in the same folder")
        recording = self.add(self.user_auditor, b"RIFF\x24\x00\x00\x00WAVEfmt counter talk", "counter.wav")
        self.assertEqual(len(recording), 3)
        self.assertIn("counter.wav", recording.sudo().mapped("file_name"))
        self.assertEqual(
            len(self.env["cert.evidence.folder"].sudo().search([("id", "child_of", item.folder_id.id)])), 1
        )

    def test_the_store_rules_apply(self):
        with self.assertRaisesRegex(UserError, "not accepted"):
            self.add(self.user_auditor, b"MZ\x90\x00 a program", "tool.exe")
        self.assertFalse(self.visit.evidence_ids)

    def test_not_beyond_the_audit_team(self):
        with self.assertRaises(AccessError):
            self.add(self.user_auditor_3)
        folder = self.visit.evidence_folder_id or self.visit.sudo()._survey_evidence_folder()
        values = {"name": "x", "folder_id": folder.id, "new_file": base64.b64encode(PHOTO), "new_filename": "x.png"}
        with self.assertRaises(AccessError, msg="an auditor outside the team adds nothing to the visit's folder"):
            self.Evidence.with_user(self.user_auditor_3).create(dict(values))
        with self.assertRaises(AccessError, msg="the team's other folders of the cycle stay read and review"):
            self.Evidence.with_user(self.user_auditor).create(dict(values, folder_id=self.app_a.evidence_folder_id.id))
        item = self.add(self.user_auditor)
        self.assertFalse(self.Evidence.with_user(self.user_portal_a).search([("id", "=", item.id)]))
        self.assertFalse(
            self.env["cert.evidence.folder"].with_user(self.user_portal_a).search([("id", "=", folder.id)]),
            "a mystery visit is not announced to the client",
        )

    def test_only_while_the_audit_runs(self):
        self.add(self.user_auditor)
        self.score_fully(self.audit)
        self.audit.with_user(self.user_auditor).action_report()
        with self.assertRaises(UserError):
            self.add(self.user_auditor)
        values = {
            "name": "late",
            "folder_id": self.visit.evidence_folder_id.id,
            "new_file": base64.b64encode(PHOTO + b"late"),
            "new_filename": "late.png",
        }
        with self.assertRaises(AccessError, msg="the team adds to the visit's folder while the audit runs"):
            self.Evidence.with_user(self.user_auditor).create(values)

    def test_jsonrpc(self):
        wizard = self.ok(
            self.user_auditor,
            "cert.mystery.visit.evidence",
            "create",
            {"visit_id": self.visit.id, "file": base64.b64encode(PHOTO).decode(), "filename": "front.png"},
        )
        self.ok(self.user_auditor, "cert.mystery.visit.evidence", "action_add", [wizard])
        self.assertEqual(self.visit.evidence_ids.sudo().owner_id, self.user_auditor)
        # the folder is the visit's key: written by its action only
        other = self.app_a.evidence_folder_id.id
        self.assertIn(
            "error",
            self.call(self.user_auditor, "cert.mystery.visit", "write", [self.visit.id], {"evidence_folder_id": other}),
        )
        self.assertEqual(self.visit.evidence_folder_id.parent_id.id, other)
        # an auditor off the team cannot even open the wizard on the visit (it would show the visit's name),
        # nor read or run the team's
        answer = self.call(
            self.user_auditor_3,
            "cert.mystery.visit.evidence",
            "create",
            {"visit_id": self.visit.id, "file": base64.b64encode(PHOTO + b"3").decode(), "filename": "b.png"},
        )
        self.assertAccessRefused(answer)
        wizard = self.ok(
            self.user_auditor,
            "cert.mystery.visit.evidence",
            "create",
            {"visit_id": self.visit.id, "file": base64.b64encode(PHOTO + b"3").decode(), "filename": "b.png"},
        )
        self.assertAccessRefused(
            self.call(self.user_auditor_3, "cert.mystery.visit.evidence", "read", [wizard], ["visit_id"])
        )
        self.assertAccessRefused(self.call(self.user_auditor_3, "cert.mystery.visit.evidence", "action_add", [wizard]))
        self.assertEqual(len(self.visit.evidence_ids), 1)
        rows = self.ok(self.user_portal_a, "cert.evidence", "search_read", [("id", "in", self.visit.evidence_ids.ids)])
        self.assertEqual(rows, [])
