from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase):
    def test_portal_home_for_client_only(self):
        client = self.env["res.partner"].create({"name": "Portal Client Co.", "is_company": True})
        user = mail_new_test_user(self.env, login="portal_client", groups="base.group_portal")
        user.partner_id.parent_id = client
        anonymous = self.url_open("/my", allow_redirects=False)
        self.assertIn(anonymous.status_code, (302, 303))
        self.assertIn("/web/login", anonymous.headers["Location"])
        self.authenticate("portal_client", "portal_client")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        # A portal client never reaches the backoffice.
        backend = self.url_open("/odoo", allow_redirects=False)
        self.assertIn(backend.status_code, (302, 303))
        self.assertIn("/my", backend.headers["Location"])
