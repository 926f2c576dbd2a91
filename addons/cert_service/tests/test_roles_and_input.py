"""Every role can do its job, and bad input is refused clearly — through the external API (JSON-RPC)."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged

from .certificate_common import CertCertificateCase
from .rpc_common import RpcMixin


@tagged("post_install", "-at_install", "cert_roles_input")
class TestServiceRolesAndInput(RpcMixin, CertCertificateCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create({"name": "Audit fee", "type": "service"})
        cls.fee = cls.env["cert.scheme.fee"].create(
            {
                "scheme_id": cls.scheme.id,
                "product_id": product.id,
                "milestone": "audit_reported",
                "price_unit": 1000,
                "band_basis": "employees",
            }
        )
        cls.band = cls.env["cert.scheme.fee.band"].create({"fee_id": cls.fee.id, "threshold": 100, "price_unit": 1500})
        cls.cert = cls.make_certificate(cls, user=cls.user_officer)

    def label(self, model, field):
        return self.env[model]._fields[field]._description_string(self.env)

    # ------------------------------------------------------------------ roles
    def test_finance_keeps_the_fee_schedule(self):
        finance = self.user_finance
        self.ok(finance, "cert.scheme.fee", "write", [self.fee.id], {"price_unit": 1200})
        self.assertEqual(self.fee.price_unit, 1200)
        self.ok(finance, "cert.scheme.fee.band", "write", [self.band.id], {"price_unit": 1800})
        self.assertEqual(self.band.price_unit, 1800)
        band_id = self.ok(
            finance, "cert.scheme.fee.band", "create", {"fee_id": self.fee.id, "threshold": 500, "price_unit": 2500}
        )
        self.assertEqual(self.fee.band_ids.mapped("threshold"), [100, 500])
        self.ok(finance, "cert.scheme.fee.band", "unlink", [band_id])
        fee_id = self.ok(
            finance,
            "cert.scheme.fee",
            "create",
            {"scheme_id": self.scheme.id, "product_id": self.fee.product_id.id, "milestone": "annual_fee"},
        )
        self.ok(finance, "cert.scheme.fee", "unlink", [fee_id])
        self.assertFalse(self.env["cert.scheme.fee"].browse(fee_id).exists())
        # from their own menu
        menu = self.env.ref("cert_service.menu_cert_scheme_fee")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(finance)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_auditor)._visible_menu_ids())
        # the scheme itself stays the CB manager's
        self.assertAccessRefused(self.call(finance, "cert.scheme", "write", [self.scheme.id], {"name": "Renamed"}))

    def test_status_history_follows_the_certificate(self):
        history = self.cert.status_ids
        self.assertTrue(history)
        domain = [["certificate_id", "=", self.cert.id]]
        self.assertAccessRefused(self.call(self.user_salesman, "cert.certificate.status", "search_read", domain))
        self.assertAccessRefused(self.call(self.user_salesman, "cert.certificate.status", "read", history.ids))
        for user in (self.user_finance, self.user_officer, self.user_portal_a):
            rows = self.ok(user, "cert.certificate.status", "search_read", domain, ["to_state"])
            self.assertEqual({row["id"] for row in rows}, set(history.ids), user.login)
        # another client reads none of it
        self.assertEqual(self.ok(self.user_portal_b, "cert.certificate.status", "search_read", domain, ["id"]), [])

    # ------------------------------------------------------------------ bad input
    def test_negative_payment_grace_refused(self):
        grace = self.scheme.payment_grace_days
        answer = self.call(self.user_manager, "cert.scheme", "write", [self.scheme.id], {"payment_grace_days": -5})
        self.assertRefused(answer, self.label("cert.scheme", "payment_grace_days"))
        self.assertEqual(self.scheme.payment_grace_days, grace)

    def test_negative_band_price_refused(self):
        answer = self.call(self.user_finance, "cert.scheme.fee.band", "write", [self.band.id], {"price_unit": -50})
        self.assertRefused(answer, self.label("cert.scheme.fee.band", "price_unit"))
        self.assertEqual(self.band.price_unit, 1500)
        answer = self.call(
            self.user_finance,
            "cert.scheme.fee.band",
            "create",
            {"fee_id": self.fee.id, "threshold": 900, "price_unit": -50},
        )
        self.assertRefused(answer, self.label("cert.scheme.fee.band", "price_unit"))
        self.assertEqual(len(self.fee.band_ids), 1)

    def test_band_price_must_be_a_number(self):
        answer = self.call(self.user_finance, "cert.scheme.fee.band", "write", [self.band.id], {"price_unit": "lots"})
        self.assertRefused(answer, self.label("cert.scheme.fee.band", "price_unit"))
        self.assertEqual(self.band.price_unit, 1500)

    def test_service_system_starting_in_the_future_refused(self):
        label = self.label("cert.application", "system_start_date")
        values = {
            "partner_id": self.client_b.id,
            "scheme_id": self.scheme.id,
            "system_start_date": "2031-01-01",
            "site_ids": [Command.create({"name": "HQ", "site_type": "hq"})],
        }
        Application = self.env["cert.application"].with_context(active_test=False)
        before = Application.search_count([("partner_id", "=", self.client_b.id)])
        self.assertRefused(self.call(self.user_officer, "cert.application", "create", values), label)
        self.assertEqual(Application.search_count([("partner_id", "=", self.client_b.id)]), before)
        app = self.app_cert_a
        start = app.system_start_date
        answer = self.call(
            self.user_officer, "cert.application", "write", [app.id], {"system_start_date": "2031-01-01"}
        )
        self.assertRefused(answer, label)
        self.assertEqual(app.system_start_date, start)
        # a date that has passed is the applicant's to declare
        self.ok(self.user_officer, "cert.application", "write", [app.id], {"system_start_date": "2020-01-01"})
        self.assertEqual(app.system_start_date, date(2020, 1, 1))

    def test_document_request_due_date_emptied_refused(self):
        request = self.env["cert.document.request"].create(
            {
                "application_id": self.app_cert_a.id,
                "description": "Repair records of March.",
                "due_date": date(2031, 3, 31),
            }
        )
        answer = self.call(self.user_manager, "cert.document.request", "write", [request.id], {"due_date": False})
        self.assertRefused(answer, self.label("cert.document.request", "due_date"))
        self.assertEqual(request.due_date, date(2031, 3, 31))
        answer = self.call(self.user_manager, "cert.document.request", "write", [request.id], {"due_date": "soon"})
        self.assertRefused(answer, self.label("cert.document.request", "due_date"))
        self.assertEqual(request.due_date, date(2031, 3, 31))

    def test_selection_outside_its_values_refused(self):
        answer = self.call(self.user_finance, "cert.scheme.fee", "write", [self.fee.id], {"milestone": "whenever"})
        message = self.assertRefused(answer, self.label("cert.scheme.fee", "milestone"))
        self.assertIn("audit_reported", message, "the possible values are listed")
        self.assertEqual(self.fee.milestone, "audit_reported")

    def test_caller_values_are_not_changed(self):
        # the guard reads the caller's dictionaries: a retried call sends them again, unchanged
        values = {"fee_id": self.fee.id, "threshold": 700, "price_unit": 10}
        sent = dict(values)
        self.env["cert.scheme.fee.band"].with_user(self.user_finance).create(values)
        self.assertEqual(values, sent)
