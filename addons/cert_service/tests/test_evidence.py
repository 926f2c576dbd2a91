import base64
import hashlib
import os
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CertCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class EvidenceCase(CertCase):
    """Two clients with an application each; the auditor is assigned to client A's application."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Application = cls.env["cert.application"]
        cls.app_a = Application.create({"partner_id": cls.client_a.id, "scheme_id": cls.scheme.id})
        cls.app_b = Application.create({"partner_id": cls.client_b.id, "scheme_id": cls.scheme.id})
        # auditor_user_ids is a stored computed field that cert_audit fills from the audit teams; nothing
        # assigns auditors in cert_service, so the tests write the relation table directly.
        cls.env.cr.execute(
            "INSERT INTO cert_application_auditor_user_rel (application_id, user_id) VALUES (%s, %s)",
            [cls.app_a.id, cls.user_auditor.id],
        )
        cls.env.invalidate_all()
        cls.cycle_a = cls.app_a.evidence_folder_id
        cls.cycle_b = cls.app_b.evidence_folder_id
        cls.folder_a = cls._indicator_folder(cls.cycle_a, "repair")
        cls.folder_b = cls._indicator_folder(cls.cycle_b, "repair")

    @classmethod
    def _indicator_folder(cls, cycle, xmlid):
        return cls.env["cert.evidence.folder"].search(
            [("id", "child_of", cycle.id), ("indicator_id", "=", cls.indicator(xmlid).id)]
        )

    @classmethod
    def new_item(cls, user, folder, name="Repair records", content=b"repair log\n", filename="repairs.txt"):
        vals = {"name": name, "folder_id": folder.id}
        if content:
            vals.update(new_file=base64.b64encode(content), new_filename=filename)
        return cls.env["cert.evidence"].with_user(user).create(vals)

    @classmethod
    def _one_item_per_client(cls, name_a, content_a, name_b, content_b):
        """item_a/att_a uploaded by client A's portal user, item_b/att_b by client B's."""
        cls.item_a = cls.new_item(cls.user_portal_a, cls.folder_a, name=name_a, content=content_a, filename="a.txt")
        cls.item_b = cls.new_item(cls.user_portal_b, cls.folder_b, name=name_b, content=content_b, filename="b.txt")
        cls.att_a = cls.item_a.current_version_id.attachment_id
        cls.att_b = cls.item_b.current_version_id.attachment_id

    @staticmethod
    def history(item):
        return item.review_ids.sorted("id", reverse=True).mapped("action")

    def submitted_item(self, user=None, folder=None, **kw):
        item = self.new_item(user or self.user_portal_a, folder or self.folder_a, **kw)
        item.action_submit()
        return item


@tagged("post_install", "-at_install")
class TestEvidence(EvidenceCase):
    # ------------------------------------------------------------------ folders
    def test_folders_created_with_application(self):
        root = self.cycle_a.parent_id
        self.assertEqual(root.partner_id, self.client_a)
        self.assertEqual(root.kind, "client")
        self.assertFalse(root.parent_id)
        self.assertEqual(self.cycle_a.application_id, self.app_a)
        indicator_folders = self.env["cert.evidence.folder"].search(
            [("id", "child_of", self.cycle_a.id), ("indicator_id", "!=", False)]
        )
        self.assertEqual(indicator_folders.indicator_id, self.scheme.indicator_ids)
        self.assertEqual(self.folder_a.parent_id.indicator_id, self.indicator("repair").parent_id)
        # a second cycle of the same client reuses the client's folder
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.scheme.id})
        self.assertEqual(app.evidence_folder_id.parent_id, root)

    # ------------------------------------------------------------------ workflow
    def test_upload_records_sha256_and_metadata(self):
        content = b"first version\n"
        item = self.new_item(self.user_portal_a, self.folder_a, content=content)
        version = item.current_version_id
        self.assertEqual(item.version_count, 1)
        self.assertEqual(version.sha256, hashlib.sha256(content).hexdigest())
        self.assertEqual(version.file_size, len(content))
        self.assertEqual(version.mimetype, "text/plain")
        self.assertEqual(version.uploader_id, self.user_portal_a)
        self.assertEqual(version.attachment_id.sudo().raw, content)
        self.assertEqual(item.owner_id, self.user_portal_a)
        self.assertEqual(item.indicator_id, self.indicator("repair"))
        self.assertEqual(item.partner_id, self.client_a)
        self.assertEqual(item.state, "draft")
        self.assertEqual(self.history(item), ["new_version", "create"])

    def test_submit_guards(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=None)
        with self.assertRaisesText(UserError, "no file"):
            item.with_user(self.user_portal_a).action_submit()
        item.with_user(self.user_portal_a)._cert_add_version(b"x\n", "x.txt")
        item.with_user(self.user_portal_a).action_submit()
        self.assertEqual(item.state, "submitted")
        with self.assertRaisesText(UserError, "cannot submit it"):
            item.with_user(self.user_portal_a).action_submit()
        # someone without the right to edit cannot submit another's draft
        other = self.new_item(self.user_portal_a, self.folder_a, content=b"y\n")
        with self.assertRaises(AccessError):
            other.with_user(self.user_auditor).action_submit()

    def test_retract(self):
        item = self.submitted_item()
        item.with_user(self.user_portal_a).action_retract()
        self.assertEqual(item.state, "draft")
        with self.assertRaisesText(UserError, "cannot retract it"):
            item.with_user(self.user_portal_a).action_retract()

    def test_review_accept(self):
        item = self.submitted_item()
        for user in (self.user_portal_a, self.user_officer, self.user_auditor_2, self.user_decision):
            with self.assertRaises(AccessError, msg=user.login):
                item.with_user(user).action_start_review()
        with self.assertRaisesText(UserError, "cannot accept it"):
            item.with_user(self.user_auditor).action_accept()
        item.with_user(self.user_auditor).action_start_review()
        self.assertEqual(item.state, "under_review")
        with self.assertRaises(AccessError):
            item.with_user(self.user_portal_a).action_accept()
        item.with_user(self.user_auditor).action_accept()
        self.assertEqual(item.state, "accepted")
        self.assertEqual(item.accepted_version_id, item.current_version_id)
        last = item.review_ids.sorted("id")[-1]
        self.assertEqual(
            (last.action, last.user_id, last.from_state, last.to_state),
            ("accept", self.user_auditor, "under_review", "accepted"),
        )
        self.assertEqual(self.history(item), ["accept", "start_review", "submit", "new_version", "create"])

    def test_reject_needs_reason_and_new_version_resubmits(self):
        item = self.submitted_item()
        with self.assertRaises(AccessError):
            item.with_user(self.user_portal_a).action_reject()
        action = item.with_user(self.user_auditor).action_reject()
        self.assertEqual(action["res_model"], "cert.evidence.reason")
        Wizard = self.env["cert.evidence.reason"].with_user(self.user_auditor)
        values = {"evidence_ids": item.ids, "action": "reject"}
        # a blank reason is refused when the wizard is saved
        with self.assertRaisesText(UserError, "Reason is required"):
            Wizard.create(dict(values, reason="  "))
        wizard = Wizard.create(dict(values, reason="The log is not signed."))
        wizard.action_confirm()
        self.assertEqual(item.state, "rejected")
        self.assertEqual(item.reject_reason, "The log is not signed.")
        self.assertEqual(item.review_ids.sorted("id")[-1].comment, "The log is not signed.")
        # the client may edit its rejected item and sends it back with a new version
        item.with_user(self.user_portal_a).write({"description": "signed now"})
        item.with_user(self.user_portal_a)._cert_add_version(b"repair log, signed\n", "repairs.txt", "signed")
        self.assertEqual(item.state, "submitted")
        self.assertEqual(item.version_count, 2)
        self.assertFalse(item.reject_reason)

    def test_under_review_refuses_new_version_and_client_edits(self):
        item = self.submitted_item()
        with self.assertRaises(AccessError):  # submitted: the client no longer edits
            item.with_user(self.user_portal_a).write({"name": "Changed"})
        item.with_user(self.user_auditor).action_start_review()
        with self.assertRaisesText(UserError, "under review"):
            item.with_user(self.user_manager)._cert_add_version(b"other\n", "other.txt")

    def test_new_version_of_accepted_item_goes_back_to_submitted(self):
        item = self.submitted_item()
        item.with_user(self.user_auditor).action_start_review()
        item.with_user(self.user_auditor).action_accept()
        accepted = item.accepted_version_id
        with self.assertRaises(AccessError):  # the client edits drafts and rejected items only
            item.with_user(self.user_portal_a)._cert_add_version(b"v2\n", "v2.txt")
        item.with_user(self.user_manager)._cert_add_version(b"v2\n", "v2.txt")
        self.assertEqual(item.state, "submitted")
        self.assertEqual(item.accepted_version_id, accepted, "the accepted version stays what was reviewed")

    def test_workflow_fields_only_through_buttons(self):
        item = self.new_item(self.user_portal_a, self.folder_a)
        for user in (self.user_portal_a, self.user_manager):
            with self.assertRaisesText(UserError, "workflow"):
                item.with_user(user).write({"state": "accepted"})
            with self.assertRaisesText(UserError, "workflow"):
                item.with_user(user).write({"locked": False})
        with self.assertRaisesText(UserError, "owner"):
            item.with_user(self.user_portal_a).write({"owner_id": self.user_portal_b.id})
        created = (
            self.env["cert.evidence"]
            .with_user(self.user_portal_a)
            .create({"name": "Sneaky", "folder_id": self.folder_a.id, "state": "accepted", "locked": True})
        )
        self.assertEqual((created.state, created.locked), ("draft", False))

    def test_diff_of_text_versions(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"line one\nline two\n")
        item.with_user(self.user_portal_a)._cert_add_version(b"line one\nline 2\n", "repairs.txt")
        old, new = item.version_ids.sorted("version_number")
        diff = self.env["cert.evidence.diff"]._cert_diff(old, new)
        self.assertIn("-line two", diff)
        self.assertIn("+line 2", diff)
        wizard = self.env["cert.evidence.diff"].with_user(self.user_portal_a).create({"evidence_id": item.id})
        self.assertEqual((wizard.old_version_id, wizard.new_version_id), (old, new))
        self.assertIn("+line 2", wizard.diff)
        pdf = self.new_item(self.user_portal_a, self.folder_a, content=PDF, filename="a.pdf")
        pdf.with_user(self.user_portal_a)._cert_add_version(PDF + b"%2\n", "b.pdf")
        with self.assertRaisesText(UserError, "not a text file"):
            self.env["cert.evidence.diff"]._cert_diff(*pdf.version_ids.sorted("version_number"))

    # ------------------------------------------------------------------ immutability
    def test_versions_are_immutable_for_everyone(self):
        item = self.new_item(self.user_portal_a, self.folder_a)
        version = item.current_version_id
        attachment = version.attachment_id
        users = (
            self.user_manager,
            self.user_officer,
            self.user_auditor,
            self.user_decision,
            self.user_finance,
            self.user_portal_a,
        )
        for user in users:
            with self.assertRaises(UserError, msg=user.login):
                version.with_user(user).write({"comment": "changed"})
            with self.assertRaises(UserError, msg=user.login):
                version.with_user(user).unlink()
            with self.assertRaises(UserError, msg=user.login):
                self.env["cert.evidence.version"].with_user(user).create(
                    {"evidence_id": item.id, "version_number": 9, "name": "x", "attachment_id": attachment.id}
                )
            with self.assertRaises(AccessError, msg=user.login):
                attachment.with_user(user).write({"raw": b"tampered"})
            with self.assertRaises(AccessError, msg=user.login):
                attachment.with_user(user).write({"res_model": "res.partner", "res_id": user.partner_id.id})
            with self.assertRaises(AccessError, msg=user.login):
                attachment.with_user(user).unlink()
            with self.assertRaises(AccessError, msg=user.login):
                self.env["ir.attachment"].with_user(user).create(
                    {"name": "x.txt", "raw": b"x", "res_model": "cert.evidence.version", "res_id": version.id}
                )
        # not even the superuser changes a version through the ORM
        with self.assertRaisesText(UserError, "cannot be changed"):
            version.sudo().write({"sha256": "0" * 64})
        with self.assertRaisesText(UserError, "cannot be deleted"):
            version.sudo().unlink()
        self.assertEqual(attachment.sudo().raw, b"repair log\n")

    # ------------------------------------------------------------------ lock, link integrity
    def test_lock_by_reference_and_unlock(self):
        item = self.submitted_item()
        item.with_user(self.user_auditor).action_start_review()
        item.with_user(self.user_auditor).action_accept()
        referrer = self.app_a  # stands for a score line, finding or decision (cert_audit)
        item._cert_lock_evidence(referrer, "Score of 5.2.4 Repair")
        self.assertTrue(item.locked)
        self.assertEqual(item.reference_ids.res_id, referrer.id)
        self.assertEqual(item.reference_ids.version_id, item.accepted_version_id)
        users = (self.user_manager, self.user_auditor, self.user_portal_a, self.user_decision, self.user_officer)
        for user in users:
            with self.assertRaises(UserError, msg=user.login):
                item.with_user(user).write({"name": "Changed"})
            with self.assertRaises(UserError, msg=user.login):
                item.with_user(user)._cert_add_version(b"new\n", "new.txt")
            with self.assertRaises(UserError, msg=user.login):
                item.with_user(user).unlink()
            with self.assertRaises(UserError, msg=user.login):
                item.with_user(user).write({"active": False})
        with self.assertRaisesText(UserError, referrer.name):
            item.with_user(self.user_manager).action_archive()
        # the documented unlock path: a CB manager, with a reason
        for user in (self.user_auditor, self.user_officer, self.user_portal_a):
            with self.assertRaises(AccessError, msg=user.login):
                item.with_user(user)._cert_unlock("please")
        with self.assertRaisesText(UserError, "reason"):
            item.with_user(self.user_manager)._cert_unlock("")
        item.with_user(self.user_manager).action_unlock()
        self.env["cert.evidence.reason"].with_user(self.user_manager).create(
            {"evidence_ids": item.ids, "action": "unlock", "reason": "Wrong file referenced"}
        ).action_confirm()
        self.assertFalse(item.locked)
        self.assertEqual(self.history(item)[0], "unlock")
        self.assertIn("Wrong file referenced", item.sudo().message_ids[0].body)
        item.with_user(self.user_manager).write({"name": "Renamed"})
        # still referenced: never deleted nor archived
        with self.assertRaisesText(UserError, "Referenced by"):
            item.with_user(self.user_manager).unlink()
        item._cert_release_evidence(referrer)
        self.assertFalse(item.reference_ids)

    def test_unlink_only_never_submitted_drafts(self):
        draft = self.new_item(self.user_portal_a, self.folder_a)
        attachment = draft.current_version_id.attachment_id
        draft.with_user(self.user_portal_a).unlink()
        self.assertFalse(attachment.exists())
        item = self.submitted_item()
        item.with_user(self.user_portal_a).action_retract()
        with self.assertRaisesText(UserError, "archive it instead"):
            item.with_user(self.user_portal_a).unlink()

    # ------------------------------------------------------------------ upload validation
    def test_upload_validation(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"first\n")
        attachments = self.env["ir.attachment"].sudo().search_count([])
        cases = [
            (b"", "empty.txt", "empty"),
            (b"MZ\x90\x00binary", "tool.exe", "not accepted"),
            (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff", "fake.pdf", "not an accepted type"),
            (b"first\n", "again.txt", "identical to version 1"),
            (b"x\n", "../etc/passwd.txt", "path separator"),
            (b"x\n", "a\\b.txt", "path separator"),
            (b"x\n", "bad\x07name.txt", "control character"),
            (b"x\n", "", "name"),
        ]
        for raw, name, message in cases:
            with self.assertRaisesText(ValidationError, message):
                item.with_user(self.user_portal_a)._cert_add_version(raw, name)
        self.env["ir.config_parameter"].sudo().set_param("cert_service.evidence_max_size_mb", "0.001")
        with self.assertRaisesText(ValidationError, "larger than the limit"):
            item.with_user(self.user_portal_a)._cert_add_version(os.urandom(2000).hex().encode(), "big.txt")
        self.assertEqual(item.version_count, 1)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), attachments, "nothing stored")
        # accepted types pass
        item.with_user(self.user_portal_a)._cert_add_version(PDF, "scan.pdf")
        self.assertEqual(item.current_version_id.mimetype, "application/pdf")

    # ------------------------------------------------------------------ integrity, retention
    def test_integrity_check_detects_tampering(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"original bytes 8d7f\n")
        version = item.current_version_id
        self.assertFalse(self.env["cert.evidence.version"]._cron_check_integrity())
        self.assertEqual(version.integrity_state, "ok")
        attachment = version.attachment_id.sudo()
        path = attachment._full_path(attachment.store_fname)
        with open(path, "wb") as stored:
            stored.write(b"tampered bytes 8d7f\n")
        self.env.invalidate_all()
        bad = self.env["cert.evidence.version"]._cron_check_integrity()
        self.assertEqual(bad, version)
        self.assertEqual(version.integrity_state, "mismatch")
        self.assertFalse(item.integrity_ok)
        self.assertIn("Integrity check failed", item.sudo().message_ids[0].body)

    def test_retention_flags_but_never_purges(self):
        item = self.submitted_item()
        self.env["cert.evidence"]._cron_retention()
        self.assertFalse(item.retention_until)
        self.app_a.sudo()._workflow_write({"state": "done"})  # the cycle ended (how is not the subject)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cert_application SET write_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=365 * 7), self.app_a.id],
        )
        self.env.invalidate_all()
        flagged = self.env["cert.evidence"]._cron_retention()
        self.assertIn(item, flagged)
        self.assertTrue(item.purge_candidate)
        self.assertLess(item.retention_until, fields.Date.today())
        self.assertTrue(item.sudo().activity_ids)
        self.assertTrue(item.exists())
        self.assertTrue(item.version_ids.attachment_id.exists())

    # ------------------------------------------------------------------ search
    def test_search(self):
        tag = self.env["cert.evidence.tag"].create({"name": "Signed"})
        item = self.new_item(
            self.user_portal_a, self.folder_a, name="Repair log", content=b"zebracorn maintenance log\n"
        )
        item.with_user(self.user_portal_a).write({"tag_ids": [(4, tag.id)], "description": "yearly pump repairs"})
        other = self.new_item(self.user_portal_b, self.folder_b, name="Repair log B", content=b"zebracorn too\n")
        Evidence = self.env["cert.evidence"].with_user(self.user_manager)
        self.assertEqual(Evidence.search([("content_search", "ilike", "zebracorn")]), item | other)
        self.assertEqual(
            Evidence.search([("partner_id", "=", self.client_a.id), ("content_search", "ilike", "zebracorn")]), item
        )
        self.assertEqual(Evidence.search([("tag_ids", "in", tag.ids)]), item)
        self.assertEqual(Evidence.search([("description", "ilike", "pump")]), item)
        self.assertEqual(
            Evidence.search([("indicator_id", "=", self.indicator("repair").id), ("state", "=", "draft")]), item | other
        )
        # the client finds its own evidence only
        portal = self.env["cert.evidence"].with_user(self.user_portal_a)
        self.assertEqual(portal.search([("content_search", "ilike", "zebracorn")]), item)

    # ------------------------------------------------------------------ document requests
    def test_document_request(self):
        Request = self.env["cert.document.request"]
        with self.assertRaises(AccessError):
            Request.with_user(self.user_portal_a).create(
                {"application_id": self.app_a.id, "description": "x", "due_date": fields.Date.today()}
            )
        request = Request.with_user(self.user_auditor).create(
            {
                "application_id": self.app_a.id,
                "indicator_id": self.indicator("repair").id,
                "description": "Last year's repair records, signed by the customers.",
                "due_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self.assertEqual(request.folder_id, self.folder_a)
        activity = request.sudo().activity_ids
        self.assertEqual((activity.user_id, activity.date_deadline), (self.user_auditor, request.due_date))
        self.assertEqual(activity.state, "overdue")
        self.assertEqual(self.env["cert.document.request"]._cron_flag_overdue(), request)
        self.assertTrue(request.is_overdue)
        # client B sees nothing; client A fulfils it with its evidence
        self.assertFalse(Request.with_user(self.user_portal_b).search([("id", "=", request.id)]))
        item = self.submitted_item()
        mine = request.with_user(self.user_portal_a)
        with self.assertRaisesText(UserError, "link the evidence"):
            mine.action_fulfil()
        mine.write({"evidence_ids": [(4, item.id)]})
        mine.action_fulfil()
        self.assertEqual(request.state, "fulfilled")
        self.assertFalse(request.is_overdue)
        self.assertFalse(request.sudo().activity_ids)
