from odoo.tests import tagged

from .common import CertPortalCase


@tagged("post_install", "-at_install")
class TestPortalPages(CertPortalCase):
    """Every page as the client, as another client and anonymously."""

    def own_pages(self):
        return {
            "/my/certification/applications": self.app_a.name,
            "/my/certification/requests": self.request_a.name,
            "/my/certification/evidence": self.item_a.name,
            "/my/certification/audits": self.audit_a.name,
            self.app_a.access_url: self.app_a.name,
            self.request_a.access_url: self.request_a.description,
            self.item_a.access_url: self.item_a.name,
            self.audit_a.access_url: self.audit_a.name,
        }

    def test_pages_as_the_client(self):
        self.login(self.user_portal_a)
        for url, expected in self.own_pages().items():
            html = self.get_page(url).text
            self.assertIn(expected, html, url)
            for secret in ("Secret-Name", "Secret-Request", "Secret-Evidence", self.audit_b.name, self.app_b.name):
                self.assertNotIn(secret, html, f"{url} shows another client's {secret}")
        # detail pages carry Odoo's portal chatter for their record
        for record in (self.app_a, self.request_a, self.item_a, self.audit_a):
            html = self.get_page(record.access_url).text
            self.assertIn(f'data-res_model="{record._name}"', html)
            self.assertIn(f'data-res_id="{record.id}"', html)

    def test_application_timeline_and_next_steps(self):
        self.login(self.user_portal_a)
        html = self.get_page(self.app_a.access_url).text
        self.assertIn('data-step="contracted" data-status="done"', html)
        self.assertIn('data-step="audit_planned" data-status="done"', html)
        self.assertIn('data-step="audit_confirmed" data-status="current"', html)
        # what to do next: the open request and the audit dates to confirm, with their links
        self.assertIn(self.request_a.access_url, html)
        self.assertIn(f"Confirm the dates of the audit {self.audit_a.name}", html)
        self.assertIn('href="/my/invoices"', html)

    def test_missing_checklist_documents(self):
        draft = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.scheme.id})
        self.login(self.user_portal_a)
        html = self.get_page(draft.access_url).text
        self.assertIn("o_cert_missing", html)
        for doc in draft._missing_documents():
            self.assertIn(f"Provide the document: {doc.name}", html)

    def test_another_clients_pages_are_not_found(self):
        self.login(self.user_portal_a)
        for record in (self.app_b, self.request_b, self.item_b, self.audit_b):
            response = self.get_page(record.access_url, status=404)
            self.assertNotIn("Secret", response.text)
            self.assertNotIn(record.name, response.text)
        # a record that does not exist answers the same
        self.get_page("/my/certification/audits/999999", status=404)
        version = self.item_b.version_ids
        self.get_page(f"/my/certification/evidence/{self.item_b.id}/versions/{version.id}", status=404)
        # the other client's version through the client's own item is not served either
        self.get_page(f"/my/certification/evidence/{self.item_a.id}/versions/{version.id}", status=404)

    def test_anonymous(self):
        for url in ("/my/certification/applications", "/my/certification/audits", "/my/certification/evidence"):
            response = self.get_page(url, status=303)
            self.assertIn("/web/login", response.headers["Location"])
        for record in (self.app_a, self.request_a, self.item_a, self.audit_a):
            self.get_page(record.access_url, status=404)
            self.get_page(f"{record.access_url}?access_token=wrong", status=404)
            html = self.get_page(record.get_portal_url()).text  # the e-mailed link, with its token
            self.assertIn(record.name, html)
            self.assertNotIn("o_cert_upload_form", html)  # acting needs a login

    def test_download_own_version(self):
        self.login(self.user_portal_a)
        version = self.item_a.version_ids
        response = self.get_page(f"/my/certification/evidence/{self.item_a.id}/versions/{version.id}")
        self.assertEqual(response.content, b"first version\n")
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_home_counters(self):
        self.login(self.user_portal_a)
        counters = [
            "cert_application_count",
            "cert_request_count",
            "cert_request_open_count",
            "cert_audit_count",
            "cert_evidence_count",
        ]
        result = self.make_jsonrpc_request("/my/counters", {"counters": counters})
        self.assertEqual(result["cert_application_count"], 1)
        self.assertEqual(result["cert_request_count"], 1)
        self.assertEqual(result["cert_request_open_count"], 1)
        self.assertEqual(result["cert_audit_count"], 1)
        self.assertEqual(result["cert_evidence_count"], 1)
        self.assertIn("/my/certification/applications", self.get_page("/my/home").text)

    def test_lock_reasons_stay_internal(self):
        self.item_a.sudo()._cert_lock_evidence(self.audit_a, "Internal-Referrer-Note")
        self.login(self.user_portal_a)
        html = self.get_page(self.item_a.access_url).text
        self.assertIn("Locked", html)
        self.assertNotIn("Internal-Referrer-Note", html)
        self.assertNotIn("o_cert_upload_form", html)  # a locked item takes no new version
