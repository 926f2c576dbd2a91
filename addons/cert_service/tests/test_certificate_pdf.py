import base64
import io
import pathlib
import shutil
import subprocess
import tempfile

from pypdf import PdfReader

from odoo.tests import tagged

from .certificate_common import CertCertificateCase
from .certificate_common import portal_installed

#: the test run's git-ignored folder (bin/test keeps its results there too)
LOCAL = pathlib.Path(__file__).resolve().parents[3] / ".local" / "test-results"


@tagged("post_install", "-at_install")
class TestCertificatePdf(CertCertificateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])

    def _pdf(self, cert):
        self.assertEqual(cert.pdf_attachment_id.mimetype, "application/pdf")
        return base64.b64decode(cert.pdf_attachment_id.datas)

    def test_pdf_content_font_qr(self):
        cert = self.make_certificate()
        content = self._pdf(cert)
        reader = PdfReader(io.BytesIO(content))
        self.assertEqual(len(reader.pages), 1)
        page = reader.pages[0]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        self.assertGreater(width, height, "A4 landscape")
        self.assertAlmostEqual(width, 841.89, places=1)
        text = page.extract_text()
        for expected in (
            cert.name,
            "美的售后服务有限公司",
            "五星级",
            "Five stars",
            "GB/T 27922-2011",
            "认证范围",
            self.credit_code,
        ):
            self.assertIn(expected, text)
        self.assertNotIn("SUSPENDED", text)
        # the QR code's target, as a link on the code and as text under it, when the portal publishes the page
        # (links only: a signed PDF also carries its signature's widget)
        links = [a.get_object() for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
        uris = [link["/A"]["/URI"] for link in links]
        self.assertEqual(uris, [cert.verification_url] if portal_installed(self.env) else [])
        if portal_installed(self.env):
            self.assertIn(cert.verification_url, text.replace("\n", ""))
        # the stars are vector paths, not glyphs: five closed ten-point polygons in the content stream
        stream = page.get_contents().get_data().decode("latin-1")
        self.assertGreaterEqual(stream.count(" l\n") + stream.count(" l "), 5 * 9)
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "certificate.pdf"
            path.write_bytes(content)
            if shutil.which("pdffonts"):
                fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
                cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line or "UMing" in line or "CJK" in line]
                self.assertTrue(cjk, fonts)
                self.assertTrue(all(line.split()[-5] == "yes" for line in cjk), fonts)  # the "emb" column
            if shutil.which("pdftoppm"):
                target = LOCAL / self.env.cr.dbname
                target.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "80",
                        "-f",
                        "1",
                        "-l",
                        "1",
                        "-singlefile",
                        str(path),
                        str(target / "certificate_page1"),
                    ],
                    check=True,
                )
                self.assertGreater((target / "certificate_page1.png").stat().st_size, 10000)

    def test_pdf_follows_the_status(self):
        cert = self.make_certificate()
        first = cert.pdf_attachment_id
        self.move(cert, "action_suspend", reason="suspension_client_request")
        self.assertEqual(cert.pdf_attachment_id, first, "one attachment, regenerated")
        text = PdfReader(io.BytesIO(self._pdf(cert))).pages[0].extract_text()
        self.assertIn("SUSPENDED", text)
        self.assertIn("已暂停", text)
        self.move(cert, "action_restore", note="Cause removed")
        self.assertNotIn("SUSPENDED", PdfReader(io.BytesIO(self._pdf(cert))).pages[0].extract_text())
        action = cert.action_download_pdf()
        self.assertEqual(action["url"], f"/web/content/{first.id}?download=true&access_token={first.access_token}")
        # the client gets the same link from its own certificate (the portal shows it)
        self.assertEqual(cert.with_user(self.user_portal_a).pdf_download_url, action["url"])
