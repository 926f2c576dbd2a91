from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo import fields
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
    def submit_application(cls, app):
        """Submit a draft ``app`` through its action, filling first what a submission needs (in ``app``'s
        environment: tests on their own cursors call it too)."""
        pdf = app.env["ir.attachment"].create({"name": "document.pdf", "raw": b"%PDF-1.4 document"})
        if not app.site_ids.filtered(lambda s: s.site_type == "hq"):
            app.site_ids = [Command.create({"name": f"{app.partner_id.name} HQ", "site_type": "hq"})]
        if app.declared_outlet_count > app.outlet_count:
            app.declared_outlet_count = app.outlet_count
        app.system_start_date = fields.Date.today() - relativedelta(months=app.scheme_id.min_operation_months + 1)
        app.document_ids.filtered(lambda d: d.required and d.applicable).attachment_ids = [Command.link(pdf.id)]
        app.action_submit()
        return app

    @classmethod
    def contract_application(cls, app):
        """Take a draft ``app`` to "contracted" through its actions."""
        cls.submit_application(app)
        app.action_accept()
        if not app.contract_id.line_ids:  # a scheme without a fee schedule (no demo data)
            product = app.env["product.product"].create({"name": "Certification fee", "type": "service"})
            app.contract_id.line_ids = [
                Command.create({"product_id": product.id, "name": product.name, "milestone": "application_accepted"})
            ]
        app.action_sign_contract()
        return app

    @classmethod
    def indicator(cls, xmlid):
        return cls.env.ref(f"cert_service.gbt_{xmlid}")

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which Odoo wraps in a savepoint, unlike assertRaisesRegex) plus the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
