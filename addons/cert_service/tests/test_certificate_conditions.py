from lxml import etree

from odoo import fields
from odoo.tests import HttpCase
from odoo.tests import tagged

from .certificate_common import CertCertificateCase
from .rpc_common import RpcMixin


@tagged("post_install", "-at_install")
class TestCertificateConditions(RpcMixin, CertCertificateCase, HttpCase):
    """Each life-cycle move of a certificate only when its condition holds, tried over JSON-RPC as the
    officer would from the backoffice: refused with the reason, and nothing changed."""

    def assertRefused(self, answer, text, error="odoo.exceptions.UserError"):
        self.assertIn("error", answer, f"accepted: {answer}")
        data = answer["error"]["data"]
        self.assertEqual(data["name"], error, data.get("debug", "")[-2000:])
        self.assertIn(text, data["message"])
        return data["message"]

    def officer_today(self):
        """Today where the officer works (the server decides in the caller's time zone)."""
        return fields.Date.context_today(self.env["cert.certificate"].with_user(self.user_officer))

    def snapshot(self, *certs):
        """What a refused move must leave as it was."""
        self.env.invalidate_all()
        return [
            (
                c.state,
                c.state_date,
                c.state_note,
                c.expiry_date,
                len(c.status_ids),
                len(c.message_ids),
                c.pdf_attachment_id,
            )
            for c in certs
        ]

    def test_expire_only_once_the_expiry_date_is_reached(self):
        cert = self.make_certificate()
        before = self.snapshot(cert)
        message = self.assertRefused(
            self.call(self.user_officer, "cert.certificate", "action_expire", cert.ids), "withdraw or cancel it"
        )
        self.assertIn(f"valid until {cert.expiry_date}", message)
        self.assertEqual(self.snapshot(cert), before, "nothing changed")
        # on its expiry date, before the daily job runs, the officer may expire it
        cert._workflow_sudo_write({"expiry_date": self.officer_today()})
        self.assertNotIn("error", self.call(self.user_officer, "cert.certificate", "action_expire", cert.ids))
        self.env.invalidate_all()
        self.assertEqual(cert.state, "expired")
        self.assertEqual(
            [(h.from_state, h.to_state) for h in cert.status_ids.sorted("id")],
            [("draft", "valid"), ("valid", "expired")],
        )

    def test_superseded_only_by_the_successors_issue(self):
        cert = self.make_certificate()
        before = self.snapshot(cert)
        self.assertRefused(
            self.call(self.user_officer, "cert.certificate", "action_supersede", cert.ids), "superseded by issuing"
        )
        self.assertRefused(
            self.call(self.user_manager, "cert.certificate", "_move", cert.ids, "action_supersede"),
            "cannot be called remotely",
            "odoo.exceptions.AccessError",
        )
        self.assertEqual(self.snapshot(cert), before, "nothing changed")
        # the successor's issue supersedes it in the same transaction, with a history row on both
        successor = self.make_successor(cert, level=self.level_4, issue=False)
        self.assertNotIn("error", self.call(self.user_officer, "cert.certificate", "action_issue", successor.ids))
        self.env.invalidate_all()
        self.assertEqual((cert.state, successor.state), ("superseded", "valid"))
        self.assertEqual(cert.status_ids.sorted("id")[-1].to_state, "superseded")
        self.assertEqual(successor.status_ids.to_state, "valid")

    def test_never_valid_past_the_expiry_date(self):
        today = self.officer_today()
        cert = self.make_certificate(level=self.level_4)
        successor = self.make_successor(cert, level=self.level_5, issue=False)
        # valid on its expiry date (the daily job did not run yet): its successor would be valid past it
        cert._workflow_sudo_write({"expiry_date": today})
        before = self.snapshot(cert, successor)
        self.assertRefused(
            self.call(self.user_officer, "cert.certificate", "action_issue", successor.ids), "is already reached"
        )
        self.assertEqual(self.snapshot(cert, successor), before, "nothing changed")
        # a suspended certificate past its expiry date is not restored: it expires
        self.move(cert, "action_suspend", reason="suspension_client_request")
        before = self.snapshot(cert)
        self.assertRefused(
            self.call(self.user_officer, "cert.certificate", "action_restore", cert.ids), "expired, never valid"
        )
        wizard = self.env["cert.certificate.transition"].create(
            {"certificate_ids": cert.ids, "action": "action_restore", "note": "Cause removed"}
        )
        self.assertRefused(
            self.call(self.user_officer, "cert.certificate.transition", "action_confirm", wizard.ids),
            "expired, never valid",
        )
        self.assertEqual(self.snapshot(cert), before, "nothing changed")

    def test_possible_now_names_only_moves_whose_condition_holds(self):
        cert = self.make_certificate()
        message = self.assertRefused(
            self.call(self.user_officer, "cert.certificate", "action_restore", cert.ids), "Possible now:"
        )
        self.assertIn("Possible now: suspend, withdraw, cancel.", message)

    def test_kanban_by_status_is_not_draggable(self):
        answer = self.call(self.user_officer, "cert.certificate", "get_views", [[False, "kanban"]])
        self.assertNotIn("error", answer)
        arch = etree.fromstring(answer["result"]["views"]["kanban"]["arch"])
        self.assertEqual(arch.get("default_group_by"), "state")
        for attribute in ("records_draggable", "group_create", "group_edit", "group_delete", "quick_create"):
            self.assertEqual(arch.get(attribute), "0", attribute)
        # what a drop would send is refused by the model anyway
        cert = self.make_certificate()
        before = self.snapshot(cert)
        self.assertRefused(
            self.call(
                self.user_officer, "cert.certificate", "web_save", cert.ids, {"state": "expired"}, specification={}
            ),
            "cannot be changed directly",
        )
        self.assertEqual(self.snapshot(cert), before, "nothing changed")
