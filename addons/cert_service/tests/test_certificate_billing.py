from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import tagged

from .billing_common import BillingCase
from .certificate_common import CertCertificateCase


@tagged("post_install", "-at_install")
class TestCertificateBilling(CertCertificateCase, BillingCase):
    """Certificate issued, annual fees and surveillances, and the payment gate of the issue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app = cls.accepted_application(cls.client_a)  # 5 initial auditor-days
        cls.contract = cls.app.contract_id
        cls.fee_level = cls.fee_scheme.level_ids.filtered(lambda level: level.stars == 5)[:1]
        cls.today = fields.Date.context_today(cls.env["cert.certificate"])

    def certificate(self, issue=True):
        return self.make_certificate(app=self.app, level=self.fee_level, issue=issue)

    def events(self, cert):
        return self.Event.search([("certificate_id", "=", cert.id)])

    def finance_bills(self, events):
        events.with_user(self.user_finance).action_invoice()
        return events.move_id

    def pay(self, moves):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=moves.ids).create(
            {}
        )._create_payments()

    # ------------------------------------------------------------------ milestones of the certificate
    def test_issue_registers_certificate_fee_and_yearly_fees(self):
        cert = self.certificate()
        got = {(e.milestone, e.period, e.date_due) for e in self.events(cert)}
        in_months = lambda months: self.today + relativedelta(months=months)  # noqa: E731
        self.assertEqual(
            got,
            {
                ("certificate_issued", "cycle/1", self.today),
                ("annual_fee", "cycle/1/year/2", in_months(12)),
                ("annual_fee", "cycle/1/year/3", in_months(24)),
                ("surveillance_due", "cycle/1/surveillance/1", in_months(12)),
                ("surveillance_due", "cycle/1/surveillance/2", in_months(24)),
            },
        )
        issued = self.events(cert).filtered(lambda e: e.milestone == "certificate_issued")
        move = self.finance_bills(issued)
        # certificate 3,000 + first annual fee 5,000, VAT 6 %
        self.assertInvoice(move, 8000.00, 480.00, 8480.00, [(self.p_cert, 1, 3000), (self.p_annual, 1, 5000)])
        self.assertEqual(move.invoice_line_ids.cert_certificate_id, cert)
        self.assertEqual(move.cert_certificate_ids, cert)
        self.assertEqual(cert.with_user(self.user_finance).invoice_ids, move)

    def test_cron_bills_annual_and_surveillance_fees_once(self):
        cert = self.certificate()
        with freeze_time(self.today + relativedelta(months=12, days=1)):
            self.assertEqual(self.Event._cron_bill_due(), 1)
            self.assertEqual(self.Event._cron_bill_due(), 0)
        due = self.events(cert).filtered(lambda e: e.move_id)
        self.assertEqual(set(due.mapped("period")), {"cycle/1/year/2", "cycle/1/surveillance/1"})
        # one invoice for the fees that fell due together: 5,000 + 3,000 × ½ of 5 days (2.5)
        self.assertEqual(len(due.move_id), 1)
        self.assertInvoice(
            due.move_id, 12500.00, 750.00, 13250.00, [(self.p_annual, 1, 5000), (self.p_surv, 2.5, 3000)]
        )
        issued = self.events(cert).filtered(lambda e: e.milestone == "certificate_issued")
        self.assertFalse(issued.move_id, "finance bills the certificate fee from the list")

    def test_annual_fee_due_while_suspended_not_after_withdrawal(self):
        cert = self.certificate()
        self.move(cert, "action_suspend", "suspension_client_request")
        with freeze_time(self.today + relativedelta(months=12, days=1)):
            self.assertEqual(self.Event._cron_bill_due(), 1)
        self.move(cert, "action_withdraw", "withdrawal_misuse")
        with freeze_time(self.today + relativedelta(months=24, days=1)):
            self.assertEqual(self.Event._cron_bill_due(), 0)
        year_3 = self.events(cert).filtered(lambda e: e.period == "cycle/1/year/3")
        self.assertEqual((year_3.state, year_3.invoice_state), ("waived", "to_invoice"))
        self.assertIn(cert.name, year_3.waive_reason)

    # ------------------------------------------------------------------ payment gate
    def test_issue_refused_while_unpaid_after_grace_then_paid(self):
        invoice = self.finance_bills(self.event(self.contract, "application_accepted"))
        cert = self.certificate(issue=False)
        with freeze_time(self.today + relativedelta(days=30)):
            cert.action_issue()  # within the grace period
        # the one that replaces it (one certificate in force per client and cycle)
        cert2 = self.make_successor(
            cert, level=self.fee_scheme.level_ids.filtered(lambda lv: lv.stars == 4), issue=False
        )
        with freeze_time(self.today + relativedelta(days=31)):
            with self.assertRaisesText(UserError, invoice.name) as caught:
                cert2.action_issue()
            self.assertIn("30 days", str(caught.exception))
            self.assertEqual(cert2.state, "draft")
            self.pay(invoice)
            cert2.action_issue()
        self.assertEqual(cert2.state, "valid")

    def test_finance_override_with_reason(self):
        invoice = self.finance_bills(self.event(self.contract, "application_accepted"))
        cert = self.certificate(issue=False)
        with freeze_time(self.today + relativedelta(days=45)):
            with self.assertRaisesText(UserError, invoice.name):
                cert.action_issue()
            with self.assertRaises(AccessError):
                cert.with_user(self.user_officer)._payment_override("The client promised")
            with self.assertRaises(AccessError):
                cert.with_user(self.user_officer).action_payment_override()
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                cert.with_user(self.user_officer).write({"payment_override_reason": "self-service"})
            action = cert.with_user(self.user_finance).action_payment_override()
            Wizard = self.env[action["res_model"]].with_user(self.user_finance).with_context(**action["context"])
            # a blank reason is refused when the wizard is saved
            with self.assertRaisesText(UserError, "Reason is required"):
                Wizard.create({"reason": "   "})
            wizard = Wizard.create({"reason": "Bank transfer confirmed by the client's bank, arriving tomorrow."})
            wizard.action_confirm()
            self.assertEqual(cert.payment_override_user_id, self.user_finance)
            self.assertIn("arriving tomorrow", cert.message_ids[0].body)
            cert.action_issue()
        self.assertEqual(cert.state, "valid")
        self.assertEqual(
            cert.payment_override_reason, "Bank transfer confirmed by the client's bank, arriving tomorrow."
        )
