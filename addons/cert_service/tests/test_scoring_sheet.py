import os
import shutil
import subprocess
import tempfile
import unittest

from odoo.tests import HttpCase
from odoo.tests import tagged

from .common import CertCase


@tagged("post_install", "-at_install")
class TestScoringSheet(CertCase):
    def test_scoring_sheet_html_lists_every_indicator(self):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "cert_service.report_scoring_sheet", self.scheme.ids
        )
        html = html.decode()
        for indicator in self.scheme.indicator_ids:
            self.assertIn(indicator.name, html)
        self.assertIn("Scoring Sheet", html)


@tagged("post_install", "-at_install")
class TestScoringSheetPdf(HttpCase):
    """wkhtmltopdf fetches the report assets over HTTP: HttpCase shares the test cursor with the server."""

    @unittest.skipUnless(shutil.which("wkhtmltopdf") and shutil.which("pdftotext"), "needs wkhtmltopdf and poppler")
    def test_scoring_sheet_pdf_in_chinese(self):
        self.scheme = self.env.ref("cert_service.scheme_gbt27922")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])
        report = self.env["ir.actions.report"].with_context(lang="zh_CN", force_report_rendering=True)
        pdf, report_type = report._render_qweb_pdf("cert_service.report_scoring_sheet", self.scheme.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "sheet.pdf")
            with open(path, "wb") as f:
                f.write(pdf)
            if os.environ.get("CERT_KEEP_PDF"):
                shutil.copy(path, os.environ["CERT_KEEP_PDF"])
            text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout.decode()
            fonts = subprocess.run(["pdffonts", path], capture_output=True, check=True).stdout.decode()
        # The Chinese text is real text in an embedded CJK font, not tofu boxes.
        for word in ("商品售后服务评价体系", "评分表", "废弃商品回收", "投诉处理", "五星级"):
            self.assertIn(word, text)
        self.assertRegex(fonts, r"(?i)cjk|noto|wenquanyi|droid")
