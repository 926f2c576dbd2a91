import base64
import re

from odoo.tests import HttpCase
from odoo.tests import tagged

from .common import CertSurveyCase


@tagged("post_install", "-at_install")
class TestPortalServiceOrders(HttpCase, CertSurveyCase):
    """The client uploads its service orders from the page of its audit, with the backoffice's import rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.user_portal_a, cls.user_portal_b):
            user.password = user.login
        cls.url = cls.audit.access_url
        cls.upload_url = f"{cls.url}/service-orders"

    def login(self, user):
        self.authenticate(user.login, user.login)

    def page(self, url=None, status=200):
        response = self.url_open(url or self.url, allow_redirects=False)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def csrf(self, url=None):
        # followed: a page asked in another language than the site's default redirects to its prefixed URL
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url or self.url).text)
        self.assertTrue(found, f"no form on {url or self.url}")
        return found.group(1)

    def upload(self, rows, filename="orders.csv", token_from=None, xhr=False, raw=None):
        data = {"csrf_token": self.csrf(token_from)} if token_from is not False else {}
        headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
        content = raw if raw is not None else self.csv_file_bytes(rows)
        files = [("files", (filename, content, "text/csv"))]
        return self.url_open(self.upload_url, data=data, files=files, headers=headers, allow_redirects=False)

    def csv_file_bytes(self, rows):
        return base64.b64decode(self.csv_file(rows))

    def orders(self):
        return self.Order.sudo().search([("audit_id", "=", self.audit.id)])

    def test_good_file(self):
        self.login(self.user_portal_a)
        html = self.page()
        self.assertIn("o_cert_service_orders", html, "the audit takes orders: the upload form is there")
        response = self.upload(self.rows(25, self.outlets.mapped("name")))
        self.assertEqual(response.status_code, 303, response.text)
        orders = self.orders()
        self.assertEqual(len(orders), 25)
        self.assertEqual(set(orders.site_id.ids) - set(self.outlets.ids), set())
        html = self.page()
        self.assertIn("your service orders were received", html)
        self.assertIn("Orders received so far: 25", html)
        self.assertNotIn("顾客00001", html, "the page never shows the orders' customers")
        self.assertIn(f"{self.user_portal_a.partner_id.name}", self.audit.message_ids[0].author_id.name)

    def test_bad_rows_named_nothing_imported(self):
        self.login(self.user_portal_a)
        rows = self.rows(20, self.outlets.mapped("name"))
        rows[4][2] = "2025-13-01"  # row 6 of the file
        rows[9][3] = "海珠店"  # row 11
        response = self.upload(rows, token_from=self.url, xhr=True)
        self.assertEqual(response.status_code, 422)
        error = response.json()["error"]
        self.assertIn("Row 6", error)
        self.assertIn("2025-13-01", error)
        self.assertIn("Row 11", error)
        self.assertIn("海珠店", error)
        self.assertFalse(self.orders(), "nothing is imported from a file with a bad row")
        # without the script: the page names the rows
        self.assertEqual(self.upload(rows).status_code, 303)
        html = self.page()
        self.assertIn("alert-danger", html)
        self.assertIn("Row 11", html)
        self.assertFalse(self.orders())

    def test_bad_rows_named_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["cert_service", "cert_customer_survey"], ["zh_CN"])
        self.user_portal_a.lang = "zh_CN"
        self.login(self.user_portal_a)
        rows = self.rows(8, self.outlets.mapped("name"))
        rows[2][1] = "not a phone"  # row 4
        response = self.upload(rows, xhr=True)
        self.assertEqual(response.status_code, 422)
        error = response.json()["error"]
        self.assertIn("第 4 行", error)
        self.assertIn("不是电话号码", error)
        self.assertFalse(self.orders())

    def test_not_a_spreadsheet_and_size_limit(self):
        self.login(self.user_portal_a)
        response = self.upload(None, filename="orders.pdf", raw=b"%PDF-1.4 not orders", xhr=True)
        self.assertEqual(response.status_code, 422)
        self.assertIn("orders.pdf is not a CSV or XLSX file", response.json()["error"])
        self.env["ir.config_parameter"].sudo().set_param("cert_service.evidence_max_size_mb", "0.0005")
        response = self.upload(self.rows(40, self.outlets.mapped("name")), xhr=True)
        self.assertEqual(response.status_code, 422)
        self.assertIn("larger than the limit", response.json()["error"])
        self.assertFalse(self.orders())

    def test_csrf_required(self):
        self.login(self.user_portal_a)
        response = self.upload(self.rows(3, self.outlets.mapped("name")), token_from=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.orders())

    def test_another_clients_audit(self):
        self.login(self.user_portal_b)
        self.page(status=404)
        response = self.upload(self.rows(3, self.outlets.mapped("name")), token_from="/my/account")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.orders())

    def test_refused_once_the_sample_is_drawn(self):
        self.login(self.user_portal_a)
        self.assertEqual(self.upload(self.rows(30, self.outlets.mapped("name"))).status_code, 303)
        self.audit.with_user(self.user_auditor).action_draw_sample()
        html = self.page()
        self.assertNotIn("o_cert_service_orders", html, "no more upload form once the sample is drawn")
        sampled = self.audit.sample_line_ids.order_id.sudo()
        for order in sampled:
            self.assertNotIn(order.customer_name, html, "the portal never shows the sample")
            self.assertNotIn(order.order_ref, html)
        more = self.rows(5, self.outlets.mapped("name"), prefix="LATE")
        response = self.upload(more, token_from="/my/account", xhr=True)
        self.assertEqual(response.status_code, 422)
        self.assertIn("takes no more service orders", response.json()["error"])
        self.assertEqual(len(self.orders()), 30)
