from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import TransactionCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestComplianceMenus(TransactionCase):
    """The reporting officer and the impartiality committee reach their work from the Certification menu
    even when they hold no other certification role, and see nothing else of it."""

    def visible(self, groups):
        user = mail_new_test_user(self.env, login=f"menus_{groups.split('.')[-1]}", groups=f"base.group_user,{groups}")
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {xmlid for xmlid in self.MENUS if self.env.ref(xmlid).id in menus}

    MENUS = (
        "cert_service.menu_cert_root",
        "cert_compliance.menu_cert_compliance",
        "cert_compliance.menu_cert_complaint",
        "cert_compliance.menu_cert_qualification_warning",
        "cert_compliance.menu_cert_cnca_batch",
        "cert_compliance.menu_cert_cnca_register",
        "cert_compliance.menu_cert_impartiality_threat",
        "cert_compliance.menu_cert_impartiality_share",
    )

    def test_reporting_officer(self):
        self.assertEqual(
            self.visible("cert_compliance.group_cert_reporting_officer"),
            {
                "cert_service.menu_cert_root",
                "cert_compliance.menu_cert_compliance",
                "cert_compliance.menu_cert_cnca_batch",
                "cert_compliance.menu_cert_cnca_register",
            },
        )

    def test_impartiality_committee(self):
        self.assertEqual(
            self.visible("cert_compliance.group_cert_impartiality"),
            {
                "cert_service.menu_cert_root",
                "cert_compliance.menu_cert_impartiality_threat",
                "cert_compliance.menu_cert_impartiality_share",
            },
        )
