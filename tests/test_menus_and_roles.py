"""Cross-addon checks through a real registry (pytest-odoo): who sees the Certification application."""

from cert_testing import CertTransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class TestCertificationMenu(CertTransactionCase):
    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_certification_app_visible_per_role(self):
        root = self.env.ref("cert_service.menu_cert_root")
        config = self.env.ref("cert_service.menu_cert_config")
        for group in ("group_cert_officer", "group_cert_auditor", "group_cert_decision", "group_cert_finance"):
            user = mail_new_test_user(self.env, login=f"menu_{group}", groups=f"cert_service.{group}")
            visible = self._visible_menus(user)
            self.assertIn(root.id, visible, group)
            self.assertNotIn(config.id, visible, group)
        manager = mail_new_test_user(self.env, login="menu_manager", groups="cert_service.group_cert_manager")
        self.assertIn(config.id, self._visible_menus(manager))
        employee = mail_new_test_user(self.env, login="menu_employee", groups="base.group_user")
        self.assertNotIn(root.id, self._visible_menus(employee))

    def test_app_name_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])
        root = self.env.ref("cert_service.menu_cert_root").with_context(lang="zh_CN")
        self.assertEqual(root.name, "认证")
