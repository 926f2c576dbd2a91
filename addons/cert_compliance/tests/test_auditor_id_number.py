from odoo.addons.cert_audit.tests.common import CertAuditCase
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

NUMBER = "440106199001011235"


@tagged("security", "post_install", "-at_install")
class TestAuditorIdNumber(CertAuditCase):
    """An auditor's ID number: read and written by the CB manager and the reporting officer only, masked for
    every other role (the auditor included)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_reporting = mail_new_test_user(
            cls.env, login="cb_reporting", name="Cb Reporting", groups="cert_compliance.group_cert_reporting_officer"
        )
        cls.lead.sudo().id_number = NUMBER

    def test_full_number_for_manager_and_reporting_officer(self):
        for user in (self.user_manager, self.user_reporting):
            self.assertEqual(self.lead.with_user(user).read(["id_number"])[0]["id_number"], NUMBER, user.login)
        self.lead.with_user(self.user_manager).write({"id_number": "11010519491231002X"})
        self.assertEqual(self.lead.sudo().id_number, "11010519491231002X")

    def test_masked_for_every_other_role(self):
        for user in (self.user_officer, self.user_auditor, self.user_auditor_2, self.user_decision, self.user_finance):
            auditor = self.lead.with_user(user)
            with self.assertRaises(AccessError, msg=user.login):
                auditor.read(["id_number"])
            self.assertEqual(auditor.id_number_masked, "4401**********1235", user.login)
            # the form's fields are read without the number
            self.assertNotIn("id_number", auditor.read(["name", "id_number_masked"])[0])
        with self.assertRaises(AccessError):
            self.lead.with_user(self.user_officer).write({"id_number": "11010519491231002X"})
        with self.assertRaises(AccessError):
            self.lead.with_user(self.user_officer).search([("id_number", "=", NUMBER)])

    def test_invalid_number_refused(self):
        with self.assertRaisesText(ValidationError, "ID Number is not a valid resident identity number"):
            self.lead.with_user(self.user_manager).write({"id_number": "440106199001011234"})
