from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CertPortalCase


@tagged("post_install", "-at_install")
class TestPortalActions(CertPortalCase):
    """What the client does from the portal: uploads, audit dates; CSRF; nothing stored when refused."""

    def stored(self):
        """What an upload would add: evidence items, versions and their files."""
        return (
            self.env["cert.evidence"].sudo().search_count([]),
            self.env["cert.evidence.version"].sudo().search_count([]),
            self.env["ir.attachment"].sudo().search_count([("res_model", "=", "cert.evidence.version")]),
        )

    def test_upload_to_a_request(self):
        self.login(self.user_portal_a)
        url = f"{self.request_a.access_url}/upload"
        files = [
            ("files", ("callbacks_q1.csv", b"date,customer,result\n2031-01-05,A,ok\n", "text/csv")),
            ("files", ("callbacks_q2.csv", b"date,customer,result\n2031-04-05,B,ok\n", "text/csv")),
        ]
        response = self.post(url, {"comment": "Q1 and Q2"}, files=files, token_from=self.request_a.access_url, xhr=True)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["redirect"], self.request_a.access_url)
        items = self.request_a.evidence_ids
        self.assertEqual(sorted(items.mapped("file_name")), ["callbacks_q1.csv", "callbacks_q2.csv"])
        self.assertEqual(set(items.mapped("state")), {"submitted"})
        self.assertEqual(items.owner_id, self.user_portal_a)
        self.assertEqual(items.folder_id, self.request_a.folder_id)
        self.assertEqual(self.request_a.state, "fulfilled")
        # the page says so, once
        html = self.get_page(self.request_a.access_url).text
        self.assertIn("2 file(s) uploaded", html)
        self.assertIn("callbacks_q1.csv", html)
        self.assertNotIn("2 file(s) uploaded", self.get_page(self.request_a.access_url).text)

    def test_refused_file_stores_nothing(self):
        self.login(self.user_portal_a)
        before = self.stored()
        files = [
            ("files", ("good.csv", b"a,b\n1,2\n", "text/csv")),
            ("files", ("tool.exe", b"MZ\x90\x00 not evidence", "application/octet-stream")),
        ]
        response = self.post(
            f"{self.request_a.access_url}/upload", files=files, token_from=self.request_a.access_url, xhr=True
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn(".exe", response.json()["error"])  # the backoffice's own message
        self.assertEqual(self.stored(), before)
        self.assertEqual(self.request_a.state, "open")
        self.assertFalse(self.request_a.evidence_ids)
        # without the script: back to the page, which shows the refusal
        response = self.post(f"{self.request_a.access_url}/upload", files=files, token_from=self.request_a.access_url)
        self.assertEqual(response.status_code, 303)
        html = self.get_page(self.request_a.access_url).text
        self.assertIn("alert-danger", html)
        self.assertIn(".exe", html)
        self.assertEqual(self.stored(), before)

    def test_new_versions_of_an_item(self):
        self.login(self.user_portal_a)
        url = f"{self.item_a.access_url}/upload"
        files = [
            ("files", ("manual.txt", b"second version\n", "text/plain")),
            ("files", ("manual.txt", b"third version\n", "text/plain")),
        ]
        response = self.post(url, files=files, token_from=self.item_a.access_url, xhr=True)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.item_a.version_count, 3)
        html = self.get_page(self.item_a.access_url).text
        self.assertIn("v3", html)
        # the same bytes again are refused by the evidence model (duplicate of version 3), nothing stored
        before = self.stored()
        files = [("files", ("manual.txt", b"third version\n", "text/plain"))]
        response = self.post(url, files=files, token_from=self.item_a.access_url, xhr=True)
        self.assertEqual(response.status_code, 422)
        self.assertIn("identical to version 3", response.json()["error"])
        self.assertEqual(self.stored(), before)
        # an empty file too
        files = [("files", ("empty.txt", b"", "text/plain"))]
        response = self.post(url, files=files, token_from=self.item_a.access_url, xhr=True)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(self.stored(), before)

    def test_rejected_item_shows_the_reason_and_goes_back_to_review(self):
        item = self.item_a.with_user(self.user_manager)
        item.action_submit()
        item.action_start_review()
        item._cert_reject("The scan is unreadable")
        self.login(self.user_portal_a)
        html = self.get_page(self.item_a.access_url).text
        self.assertIn("The scan is unreadable", html)
        files = [
            (
                "files",
                (
                    "manual.pdf",
                    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                    "application/pdf",
                ),
            )
        ]
        response = self.post(
            f"{self.item_a.access_url}/upload", files=files, token_from=self.item_a.access_url, xhr=True
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.item_a.state, "submitted")

    def test_post_without_csrf_is_refused(self):
        self.login(self.user_portal_a)
        before = self.stored()
        response = self.post(f"{self.audit_a.access_url}/confirm")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.audit_a.state, "planned")
        files = [("files", ("good.csv", b"a,b\n1,2\n", "text/csv"))]
        response = self.post(f"{self.request_a.access_url}/upload", files=files)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.stored(), before)

    def test_confirm_the_audit_dates(self):
        self.login(self.user_portal_a)
        response = self.post(f"{self.audit_a.access_url}/confirm", token_from=self.audit_a.access_url)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.audit_a.state, "confirmed")
        self.assertEqual(self.audit_a.confirmed_by_id, self.user_portal_a)
        html = self.get_page(self.audit_a.access_url).text
        self.assertIn("o_cert_confirmed", html)
        self.assertNotIn("o_cert_confirm_dates", html)

    def test_propose_other_dates(self):
        self.login(self.user_portal_a)
        activity_type = self.env.ref("cert_portal.mail_activity_type_audit_dates_proposed")
        url = f"{self.audit_a.access_url}/propose"
        # refused: the end before the start; nothing reaches the programme manager
        data = {"date_start": "2031-04-10T09:00", "date_end": "2031-04-09T17:00"}
        self.post(url, data, token_from=self.audit_a.access_url)
        self.assertIn("must end after it starts", self.get_page(self.audit_a.access_url).text)
        self.assertFalse(self.audit_a.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        data = {"date_start": "2031-04-10T09:00", "date_end": "2031-04-11T17:00", "note": "Our HQ moves in March."}
        self.post(url, data, token_from=self.audit_a.access_url)
        activity = self.audit_a.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, self.user_officer)  # the programme manager
        self.assertIn("Our HQ moves in March.", str(activity.note))
        self.assertEqual(self.audit_a.state, "planned")
        message = self.audit_a.message_ids.filtered(lambda m: "proposes other dates" in str(m.body))
        self.assertEqual(message.author_id, self.user_portal_a.partner_id)

    def test_another_client_cannot_act(self):
        self.login(self.user_portal_b)
        token = self.csrf(self.audit_b.access_url)
        for url in (
            f"{self.audit_a.access_url}/confirm",
            f"{self.audit_a.access_url}/propose",
            f"{self.item_a.access_url}/submit",
        ):
            response = self.post(url, {"csrf_token": token})
            self.assertEqual(response.status_code, 404, url)
        files = [("files", ("good.csv", b"a,b\n1,2\n", "text/csv"))]
        for record in (self.request_a, self.item_a):
            response = self.post(f"{record.access_url}/upload", {"csrf_token": token}, files=files)
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.audit_a.state, "planned")
        self.assertEqual(self.request_a.state, "open")
        self.assertEqual(self.item_a.version_count, 1)
        # nor from the model, whatever the route
        with self.assertRaises(AccessError):
            self.audit_a.with_user(self.user_portal_b)._portal_confirm_dates()
