"""Evidence: keys only the evidence code writes, grants, requests, leaks, uploads — played as the users who
would break them, since the ORM, not the views, is the boundary."""

from odoo import Command
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_evidence import EvidenceCase


@tagged("post_install", "-at_install")
class TestEvidenceKeys(EvidenceCase):
    def test_pointers_and_verdicts_are_written_by_the_evidence_code_only(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"keys\n")
        other = self.new_item(self.user_portal_b, self.folder_b, content=b"other keys\n")
        keys = {
            "current_version_id": other.current_version_id.id,
            "version_count": 7,
            "integrity_ok": False,
            "accepted_version_id": item.current_version_id.id,
            "partner_id": self.client_b.id,
            "application_id": self.app_b.id,
            "company_id": False,
            "retention_until": fields.Date.today(),
            "purge_candidate": True,
            "submitted_date": fields.Datetime.now(),
            "reject_reason": "x",
            "state": "accepted",
            "locked": True,
        }
        for user in (self.user_portal_a, self.user_manager):
            for fname, value in keys.items():
                with self.assertRaises(UserError, msg=f"{user.login} writes {fname}") as caught:
                    item.with_user(user).write({fname: value})
                self.assertIn("workflow", str(caught.exception))
        with self.assertRaisesText(UserError, "workflow"):
            self.env["cert.evidence"].with_user(self.user_manager).create(
                {"name": "Elsewhere", "folder_id": self.folder_a.id, "application_id": self.app_b.id}
            )
        self.assertEqual((item.partner_id, item.application_id, item.version_count), (self.client_a, self.app_a, 1))

    def test_refusal_names_the_state_and_the_possible_actions(self):
        item = self.submitted_item(content=b"state\n")
        with self.assertRaises(UserError) as caught:
            item.with_user(self.user_auditor).action_accept()
        message = str(caught.exception)
        self.assertIn("Submitted", message)
        self.assertIn("start the review", message)  # what the auditor may do now

    def test_folder_cycle_and_client_are_set_on_creation(self):
        sub = (
            self.env["cert.evidence.folder"]
            .with_user(self.user_manager)
            .create({"name": "Photos", "parent_id": self.folder_a.id, "owner_id": self.user_officer.id})
        )
        for vals in ({"application_id": self.app_b.id}, {"partner_id": self.client_b.id}):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                sub.with_user(self.user_officer).write(vals)
        # moving a folder or changing its owner is a CB manager's (a field rule of the folder)
        with self.assertRaisesText(AccessError, "You are not allowed to change"):
            sub.with_user(self.user_officer).write({"parent_id": self.cycle_a.id})
        with self.assertRaisesText(ValidationError, "certification cycle of its own client"):
            self.env["cert.evidence.folder"].with_user(self.user_officer).create(
                {"name": "Sneaky", "parent_id": sub.id, "application_id": self.app_b.id}
            )


@tagged("post_install", "-at_install")
class TestEvidenceShares(EvidenceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an editor of client A's folder creates (and so owns and manages) a sub-folder
        cls.env["cert.evidence.share"].create(
            {"folder_id": cls.folder_a.id, "user_id": cls.user_officer.id, "role": "editor"}
        )
        cls.sub = (
            cls.env["cert.evidence.folder"]
            .with_user(cls.user_officer)
            .create({"name": "Photos", "parent_id": cls.folder_a.id})
        )
        Share = cls.env["cert.evidence.share"].with_user(cls.user_officer)
        cls.share = Share.create({"folder_id": cls.sub.id, "user_id": cls.user_finance.id, "role": "reader"})

    def test_a_grant_is_never_moved_or_widened(self):
        changes = [
            {"folder_id": self.cycle_b.parent_id.id},
            {"role": "editor"},
            {"user_id": self.user_auditor_2.id},
            {"user_id": False, "group_id": self.env.ref("base.group_user").id},
        ]
        for user in (self.user_officer, self.user_manager):
            for vals in changes:
                with self.assertRaises(UserError, msg=f"{user.login}: {vals}") as caught:
                    self.share.with_user(user).write(vals)
                self.assertIn("revoke it", str(caught.exception))
        self.share.with_user(self.user_officer).write({"note": "for the invoices"})
        self.assertEqual(
            (self.share.folder_id, self.share.role, self.share.user_id), (self.sub, "reader", self.user_finance)
        )
        self.assertNotIn(
            self.cycle_b.parent_id, self.env["cert.evidence.folder"].with_user(self.user_finance).search([])
        )

    def test_granting_checks_the_granters_right_on_the_target(self):
        Share = self.env["cert.evidence.share"].with_user(self.user_officer)
        for folder in (self.folder_b, self.cycle_a):  # another client's folder; a folder the officer edits only
            with self.assertRaises(AccessError, msg=folder.display_name):
                Share.create({"folder_id": folder.id, "user_id": self.user_auditor_2.id, "role": "reader"})
        with self.assertRaisesText(AccessError, "portal or public groups"):
            Share.create({"folder_id": self.sub.id, "group_id": self.env.ref("base.group_portal").id})
        with self.assertRaisesText(AccessError, "another client's user"):
            Share.create({"folder_id": self.sub.id, "user_id": self.user_portal_b.id})
        granted = Share.create({"folder_id": self.sub.id, "user_id": self.user_portal_a.id, "role": "reader"})
        granted.action_revoke()
        self.assertFalse(granted.exists())
        with self.assertRaises(AccessError):
            self.share.with_user(self.user_auditor_2).action_revoke()


@tagged("post_install", "-at_install")
class TestDocumentRequestIntegrity(EvidenceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = (
            cls.env["cert.document.request"]
            .with_user(cls.user_auditor)
            .create(
                {
                    "application_id": cls.app_a.id,
                    "indicator_id": cls.indicator("repair").id,
                    "description": "Repair records of 2025.",
                    "due_date": fields.Date.today(),
                }
            )
        )

    def test_the_client_only_fulfils(self):
        mine = self.request.with_user(self.user_portal_a)
        changes = [
            {"due_date": fields.Date.add(fields.Date.today(), days=30)},
            {"description": "Nothing needed"},
            {"requested_by_id": self.user_portal_a.id},
            {"indicator_id": False},
        ]
        for vals in changes:
            with self.assertRaises(AccessError, msg=vals):
                mine.write(vals)
        for vals in ({"state": "cancelled"}, {"is_overdue": True}, {"application_id": self.app_b.id}):
            with self.assertRaises(UserError, msg=vals):
                mine.write(vals)
        with self.assertRaises(AccessError):
            mine.action_cancel()
        other = self.new_item(self.user_portal_b, self.folder_b, content=b"B's\n")
        # another client's item: refused (it belongs to client B)
        with self.assertRaisesText(UserError, "another client"):
            mine.write({"evidence_ids": [Command.link(other.id)]})
        item = mine._cert_upload(b"repairs 2025\n", "repairs-2025.txt")
        self.assertEqual((item.folder_id, item.owner_id), (self.folder_a, self.user_portal_a))
        self.assertEqual(self.request.evidence_ids, item)
        mine.action_fulfil()
        self.assertEqual(self.request.state, "fulfilled")
        with self.assertRaises(AccessError):
            mine.action_reopen()

    def test_requesters_are_the_reviewers_of_the_folder(self):
        with self.assertRaises(AccessError):  # an auditor who is not on this client's audits
            self.request.with_user(self.user_auditor_2).action_cancel()
        new_date = fields.Date.add(fields.Date.today(), days=10)
        self.request.with_user(self.user_auditor).write({"due_date": new_date})
        activity = self.request.sudo().activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("cert_service.mail_activity_type_document_request_due")
        )
        self.assertEqual(activity.date_deadline, new_date)
        self.request.with_user(self.user_auditor).action_cancel()
        self.assertEqual(self.request.state, "cancelled")
        with self.assertRaisesText(UserError, "cannot cancel it"):
            self.request.with_user(self.user_auditor).action_cancel()
        self.request.with_user(self.user_auditor).action_reopen()
        self.assertEqual(self.request.state, "open")
        self.assertEqual(len(self.request.sudo().activity_ids), 1)

    def test_own_todo_survives_the_request(self):
        todo = self.request.sudo().activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_auditor.id, summary="Call the client"
        )
        self.request.with_user(self.user_auditor).write({"due_date": fields.Date.add(fields.Date.today(), days=3)})
        item = self.submitted_item(content=b"todo\n")
        self.request.with_user(self.user_portal_a).write({"evidence_ids": [Command.link(item.id)]})
        self.request.with_user(self.user_portal_a).action_fulfil()
        self.assertTrue(todo.exists())
        self.assertEqual(self.request.sudo().activity_ids, todo)


@tagged("post_install", "-at_install")
class TestEvidenceLeaks(EvidenceCase):
    def test_owner_who_leaves_the_client_loses_later_versions(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"mine v1\n")
        first = item.current_version_id
        self.user_portal_a.partner_id.parent_id = self.client_b  # moves to another company
        second = item.with_user(self.user_manager)._cert_add_version(b"added later v2\n", "v2.txt")
        Version = self.env["cert.evidence.version"].with_user(self.user_portal_a)
        self.assertEqual(Version.search([("evidence_id", "=", item.id)]), first)
        with self.assertRaises(AccessError):
            second.attachment_id.with_user(self.user_portal_a).read(["raw"])

    def test_portal_sees_no_referrers_nor_unlock_reasons(self):
        item = self.submitted_item(content=b"locked\n")
        item.with_user(self.user_auditor).action_start_review()
        item.with_user(self.user_auditor).action_accept()
        item._cert_lock_evidence(self.app_a, "Internal score line 5.2.4 by Zhang")
        item.with_user(self.user_manager)._cert_unlock("Auditor picked the wrong file")
        portal = self.user_portal_a
        references = self.env["cert.evidence.reference"].with_user(portal).search([("evidence_id", "=", item.id)])
        self.assertTrue(references, "the client sees that its item is used")
        for fname in ("referrer_name", "description"):
            with self.assertRaises(AccessError, msg=fname):
                references.read([fname])
        history = self.env["cert.evidence.review"].with_user(portal).search([("evidence_id", "=", item.id)])
        internal = history.filtered(lambda step: step.action in ("lock", "unlock"))
        self.assertEqual(len(internal), 2)
        self.assertFalse(any(internal.mapped("comment")))
        self.assertIn("Auditor picked the wrong file", internal.with_user(self.user_manager).mapped("comment"))
        messages = (
            self.env["mail.message"]
            .with_user(portal)
            .search([("model", "=", "cert.evidence"), ("res_id", "=", item.id)])
        )
        bodies = " ".join(messages.mapped("body"))
        self.assertNotIn("wrong file", bodies)
        self.assertNotIn("Zhang", bodies)
        with self.assertRaises(UserError) as caught:
            item.with_user(portal).write({"active": False})
        self.assertNotIn("Zhang", str(caught.exception))
        # internal users still see who refers to it
        self.assertIn("Internal score line", references.with_user(self.user_auditor).description)

    def test_chatter_files_do_not_bypass_versions(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"chatter\n")
        with self.assertRaisesText(UserError, "new versions"):
            item.with_user(self.user_portal_a).message_post(body="see file", attachments=[("x.exe", b"MZ")])
        with self.assertRaisesText(UserError, "new versions"):  # what /mail/attachment/upload does, as sudo
            self.env["ir.attachment"].sudo().create(
                {"name": "x.txt", "raw": b"x", "res_model": "cert.evidence", "res_id": item.id}
            )
        pending = (
            self.env["ir.attachment"]
            .with_user(self.user_auditor)
            .create({"name": "y.txt", "raw": b"y", "res_model": "mail.compose.message", "res_id": 0})
        )
        with self.assertRaisesText(UserError, "new versions"):
            item.with_user(self.user_auditor).message_post(body="pending", attachment_ids=pending.ids)
        self.assertEqual(item.version_count, 1)

    def test_no_access_token_on_evidence_files(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"token\n")
        attachment = item.current_version_id.attachment_id
        other = self.env["ir.attachment"].create({"name": "plain.txt", "raw": b"plain"})
        tokens = (attachment | other).sudo().generate_access_token()
        self.assertFalse(tokens[0])
        self.assertTrue(tokens[1])
        self.assertFalse(attachment.sudo().access_token)


@tagged("post_install", "-at_install")
class TestEvidenceUploads(EvidenceCase):
    def test_empty_file_is_refused(self):
        Evidence = self.env["cert.evidence"].with_user(self.user_portal_a)
        count = Evidence.search_count([])
        with self.assertRaisesText(ValidationError, "empty (0 bytes)"):
            Evidence.create({"name": "Empty", "folder_id": self.folder_a.id, "new_file": b"", "new_filename": "e.pdf"})
        self.assertEqual(Evidence.search_count([]), count, "no item without its file")
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"something\n")
        with self.assertRaisesText(ValidationError, "empty (0 bytes)"):
            item.with_user(self.user_portal_a).write({"new_file": b"", "new_filename": "e.txt"})
        self.assertEqual(item.version_count, 1)

    def test_same_file_twice_in_a_cycle_names_the_holder(self):
        first = self.new_item(self.user_portal_a, self.folder_a, name="Repair log 2025", content=b"same bytes\n")
        other_folder = self._indicator_folder(self.cycle_a, "delivery")
        with self.assertRaisesText(ValidationError, "Repair log 2025"):
            self.new_item(self.user_portal_a, other_folder, content=b"same bytes\n", filename="copy.txt")
        # someone who cannot open the holder is not told its name
        self.env["cert.evidence.share"].create(
            {"folder_id": other_folder.id, "user_id": self.user_officer.id, "role": "contributor"}
        )
        with self.assertRaises(ValidationError) as caught:
            self.new_item(self.user_officer, other_folder, content=b"same bytes\n", filename="copy.txt")
        self.assertIn("cannot open", str(caught.exception))
        self.assertNotIn(first.name, str(caught.exception))
        # another client, or another cycle of the same client, may hold the same bytes
        self.new_item(self.user_portal_b, self.folder_b, content=b"same bytes\n")
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.scheme.id})
        self.new_item(
            self.user_portal_a, self._indicator_folder(app.evidence_folder_id, "repair"), content=b"same bytes\n"
        )

    def test_content_must_match_the_extension(self):
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"first\n")
        with self.assertRaisesText(ValidationError, "not what a .pdf file holds"):
            item.with_user(self.user_portal_a)._cert_add_version(b"plain words\n", "scan.pdf")

    def test_settings_change_the_rules(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.cert_evidence_max_size_mb, 50.0)
        self.assertEqual(settings.cert_evidence_retention_years, 6)
        settings.cert_evidence_max_size_mb = 0.001
        settings.cert_evidence_allowed_extensions = "txt,pdf"
        settings.execute()
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"small\n")
        with self.assertRaisesText(ValidationError, "larger than the limit of 0.001 MB"):
            item.with_user(self.user_portal_a)._cert_add_version(b"x" * 2000, "big.txt")
        with self.assertRaisesText(ValidationError, "Accepted: pdf, txt"):
            item.with_user(self.user_portal_a)._cert_add_version(b"\x89PNG\r\n\x1a\n", "p.png")
        self.env["ir.config_parameter"].sudo().set_param("cert_service.evidence_retention_years", "not a number")
        self.assertEqual(self.env["res.config.settings"]._cert_param("cert_evidence_retention_years"), 6)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"cert_evidence_retention_years": -1})


@tagged("post_install", "-at_install")
class TestEvidenceActivities(EvidenceCase):
    def test_review_activity_scheduled_and_closed_own_todo_kept(self):
        review_type = self.env.ref("cert_service.mail_activity_type_evidence_review")
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"activity\n")
        todo = item.sudo().activity_schedule("mail.mail_activity_data_todo", user_id=self.user_auditor.id)
        item.with_user(self.user_portal_a).action_submit()
        review = item.sudo().activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(review.user_id, self.user_auditor)
        item.with_user(self.user_auditor).action_start_review()
        item.with_user(self.user_auditor).action_accept()
        self.assertFalse(review.exists() and review.active)
        self.assertEqual(item.sudo().activity_ids, todo, "the auditor's own To-Do stays")


@tagged("post_install", "-at_install")
class TestEvidenceCompanies(EvidenceCase):
    def test_company_b_sees_nothing_of_company_a(self):
        company_b = self.env["res.company"].create({"name": "CB Branch B"})
        manager_b = self.env["res.users"].create(
            {
                "name": "Manager B",
                "login": "manager_b",
                "company_id": company_b.id,
                "company_ids": [Command.set(company_b.ids)],
                "groups_id": [Command.link(self.env.ref("cert_service.group_cert_manager").id)],
            }
        )
        item = self.new_item(self.user_portal_a, self.folder_a, content=b"company A\n")
        self.assertEqual(item.company_id, self.app_a.company_id)
        request = self.env["cert.document.request"].create(
            {"application_id": self.app_a.id, "description": "x", "due_date": fields.Date.today()}
        )
        self.assertFalse(self.env["cert.evidence"].with_user(manager_b).search([("id", "=", item.id)]))
        self.assertFalse(self.env["cert.evidence.folder"].with_user(manager_b).search([("id", "=", self.folder_a.id)]))
        self.assertFalse(self.env["cert.document.request"].with_user(manager_b).search([("id", "=", request.id)]))
        self.assertTrue(self.env["cert.evidence"].with_user(self.user_manager).search([("id", "=", item.id)]))
