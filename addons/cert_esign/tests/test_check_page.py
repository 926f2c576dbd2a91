import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from reportlab.pdfgen import canvas

from odoo.tests import tagged

from ..lib import pades
from .common import CertEsignCase


@tagged("post_install", "-at_install")
class TestCheckPage(CertEsignCase):
    """The public "check a PDF you received": each kind of file, the limits, nothing kept, no cookie."""

    def setUp(self):
        super().setUp()
        self.env["cert.esign.check"].sudo().search([]).unlink()

    def check(self, content, status=200, filename="certificate.pdf"):
        self.authenticate(None, None)
        self.opener.cookies.clear()
        response = self.url_open(
            "/certificate/check", files={"pdf": (filename, content, "application/pdf")}, allow_redirects=False
        )
        self.assertEqual(response.status_code, status, response.text[:2000])
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertFalse(self.opener.cookies)
        return response.text

    def verdict(self, html):
        found = re.search(r'data-verdict="([a-z_]+)"', html)
        return found and found.group(1)

    def checks(self, html):
        return dict(re.findall(r'data-check="([a-z_]+)" data-passed="([a-z]+)"', html))

    def test_form(self):
        self.authenticate(None, None)
        self.opener.cookies.clear()
        response = self.url_open("/certificate/check")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertIn("核验证书文件", response.text)
        self.assertIn("Check a certificate PDF you received", response.text)
        self.assertIn('enctype="multipart/form-data"', response.text)

    def test_genuine_current_pdf(self):
        html = self.check(self.pdf())
        self.assertEqual(self.verdict(html), "authentic")
        self.assertEqual(
            self.checks(html),
            {"signed": "yes", "unmodified": "yes", "our_key": "yes", "exists": "yes", "in_force": "yes"},
        )
        self.assertIn("真实有效", html)
        self.assertIn("Authentic and in force", html)
        self.assertIn(self.cert.name, html)
        # the demo data's key says so in every answer
        self.assertIn("DEMO – not valid", html)
        self.assertIn("o_cert_check_demo", html)

    def test_genuine_pdf_of_a_since_suspended_certificate(self):
        issued = self.pdf()
        self.cert._move("action_suspend", reason=self._reason("suspension"))
        html = self.check(issued)
        self.assertEqual(self.verdict(html), "authentic_not_in_force")
        self.assertEqual(self.checks(html)["in_force"], "no")
        self.assertEqual(self.checks(html)["unmodified"], "yes")
        self.assertIn("暂停", html)
        self.assertIn("suspended", html)
        self.assertIn(f"since {self.cert.state_date}", html)

    def test_modified_pdf(self):
        pdf = bytearray(self.pdf())
        pdf[pdf.index(b"stream") + 20] ^= 0x01
        html = self.check(bytes(pdf))
        self.assertEqual(self.verdict(html), "modified")
        self.assertEqual(self.checks(html)["unmodified"], "no")
        self.assertEqual(self.checks(html)["our_key"], "yes")
        self.assertIn("Signed by this body, but modified", html)
        # bytes appended after the signature (an incremental update) are a modification too
        writer = IncrementalPdfFileWriter(io.BytesIO(self.pdf()))
        writer.root["/Lang"] = generic.TextStringObject("en")
        writer.update_root()
        appended = io.BytesIO()
        writer.write(appended)
        html = self.check(appended.getvalue())
        self.assertEqual(self.verdict(html), "modified")
        self.assertEqual(self.checks(html)["unmodified"], "no")

    def test_pdf_signed_by_another_key(self):
        html = self.check(self.other_key_pdf(self.pdf()))
        self.assertEqual(self.verdict(html), "not_ours")
        self.assertEqual(self.checks(html)["signed"], "yes")
        self.assertEqual(self.checks(html)["our_key"], "no")
        self.assertIn("Not signed by this certification body", html)

    def test_unsigned_pdf_and_non_pdf(self):
        html = self.check(pades_free_pdf())
        self.assertEqual(self.verdict(html), "not_ours")
        self.assertEqual(self.checks(html)["signed"], "no")
        html = self.check(b"PK\x03\x04 not a pdf at all", status=400, filename="certificate.pdf")
        self.assertEqual(self.verdict(html), "not_pdf")
        self.assertIn("不是PDF文件", html)

    def test_oversized_file_and_missing_file(self):
        self.env["ir.config_parameter"].sudo().set_param("cert_esign.check_max_size_mb", "0.01")
        html = self.check(self.pdf() + b"%" * 20000, status=413)
        self.assertIn("The file is too large", html)
        self.authenticate(None, None)
        response = self.url_open("/certificate/check", data={"x": "1"}, allow_redirects=False)
        self.assertEqual(response.status_code, 400)

    def test_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("cert_esign.check_max_per_window", "3")
        for _attempt in range(3):
            self.check(b"not a pdf", status=400)
        self.authenticate(None, None)
        blocked = self.url_open("/certificate/check", files={"pdf": ("c.pdf", self.pdf(), "application/pdf")})
        self.assertEqual(blocked.status_code, 429)
        self.assertGreater(int(blocked.headers["Retry-After"]), 0)
        self.assertIn("Too many checks from your address", blocked.text)

    def test_nothing_of_the_upload_is_stored(self):
        pdf = self.pdf()
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*), coalesce(max(id), 0) FROM ir_attachment")
        before = self.env.cr.fetchone()
        self.check(pdf)
        self.check(b"garbage", status=400)
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*), coalesce(max(id), 0) FROM ir_attachment")
        self.assertEqual(self.env.cr.fetchone(), before)
        # the rate limit's rows hold the IP and the time, nothing of the file
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'cert_esign_check' ORDER BY 1"
        )
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], ["checked_at", "id", "ip"])
        self.assertEqual(self.env["cert.esign.check"].sudo().search_count([]), 2)

    def test_demo_key_refused_outside_a_demo_database(self):
        pdf = self.pdf()
        self.env.ref("base.module_base").sudo().demo = False
        html = self.check(pdf)
        self.assertEqual(self.verdict(html), "not_ours")
        self.assertIn("the demo key is not recognised", html)

    def test_former_key_still_recognised(self):
        issued = self.pdf()
        self.upload(self.user_manager, pades.demo_identity("Next key", demo=False), "pw")
        self.assertFalse(self.key.is_current)
        html = self.check(issued)
        self.assertEqual(self.verdict(html), "authentic")
        self.assertIn("a former signing certificate", html)


def pades_free_pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(100, 700, "A certificate made in a word processor")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
