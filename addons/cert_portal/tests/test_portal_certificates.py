from datetime import timedelta

from odoo.tests import tagged

from .common import CertPortalCase


@tagged("post_install", "-at_install")
class TestPortalFindingsCertificates(CertPortalCase):
    """Findings (answer through the model's client action) and certificates (PDF) in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cert_a = cls._issued_certificate(cls.app_a)
        cls.cert_b = cls._issued_certificate(cls.app_b, "cert_service.gbt_level_3star")
        onsite_a = cls._audit_in_progress(cls.app_a, cls.lead, cls.monday + timedelta(days=14, hours=1))
        onsite_b = cls._audit_in_progress(cls.app_b, cls.auditor_d, cls.monday + timedelta(days=21, hours=1))
        cls.finding_a = cls._finding(onsite_a, "Two repair records without the customer signature")
        cls.finding_b = cls._finding(onsite_b, "Secret-Finding of client B")

    def test_pages_as_the_client_and_another(self):
        self.login(self.user_portal_a)
        for url, expected in {
            "/my/certification/findings": self.finding_a.name,
            "/my/certification/certificates": self.cert_a.name,
            self.finding_a.access_url: self.finding_a.description,
            self.cert_a.access_url: self.cert_a.name,
        }.items():
            html = self.get_page(url).text
            self.assertIn(expected, html, url)
            self.assertNotIn("Secret", html, url)
            self.assertNotIn(self.cert_b.name, html, url)
        html = self.get_page(self.cert_a.access_url).text
        self.assertIn("★★★★★", html)
        self.assertIn('href="/my/invoices"', html)
        self.assertIn(f"/certificate/{self.cert_a.token}", html)
        self.assertIn('data-res_model="cert.certificate"', html)
        for record in (self.finding_b, self.cert_b):
            response = self.get_page(record.access_url, status=404)
            self.assertNotIn("Secret", response.text)
        self.get_page(f"/my/certification/certificates/{self.cert_b.id}/pdf", status=404)
        # anonymous: only with the record's token
        self.authenticate(None, None)
        self.get_page(self.cert_a.access_url, status=404)
        self.assertIn(self.cert_a.name, self.get_page(self.cert_a.get_portal_url()).text)

    def test_timeline_with_findings_decision_and_certificate(self):
        self.login(self.user_portal_a)
        html = self.get_page(self.app_a.access_url).text
        self.assertIn('data-step="findings"', html)
        self.assertIn('data-step="certificate" data-status="done"', html)
        self.assertIn(f"Answer the finding {self.finding_a.name}", html)

    def test_download_the_certificate(self):
        self.login(self.user_portal_a)
        response = self.get_page(f"/my/certification/certificates/{self.cert_a.id}/pdf")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_answer_a_finding(self):
        self.login(self.user_portal_a)
        url = f"{self.finding_a.access_url}/answer"
        # refused: an empty corrective action; nothing written
        data = {"root_cause": "No checklist", "correction": "Records signed", "corrective_action": " "}
        self.post(url, data, token_from=self.finding_a.access_url)
        self.assertEqual(self.finding_a.state, "open")
        self.assertFalse(self.finding_a.root_cause)
        self.assertIn("alert-danger", self.get_page(self.finding_a.access_url).text)
        data["corrective_action"] = "A signature field in the repair app, checked weekly"
        self.post(url, data, token_from=self.finding_a.access_url)
        self.assertEqual(self.finding_a.state, "action_proposed")
        self.assertEqual(self.finding_a.answered_by_id, self.user_portal_a)
        # the team rejects it with a reason: the client sees why and answers again
        self.finding_a.with_user(self.user_officer).write({"review_note": "Say who checks, and how often"})
        self.finding_a.with_user(self.user_officer).action_reject()
        html = self.get_page(self.finding_a.access_url).text
        self.assertIn("Say who checks, and how often", html)
        self.assertIn("o_cert_finding_answer", html)
        # another client cannot answer it
        self.login(self.user_portal_b)
        token = self.csrf(self.finding_b.access_url)
        response = self.post(url, dict(data, csrf_token=token))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.finding_a.state, "rejected")
