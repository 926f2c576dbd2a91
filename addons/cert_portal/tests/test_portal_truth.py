"""The application page tells each demo client the truth: the timeline from the records, every action the
client owes in its next steps, and the outcome of an action once, on its own page."""

import re

from odoo.tests import tagged

from .common import CertPortalCase


@tagged("post_install", "-at_install")
class TestPortalTruthDemo(CertPortalCase):
    """The demo clients as `bin/run` shows them (Shun'an audited, Hongyuan reviewed, Meida in preparation)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.shunan = ref("cert_audit.application_demo_shunan")
        cls.hongyuan = ref("cert_portal.application_demo_hongyuan")
        cls.meida = ref("cert_service.application_demo_meida")

    def page(self, login, app):
        self.authenticate(login, login)
        return self.get_page(app.access_url).text

    @staticmethod
    def steps(html):
        return dict(re.findall(r'data-step="(\w+)" data-status="(\w+)"', html))

    @staticmethod
    def next_steps(html):
        """[(url or None, text)] of the "what you have to do next" card."""
        card = html.split("o_cert_next_steps", 1)[1].split("</ul>", 1)[0]
        return [
            (href or None, re.sub(r"\s+", " ", text).strip())
            for href, text in re.findall(r'<li[^>]*>\s*<i[^>]*></i>\s*(?:<a href="([^"]+)">)?([^<]+)', card)
        ]

    def test_shunan_open_finding_is_not_answered(self):
        finding = self.env.ref("cert_audit.finding_demo_shunan_open")
        self.assertEqual(finding.state, "open")
        self.assertEqual(finding.application_id, self.shunan)
        html = self.page("client.shunan", self.shunan)
        steps = self.steps(html)
        self.assertEqual(steps["findings"], "current")
        self.assertEqual(steps["certificate"], "done")  # a later step does not answer the finding
        self.assertIn("Findings to answer", html)
        self.assertNotIn("Findings answered", html)
        self.assertIn(
            (finding.access_url, f"Answer the finding {finding.name}"),
            [(url, text.split(" (")[0]) for url, text in self.next_steps(html)],
        )

    def test_hongyuan_contract_awaited_and_rejected_evidence_owed(self):
        item = self.env.ref("cert_portal.evidence_demo_portal_complaints")
        self.assertEqual(item.state, "rejected")
        self.assertFalse(item.application_id)  # filed in the client's folders, outside the application
        html = self.page("client.hongyuan", self.hongyuan)
        self.assertEqual(self.steps(html)["contracted"], "current")
        self.assertIn("Contract to sign", html)
        self.assertNotIn("Contract signed", html)
        self.assertIn(
            (item.access_url, f"Upload a new version of the rejected evidence {item.name}"), self.next_steps(html)
        )
        self.assertNotIn("Nothing for now", html)

    def test_meida_uploads_its_missing_documents_from_the_portal(self):
        missing = self.meida._missing_documents()
        self.assertEqual(len(missing), 5)
        html = self.page("client.meida", self.meida)
        todo = {text: url for url, text in self.next_steps(html)}
        for doc in missing:
            url = todo.get(f"Provide the document: {doc.name}")
            self.assertEqual(url, f"{self.meida.access_url}#cert_doc_{doc.id}")
            self.assertIn(f'id="cert_doc_{doc.id}"', html)
            self.assertIn(f"/my/certification/applications/{self.meida.id}/documents/{doc.id}/upload", html)
        doc = missing[0]
        upload = f"/my/certification/applications/{self.meida.id}/documents/{doc.id}/upload"
        files = [("files", ("licence.pdf", b"%PDF-1.4\n% licence\n", "application/pdf"))]
        response = self.post(upload, files=files, token_from=self.meida.access_url, xhr=True)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["redirect"], f"{self.meida.access_url}#cert_doc_{doc.id}")
        self.env.invalidate_all()
        self.assertTrue(doc.satisfied)
        item = doc.evidence_ids
        self.assertEqual(item.file_name, "licence.pdf")
        self.assertEqual(item.owner_id.login, "client.meida")
        self.assertEqual(item.folder_id, self.meida.evidence_folder_id)
        self.assertEqual(item.state, "submitted")
        self.assertEqual(len(self.meida._missing_documents()), 4)
        html = self.get_page(self.meida.access_url).text
        self.assertIn("1 file(s) uploaded", html)
        self.assertNotIn(f"Provide the document: {doc.name}", html)

    def test_a_refused_document_upload_stores_nothing(self):
        doc = self.meida._missing_documents()[0]
        upload = f"/my/certification/applications/{self.meida.id}/documents/{doc.id}/upload"
        before = self.env["cert.evidence"].sudo().search_count([])
        self.authenticate("client.meida", "client.meida")
        files = [("files", ("tool.exe", b"MZ\x90\x00 not evidence", "application/octet-stream"))]
        response = self.post(upload, files=files, token_from=self.meida.access_url, xhr=True)
        self.assertEqual(response.status_code, 422)
        self.env.invalidate_all()
        self.assertEqual(self.env["cert.evidence"].sudo().search_count([]), before)
        self.assertFalse(doc.satisfied)
        # another client's checklist line: not found, nothing stored
        self.authenticate("client.hongyuan", "client.hongyuan")
        files = [("files", ("licence.pdf", b"%PDF-1.4\n% licence\n", "application/pdf"))]
        own_form = self.env.ref("cert_portal.evidence_demo_portal_complaints").access_url
        response = self.post(upload, files=files, token_from=own_form)
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertFalse(doc.evidence_ids)


@tagged("post_install", "-at_install")
class TestPortalFlash(CertPortalCase):
    def test_the_outcome_shows_once_on_its_own_page_only(self):
        self.login(self.user_portal_a)
        files = [("files", ("callbacks.csv", b"date,customer,result\n2031-01-05,A,ok\n", "text/csv"))]
        response = self.post(
            f"{self.request_a.access_url}/upload", files=files, token_from=self.request_a.access_url, xhr=True
        )
        self.assertEqual(response.status_code, 200, response.text)
        # the client opens another record before the request's page: the message is not carried there
        html = self.get_page(self.item_a.access_url).text
        self.assertNotIn("file(s) uploaded", html)
        self.assertNotIn("o_cert_flash", html)
        # nor kept for later
        self.assertNotIn("file(s) uploaded", self.get_page(self.request_a.access_url).text)

    def test_a_refusal_is_not_shown_under_an_earlier_success(self):
        self.login(self.user_portal_a)
        files = [("files", ("callbacks.csv", b"date,customer,result\n2031-01-05,A,ok\n", "text/csv"))]
        self.post(f"{self.item_a.access_url}/upload", files=files, token_from=self.item_a.access_url)
        bad = [("files", ("tool.exe", b"MZ\x90\x00 not evidence", "application/octet-stream"))]
        self.post(f"{self.request_a.access_url}/upload", files=bad, token_from=self.request_a.access_url)
        html = self.get_page(self.request_a.access_url).text
        self.assertIn("alert-danger", html)
        self.assertNotIn("alert-success", html)
