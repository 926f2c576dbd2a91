from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo import fields
from odoo.addons.cert_service.tests.billing_common import BillingCase
from odoo.addons.cert_service.tests.certificate_common import CertCertificateCase
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditBilling(CertAuditCase, BillingCase):
    """Audit milestones: the team's actual auditor-days, travel and expenses at cost, recertification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for auditor in (cls.lead, cls.auditor_b, cls.auditor_c):
            cls.env["cert.auditor.qualification"].create(
                {
                    "auditor_id": auditor.id,
                    "scheme_id": cls.fee_scheme.id,
                    "date_from": cls.valid_from,
                    "date_to": cls.valid_to,
                }
            )
        cls.app = cls.accepted_application(cls.client_a)  # 5 initial auditor-days
        cls.app.action_sign_contract()  # audits are planned only for contracted applications
        cls.contract = cls.app.contract_id

    def run_audit(self, audit_type="initial", start=None, expenses=(), days=None, report=True):
        """An audit of the application by lead + auditor (+ observer), with ``expenses`` [(label, amount)]
        and the members' actual ``days`` (lead, auditor), taken to reported."""
        audit = self.make_audit(
            app=self.app,
            start=start,
            audit_type=audit_type,
            team=[(self.lead, "lead"), (self.auditor_b, "auditor"), (self.auditor_c, "observer")],
        )
        if days:
            for member, value in zip(audit.member_ids.sorted("role_sequence"), days, strict=False):
                member.days = value
        audit.with_user(self.user_auditor).write(
            {
                "expense_ids": [
                    Command.create({"name": label, "amount": amount, "product_id": self.p_travel.id})
                    for label, amount in expenses
                ]
            }
        )
        audit.action_plan()
        audit.action_client_confirm()
        audit.action_start()
        if report:
            self.score_fully(audit)
            audit.with_user(self.user_auditor).action_report()
        return audit

    def test_audit_reported_bills_actual_team_days_and_travel_at_cost(self):
        audit = self.run_audit(
            expenses=[("Train Guangzhou–Foshan", 860.50), ("Hotel, one night", 240)],
            days=(3.0, 2.5),  # planned 5; the observer counts none
        )
        self.assertEqual(audit.days_planned, 5.0)
        self.assertEqual(audit._counted_days(), 5.5)
        event = self.event(self.contract, "audit_reported", f"audit/{audit.id}")
        self.assertEqual(event.audit_id, audit)
        event.with_user(self.user_finance).action_invoice()
        move = event.move_id
        # 3,000 × 5.5 days = 16,500 + expenses 1,100.50 = 17,600.50; VAT 6 % = 1,056.03
        self.assertInvoice(
            move,
            17600.50,
            1056.03,
            18656.53,
            [(self.p_day, 5.5, 3000), (self.p_travel, 1, 860.50), (self.p_travel, 1, 240)],
        )
        self.assertEqual(move.invoice_line_ids.cert_audit_id, audit)
        self.assertEqual(move.cert_audit_ids, audit)
        self.assertEqual(audit.invoice_ids, move)
        with self.assertRaisesText(UserError, "can no longer change"):
            audit.expense_ids[0].amount = 1

    def test_surveillance_audit_bills_only_its_expenses(self):
        audit = self.run_audit("surveillance", start=self.monday + timedelta(days=400), expenses=[("Taxi", 88)])
        event = self.event(self.contract, "audit_expenses", f"audit/{audit.id}")
        event.with_user(self.user_finance).action_invoice()
        self.assertInvoice(event.move_id, 88.00, 5.28, 93.28, [(self.p_travel, 1, 88)])
        self.assertFalse(self.event(self.contract, "audit_reported", f"audit/{audit.id}"))

    def test_recertification_accepted_bills_two_thirds_of_initial_days(self):
        audit = self.run_audit("recertification", start=self.monday + timedelta(days=900), report=False)
        event = self.event(self.contract, "recertification_accepted", f"audit/{audit.id}")
        event.with_user(self.user_finance).action_invoice()
        # ⅔ of the 5 initial days = 3.33 → 3.5 days, as quoted on the contract
        self.assertInvoice(event.move_id, 10500.00, 630.00, 11130.00, [(self.p_recert, 3.5, 3000)])

    def test_audit_without_fee_lines_or_expenses_is_not_billable(self):
        audit = self.run_audit("special", start=self.monday + timedelta(days=200))
        self.assertFalse(self.Event.search([("audit_id", "=", audit.id)]))


@tagged("post_install", "-at_install")
class TestFeeSuspension(CertCertificateCase, BillingCase):
    """The surveillance job suspends a valid certificate whose yearly fee is unpaid after the grace period."""

    def test_unpaid_annual_fee_suspends(self):
        app = self.accepted_application(self.client_a)
        level = self.fee_scheme.level_ids.filtered(lambda lv: lv.stars == 5)[:1]
        cert = self.make_certificate(app=app, level=level)
        today = fields.Date.context_today(cert)
        with freeze_time(today + relativedelta(months=12, days=1)):
            self.Event._cron_bill_due()
        invoice = self.Event.search([("certificate_id", "=", cert.id), ("period", "=", "cycle/1/year/2")]).move_id
        self.assertTrue(invoice)
        self.assertFalse(cert._unpaid_invoices(today + relativedelta(months=12, days=31)), "within the grace period")
        self.assertEqual(cert._unpaid_invoices(today + relativedelta(months=12, days=32)), invoice)
        cert._surveillance_step(today + relativedelta(months=13, days=5), self.env["cert.audit"], [])
        self.assertEqual(cert.state, "suspended")
        self.assertEqual(cert.state_reason_id, self.env.ref("cert_service.reason_suspension_fee_unpaid"))
        self.assertIn(invoice.name, cert.state_note)
