import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase
from odoo.tests import tagged

from .test_evidence import EvidenceCase


@tagged("post_install", "-at_install")
class TestEvidenceAccess(EvidenceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._one_item_per_client("A log", b"A\n", "B log", b"B\n")

    def visible(self, user, model="cert.evidence"):
        return self.env[model].with_user(user).search([])

    def regrant(self, share, **changes):
        """Revoke ``share`` and grant the changed role instead (as a CB manager)."""
        values = {"folder_id": share.folder_id.id, "user_id": share.user_id.id, "group_id": share.group_id.id}
        values.update({"role": share.role, **changes})
        share.with_user(self.user_manager).action_revoke()
        return self.env["cert.evidence.share"].with_user(self.user_manager).create(values)

    def assertCannotRead(self, user, records):
        for record in records:
            with self.assertRaises(AccessError, msg=f"{user.login} reads {record}"):
                record.with_user(user).read(["display_name"])

    def test_clients_see_only_their_own(self):
        self.assertIn(self.item_a, self.visible(self.user_portal_a))
        self.assertNotIn(self.item_b, self.visible(self.user_portal_a))
        self.assertNotIn(self.item_a, self.visible(self.user_portal_b))
        self.assertCannotRead(self.user_portal_a, [self.item_b, self.item_b.current_version_id, self.cycle_b])
        self.assertCannotRead(self.user_portal_b, self.item_a)
        # nor the files (portal users read files over HTTP only: see TestEvidenceHttp)
        with self.assertRaises(AccessError):
            self.att_b.with_user(self.user_portal_a).read(["raw"])
        # an internal user without access neither reads nor finds them
        Attachment = self.env["ir.attachment"].with_user(self.user_auditor_2)
        self.assertFalse(Attachment.search([("id", "in", (self.att_a | self.att_b).ids)]))
        self.assertFalse(Attachment.search([("res_model", "=", "cert.evidence.version")]) & (self.att_a | self.att_b))
        with self.assertRaises(AccessError):
            self.att_a.with_user(self.user_auditor_2).read(["raw"])
        self.assertEqual(self.att_a.with_user(self.user_auditor).raw, b"A\n")
        # the client's folders only
        folders = self.visible(self.user_portal_a, "cert.evidence.folder")
        self.assertTrue(folders)
        self.assertEqual(folders.partner_id, self.client_a)

    def test_client_cannot_add_to_another_clients_folder(self):
        with self.assertRaises(AccessError):
            self.env["cert.evidence"].with_user(self.user_portal_a).create({"name": "x", "folder_id": self.folder_b.id})
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_portal_a).write({"folder_id": self.folder_b.id})

    def test_default_roles(self):
        # the assigned auditor reads client A (not B); another auditor, officers, finance, employees nothing
        self.assertIn(self.item_a, self.visible(self.user_auditor))
        self.assertNotIn(self.item_b, self.visible(self.user_auditor))
        self.assertEqual(self.att_a.with_user(self.user_auditor).raw, b"A\n")
        self.assertCannotRead(self.user_auditor, self.item_b)
        for user in (self.user_auditor_2, self.user_officer, self.user_finance, self.user_employee, self.user_salesman):
            self.assertFalse(self.visible(user) & (self.item_a | self.item_b), user.login)
            self.assertCannotRead(user, [self.item_a, self.att_a])
        # decision makers read everything but edit nothing; managers do everything
        decision = self.visible(self.user_decision)
        self.assertTrue(self.item_a | self.item_b <= decision)
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_decision).write({"name": "x"})
        self.assertTrue(self.item_a | self.item_b <= self.visible(self.user_manager))
        self.item_b.with_user(self.user_manager).write({"description": "checked"})

    def test_local_roles_inherit_and_block(self):
        root_a = self.cycle_a.parent_id
        share = (
            self.env["cert.evidence.share"]
            .with_user(self.user_manager)
            .create({"folder_id": root_a.id, "user_id": self.user_officer.id, "role": "reader"})
        )
        self.assertIn(self.item_a, self.visible(self.user_officer))
        self.assertNotIn(self.item_b, self.visible(self.user_officer))
        self.assertIn(share, self.folder_a.effective_share_ids)
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_officer).write({"name": "x"})
        # blocking inheritance on the cycle folder hides what is below it
        self.cycle_a.with_user(self.user_manager).inherit_shares = False
        self.assertNotIn(self.item_a, self.visible(self.user_officer))
        self.assertNotIn(share, self.folder_a.effective_share_ids)
        self.cycle_a.with_user(self.user_manager).inherit_shares = True
        # Contributor adds, Editor edits any item, Reviewer reviews; granted to a group
        share = self.regrant(share, role="contributor")  # grants are never widened in place
        mine = (
            self.env["cert.evidence"]
            .with_user(self.user_officer)
            .create({"name": "Officer note", "folder_id": self.folder_a.id})
        )
        mine.with_user(self.user_officer).write({"name": "Officer note 2"})
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_officer).write({"name": "x"})
        share = self.regrant(
            share, user_id=False, group_id=self.env.ref("cert_service.group_cert_officer").id, role="editor"
        )
        self.item_a.with_user(self.user_officer).write({"name": "Edited by an editor"})
        self.item_a.with_user(self.user_portal_a).action_submit()
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_auditor_2).action_start_review()
        self.env["cert.evidence.share"].with_user(self.user_manager).create(
            {"folder_id": self.cycle_a.id, "user_id": self.user_auditor_2.id, "role": "reviewer"}
        )
        self.item_a.with_user(self.user_auditor_2).action_start_review()
        self.assertEqual(self.item_a.state, "under_review")

    def test_only_managers_and_owners_share(self):
        root_a = self.cycle_a.parent_id
        self.env["cert.evidence.share"].create(
            {"folder_id": root_a.id, "user_id": self.user_officer.id, "role": "editor"}
        )
        for user in (self.user_officer, self.user_auditor, self.user_portal_a):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["cert.evidence.share"].with_user(user).create(
                    {"folder_id": self.folder_a.id, "user_id": self.user_finance.id, "role": "reader"}
                )
        # an editor creates a sub-folder: owning it, they share it
        sub = (
            self.env["cert.evidence.folder"]
            .with_user(self.user_officer)
            .create({"name": "Photos", "parent_id": self.folder_a.id})
        )
        self.assertEqual((sub.owner_id, sub.partner_id), (self.user_officer, self.client_a))
        self.env["cert.evidence.share"].with_user(self.user_officer).create(
            {"folder_id": sub.id, "user_id": self.user_finance.id, "role": "reader"}
        )
        self.assertIn(sub, self.visible(self.user_finance, "cert.evidence.folder"))
        self.assertNotIn(self.folder_a, self.visible(self.user_finance, "cert.evidence.folder"))
        with self.assertRaises(AccessError):
            self.env["cert.evidence.folder"].with_user(self.user_officer).create(
                {"name": "Root", "partner_id": self.client_b.id}
            )

    def test_client_reads_its_folders_and_files_under_an_indicator(self):
        Folder = self.env["cert.evidence.folder"].with_user(self.user_portal_a)
        folder = self.folder_a.with_env(Folder.env)
        readable = [name for name, field in Folder._fields.items() if field.is_accessible(Folder.env)]
        self.assertTrue(folder.read(readable))
        # who else holds a local role on its folders is the CB's business
        self.assertNotIn("share_ids", readable)
        with self.assertRaises(AccessError):
            folder.read(["share_ids"])
        # the client files its item under another indicator: the history names both (it reads no indicator)
        delivery = self.indicator("delivery")
        item = self.item_a.with_user(self.user_portal_a).with_context(tracking_disable=False, mail_notrack=False)
        item.write({"indicator_id": delivery.id})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self.item_a.indicator_id, delivery)
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "cert.evidence"),
                ("mail_message_id.res_id", "=", self.item_a.id),
                ("field_id.name", "=", "indicator_id"),
            ]
        )
        self.assertEqual(tracked.new_value_char, delivery.display_name)
        with self.assertRaises(AccessError):
            delivery.with_user(self.user_portal_a).read(["name"])

    def test_evidence_wizards_open_only_on_the_items_of_their_users(self):
        upload = {"evidence_id": self.item_a.id, "file": base64.b64encode(b"v2\n"), "filename": "a2.txt"}
        for model, values in (
            ("cert.evidence.upload", upload),
            ("cert.evidence.diff", {"evidence_id": self.item_a.id}),
        ):
            for user in (self.user_officer, self.user_finance, self.user_auditor_2, self.user_portal_b):
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    self.env[model].with_user(user).create(dict(values))
            wizard = self.env[model].with_user(self.user_portal_a).create(dict(values))
            # the wizards of others are not found, not read
            self.assertFalse(self.env[model].with_user(self.user_portal_b).search([("id", "=", wizard.id)]))
            # nor moved to an item of another client
            with self.subTest(model=model), self.assertRaises(AccessError):
                wizard.write({"evidence_id": self.item_b.id})
        # the reject/unlock wizard: reviewers (the assigned auditor) and CB managers only
        Reason = self.env["cert.evidence.reason"]
        reject = {"evidence_ids": [Command.set(self.item_a.ids)], "action": "reject", "reason": "Illegible"}
        for user in (self.user_officer, self.user_decision, self.user_finance, self.user_auditor_2, self.user_portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Reason.with_user(user).create(dict(reject))
        wizard = Reason.with_user(self.user_auditor).create(dict(reject))
        self.assertFalse(Reason.with_user(self.user_decision).search([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            wizard.write({"evidence_ids": [Command.link(self.item_b.id)]})
        Reason.with_user(self.user_manager).create(
            dict(reject, evidence_ids=[Command.set((self.item_a | self.item_b).ids)])
        )
        # an empty selection is refused when the wizard is saved, naming the field
        with self.assertRaisesText(ValidationError, "Evidence is required"):
            Reason.with_user(self.user_manager).create(dict(reject, evidence_ids=[Command.clear()]))
        with self.assertRaisesText(ValidationError, "Evidence"):
            wizard.write({"evidence_ids": [Command.clear()]})


@tagged("post_install", "-at_install")
class TestEvidenceHttp(EvidenceCase, HttpCase):
    """The download path (/web/content, /web/image) follows the evidence rules, as the ORM does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._one_item_per_client("A", b"secret-A-7731\n", "B", b"secret-B-9924\n")

    def download(self, attachment, route="content"):
        return self.url_open(f"/web/{route}/{attachment.id}?download=true", allow_redirects=False)

    def assertDownloads(self, attachment, content):
        response = self.download(attachment)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, content)

    def assertRefused(self, attachment, secret):
        for route in ("content", "image"):
            response = self.download(attachment, route)
            self.assertNotEqual(response.status_code, 200, route)
            self.assertNotIn(secret, response.content, route)

    def test_portal_downloads(self):
        self.authenticate(self.user_portal_a.login, self.user_portal_a.login)
        self.assertDownloads(self.att_a, b"secret-A-7731\n")
        self.assertRefused(self.att_b, b"secret-B-9924")
        # guessing: no evidence file of another client is served, whatever the id
        for attachment_id in range(self.att_b.id - 3, self.att_b.id + 4):
            if attachment_id == self.att_a.id:
                continue
            response = self.url_open(f"/web/content/{attachment_id}", allow_redirects=False)
            self.assertNotIn(b"secret-B-9924", response.content)

    def test_internal_users_download_by_role(self):
        self.authenticate(self.user_auditor.login, self.user_auditor.login)
        self.assertDownloads(self.att_a, b"secret-A-7731\n")
        self.assertRefused(self.att_b, b"secret-B-9924")
        for user in (self.user_officer, self.user_auditor_2, self.user_employee):
            self.authenticate(user.login, user.login)
            self.assertRefused(self.att_a, b"secret-A-7731")
        self.authenticate(self.user_manager.login, self.user_manager.login)
        self.assertDownloads(self.att_b, b"secret-B-9924\n")
