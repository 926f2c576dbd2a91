from odoo.tests import HttpCase
from odoo.tests import tagged

from .rpc_common import RpcMixin
from .test_evidence import EvidenceCase


@tagged("post_install", "-at_install")
class TestEvidenceFolderKeys(RpcMixin, EvidenceCase, HttpCase):
    """What decides who reads a folder is refused to plain writes over JSON-RPC: its client, its cycle and its
    place in the tree are keys (a CB manager included), its parent and owner are a CB manager's; its owner
    edits the rest."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the officer owns client A's repair folder: the owner edits the folder and shares it
        cls.folder_a.with_user(cls.user_manager).owner_id = cls.user_officer

    def assertKept(self, folder, name, before):
        folder.invalidate_recordset()
        self.assertEqual(folder.sudo()[name], before, f"{name} changed")

    def test_keys_are_refused_to_a_cb_manager(self):
        folder = self.folder_a
        keys = {
            "partner_id": self.client_b.id,
            "application_id": self.app_b.id,
            "parent_path": f"{self.cycle_b.parent_path}{folder.id}/",
            "complete_name": "Elsewhere / Repair",
        }
        for name, value in keys.items():
            before = folder.sudo()[name]
            answer = self.call(self.user_manager, "cert.evidence.folder", "write", folder.ids, {name: value})
            label = folder._fields[name]._description_string(self.env)
            self.assertRefused(answer, label, "odoo.exceptions.UserError")
            self.assertKept(folder, name, before)
        # the tree still finds the folder under its own cycle, not under client B's
        Folder = self.env["cert.evidence.folder"]
        self.assertIn(folder, Folder.search([("id", "child_of", self.cycle_a.id)]))
        self.assertNotIn(folder, Folder.search([("id", "child_of", self.cycle_b.id)]))

    def test_a_folder_is_not_created_with_a_path_of_its_own(self):
        answer = self.call(
            self.user_manager,
            "cert.evidence.folder",
            "create",
            {"name": "Planted", "parent_id": self.cycle_a.id, "parent_path": f"{self.cycle_b.parent_path}0/"},
        )
        self.assertRefused(answer, "Parent Path", "odoo.exceptions.UserError")
        self.assertFalse(self.env["cert.evidence.folder"].search([("name", "=", "Planted")]))

    def test_the_owner_edits_the_folder_not_its_place(self):
        folder = self.folder_a
        self.ok(self.user_officer, "cert.evidence.folder", "write", folder.ids, {"description": "Repair logs"})
        path = folder.parent_path
        moved = {"parent_path": f"{self.cycle_b.parent_path}{folder.id}/"}
        answer = self.call(self.user_officer, "cert.evidence.folder", "write", folder.ids, moved)
        self.assertRefused(answer, "Parent Path", "odoo.exceptions.UserError")
        self.assertKept(folder, "parent_path", path)
        for name, value in {"owner_id": self.user_manager.id, "parent_id": self.cycle_b.id}.items():
            before = folder.sudo()[name]
            answer = self.call(self.user_officer, "cert.evidence.folder", "write", folder.ids, {name: value})
            self.assertAccessRefused(answer)
            self.assertKept(folder, name, before)
