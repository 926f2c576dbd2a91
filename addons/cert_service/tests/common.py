from contextlib import contextmanager

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import TransactionCase


class CertCase(TransactionCase):
    """A user per role of domain.md §1, and the shipped GB/T 27922-2011 scheme."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))

        def user(login, groups, **kw):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=login.replace("_", " ").title(),
                groups=groups,
                email=f"{login}@cb.example.com",
                **kw,
            )

        cls.user_manager = user("cb_manager", "cert_service.group_cert_manager")
        cls.user_officer = user("cb_officer", "cert_service.group_cert_officer")
        cls.user_auditor = user("cb_auditor", "cert_service.group_cert_auditor")
        cls.user_auditor_2 = user("cb_auditor_2", "cert_service.group_cert_auditor")
        cls.user_decision = user("cb_decision", "cert_service.group_cert_decision")
        cls.user_finance = user("cb_finance", "cert_service.group_cert_finance")
        cls.user_employee = user("cb_employee", "base.group_user")
        cls.user_salesman = user("cb_salesman", "sales_team.group_sale_salesman")
        cls.client_a = cls.env["res.partner"].create({"name": "Client A Appliances Co., Ltd.", "is_company": True})
        cls.client_b = cls.env["res.partner"].create({"name": "Client B Logistics Co., Ltd.", "is_company": True})
        cls.user_portal_a = user("client_a_portal", "base.group_portal")
        cls.user_portal_a.partner_id.parent_id = cls.client_a
        cls.user_portal_b = user("client_b_portal", "base.group_portal")
        cls.user_portal_b.partner_id.parent_id = cls.client_b
        cls.scheme = cls.env.ref("cert_service.scheme_gbt27922")

    @classmethod
    def indicator(cls, xmlid):
        return cls.env.ref(f"cert_service.gbt_{xmlid}")

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which Odoo wraps in a savepoint, unlike assertRaisesRegex) plus the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
