import threading
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import BaseCase
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .billing_common import BillingCase


@tagged("post_install", "-at_install")
class TestBilling(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app = cls.accepted_application(cls.client_a)
        cls.contract = cls.app.contract_id

    def register(self, milestone, period="once", date_due=None):
        """The milestone as the certificate's transitions register it (issue, yearly schedule)."""
        vals = {"contract_id": self.contract.id, "milestone": milestone, "period": period}
        if date_due:
            vals["date_due"] = date_due
        return self.Event._register_milestones(self.app, [vals])

    # ------------------------------------------------------------------ amounts of each milestone
    def test_application_accepted_bills_2000_plus_vat(self):
        event = self.event(self.contract, "application_accepted")
        self.assertEqual(len(event), 1)
        self.assertEqual(event.invoice_state, "to_invoice")
        self.assertEqual(event.amount_untaxed, 2000)
        event.with_user(self.user_finance).action_invoice()
        self.assertInvoice(event.move_id, 2000.00, 120.00, 2120.00, [(self.p_app, 1, 2000)])
        self.assertEqual(event.move_id.commercial_partner_id, self.client_a)
        line = event.move_id.invoice_line_ids
        self.assertEqual((line.cert_contract_id, line.cert_billing_event_id), (self.contract, event))
        self.assertEqual(event.move_id.cert_contract_ids, self.contract)
        self.assertEqual(self.contract.invoice_ids, event.move_id)
        self.assertEqual(event.invoice_state, "invoiced")

    def test_certificate_issued_bills_certificate_and_first_annual_fee(self):
        event = self.register("certificate_issued")
        event.with_user(self.user_finance).action_invoice()
        self.assertInvoice(event.move_id, 8000.00, 480.00, 8480.00, [(self.p_cert, 1, 3000), (self.p_annual, 1, 5000)])

    def test_annual_fee_year_and_surveillance(self):
        annual = self.register("annual_fee", "year/2")
        surveillance = self.register("surveillance_due", "surveillance/1")
        (annual | surveillance).with_user(self.user_finance).action_invoice()
        # One invoice per client for the milestones billed together.
        self.assertEqual(annual.move_id, surveillance.move_id)
        # Surveillance: 3,000 × ½ of the 5 initial auditor-days = 2.5 days.
        self.assertEqual(self.app.auditor_days_initial, 5)
        self.assertInvoice(
            annual.move_id, 12500.00, 750.00, 13250.00, [(self.p_annual, 1, 5000), (self.p_surv, 2.5, 3000)]
        )
        self.assertIn(
            "year 2", annual.move_id.invoice_line_ids.filtered(lambda line: line.product_id == self.p_annual).name
        )

    def test_recertification_quoted_two_thirds_of_initial_days(self):
        event = self.register("recertification_accepted", "audit/0")
        event.with_user(self.user_finance).action_invoice()
        # ⅔ of 5 days = 3.33, rounded up to 3.5 days.
        self.assertInvoice(event.move_id, 10500.00, 630.00, 11130.00, [(self.p_recert, 3.5, 3000)])

    def test_price_bands_by_employees(self):
        fee = self.fee_scheme.fee_ids.filtered(lambda f: f.milestone == "application_accepted")
        fee.write(
            {
                "band_basis": "employees",
                "band_ids": [
                    Command.create({"threshold": 0, "price_unit": 1500}),
                    Command.create({"threshold": 301, "price_unit": 2500}),
                ],
            }
        )
        small = self.accepted_application(self.client_b, employees=300, outlets=0).contract_id
        large = self.accepted_application(self.client_b, employees=301, outlets=0).contract_id
        prices = [self.event(c, "application_accepted").amount_untaxed for c in (small, large)]
        self.assertEqual(prices, [1500, 2500])

    def test_payment_terms_and_fiscal_position_of_the_client(self):
        terms = self.env.ref("account.account_payment_term_30days")
        vat0 = self.env["account.tax"].create({"name": "Exempt (test)", "amount": 0, "type_tax_use": "sale"})
        position = self.env["account.fiscal.position"].create(
            {
                "name": "Exempt clients",
                "tax_ids": [Command.create({"tax_src_id": self.vat6.id, "tax_dest_id": vat0.id})],
            }
        )
        self.client_a.write({"property_payment_term_id": terms.id, "property_account_position_id": position.id})
        event = self.event(self.contract, "application_accepted")
        event.with_user(self.user_finance).action_invoice()
        move = event.move_id
        self.assertEqual((move.invoice_payment_term_id, move.fiscal_position_id), (terms, position))
        self.assertInvoice(move, 2000.00, 0.00, 2000.00)

    # ------------------------------------------------------------------ exactly once
    def test_action_twice_leaves_one_invoice(self):
        event = self.event(self.contract, "application_accepted").with_user(self.user_finance)
        first = event.action_invoice()
        second = event.action_invoice()
        self.assertEqual(len(event.move_ids), 1)
        self.assertEqual(first["res_id"], second["res_id"])
        self.assertEqual(self.env["account.move"].search_count([("line_ids.cert_billing_event_id", "=", event.id)]), 1)

    def test_server_action_bills_the_selection(self):
        annual = self.register("annual_fee", "year/2")
        application_fee = self.event(self.contract, "application_accepted")
        selection = annual | application_fee
        action = self.env.ref("cert_service.action_server_cert_billing_invoice").with_user(self.user_finance)
        result = action.with_context(active_model=selection._name, active_ids=selection.ids).run()
        self.assertEqual(len(selection.move_id), 1, "one invoice for the client's milestones billed together")
        self.assertEqual(result["res_id"], selection.move_id.id)
        self.assertInvoice(selection.move_id, 7000.00, 420.00, 7420.00)

    def test_registering_twice_keeps_one_milestone(self):
        first = self.register("annual_fee", "year/2")
        again = self.register("annual_fee", "year/2")
        self.assertTrue(first)
        self.assertFalse(again)
        self.assertEqual(len(self.event(self.contract, "annual_fee", "year/2")), 1)
        # The database refuses a second row whatever the code does.
        with self.assertRaises(pg_errors.UniqueViolation), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.Event.sudo()._workflow_unlocked().create(
                {"contract_id": self.contract.id, "milestone": "annual_fee", "period": "year/2"}
            )

    def test_cron_bills_due_fees_once(self):
        today = fields.Date.context_today(self.Event)
        due = self.register("annual_fee", "year/2", today - timedelta(days=1))
        later = self.register("annual_fee", "year/3", today + timedelta(days=300))
        application_fee = self.event(self.contract, "application_accepted")
        self.assertEqual(self.Event._cron_bill_due(), 1)
        self.assertEqual(self.Event._cron_bill_due(), 0)
        self.assertEqual(len(due.move_ids), 1)
        self.assertInvoice(due.move_id, 5000.00, 300.00, 5300.00, [(self.p_annual, 1, 5000)])
        self.assertFalse(later.move_id, "not due yet")
        self.assertFalse(application_fee.move_id, "finance bills the other milestones from the list")

    # ------------------------------------------------------------------ credit notes
    def test_full_credit_note_makes_it_billable_again(self):
        event = self.event(self.contract, "application_accepted").with_user(self.user_finance)
        event.action_invoice()
        invoice = event.move_id
        invoice._reverse_moves(cancel=True)
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(event.invoice_state, "to_invoice")
        event.action_invoice()
        self.assertNotEqual(event.move_id, invoice)
        self.assertEqual(len(event.move_ids), 2)
        self.assertInvoice(event.move_id, 2000.00, 120.00, 2120.00)
        event.action_invoice()
        self.assertEqual(len(event.move_ids), 2, "re-billing creates exactly one new invoice")
        revenue = self.env["cert.revenue.report"].search([("contract_id", "=", self.contract.id)])
        self.assertAlmostEqual(sum(revenue.mapped("amount")), 2000.00, places=2)

    def test_partial_credit_note_keeps_it_invoiced(self):
        event = self.event(self.contract, "application_accepted").with_user(self.user_finance)
        event.action_invoice()
        invoice = event.move_id
        refund = invoice._reverse_moves()
        refund.invoice_line_ids.price_unit = 500
        refund.action_post()  # reconciled with the invoice it reverses
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(event.invoice_state, "invoiced")
        event.action_invoice()
        self.assertEqual(event.move_ids, invoice)

    def test_cancelled_invoice_makes_it_billable_again(self):
        event = self.event(self.contract, "application_accepted").with_user(self.user_finance)
        event.action_invoice()
        event.move_id.button_draft()
        event.move_id.button_cancel()
        self.assertEqual(event.invoice_state, "to_invoice")

    def test_paid_invoice(self):
        event = self.event(self.contract, "application_accepted")
        event.with_user(self.user_finance).action_invoice()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=event.move_id.ids
        ).create({})._create_payments()
        self.assertEqual(event.invoice_state, "paid")

    # ------------------------------------------------------------------ who may bill
    def test_only_finance_bills_and_nobody_writes_the_keys(self):
        event = self.event(self.contract, "application_accepted")
        with self.assertRaises(AccessError):
            event.with_user(self.user_officer).action_invoice()
        self.assertEqual(event.with_user(self.user_officer).invoice_state, "to_invoice", "officers read")
        with self.assertRaises(AccessError):
            event.with_user(self.user_auditor).read(["invoice_state"])
        other = self.env["account.move"].create({"move_type": "out_invoice", "partner_id": self.client_a.id})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            event.with_user(self.user_finance).write({"move_id": other.id})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            event.with_user(self.user_finance).write({"period": "year/9"})
        with self.assertRaises(AccessError):
            self.Event.with_user(self.user_finance).create(
                {"contract_id": self.contract.id, "milestone": "annual_fee", "period": "year/9"}
            )

    def test_waive_and_reopen(self):
        event = self.event(self.contract, "application_accepted").with_user(self.user_finance)
        event.action_waive(reason="Commercial gesture")
        self.assertEqual(event.state, "waived")
        with self.assertRaisesText(UserError, "Waived"):
            event.action_invoice()
        event.action_reopen()
        event.action_invoice()
        self.assertTrue(event.move_id)


@tagged("post_install", "-at_install")
class TestBillingConcurrency(BaseCase):
    """Two transactions on the same milestone, on data committed by a cursor of its own (and removed after):
    a test transaction would hold locks the others wait for.
    """

    def setUp(self):
        super().setUp()
        self.registry_ = Registry(get_db_name())
        with self.registry_.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            app = env["cert.application"].search([], limit=1)
            if not app or not env["account.journal"].search([("type", "=", "sale")], limit=1):
                self.skipTest("needs an application (demo data) and a chart of accounts")
            product = env["product.product"].create({"name": "Concurrency fee", "type": "service", "list_price": 700})
            line = {
                "product_id": product.id,
                "name": "Annual fee",
                "milestone": "certificate_issued",
                "occurrence": "per_year",
                "price_unit": 700,
            }
            contract = env["cert.contract"].create(
                {"application_id": app.id, "partner_id": app.partner_id.id, "line_ids": [Command.create(line)]}
            )
            due = {"contract_id": contract.id, "milestone": "annual_fee", "period": "year/2"}
            due["date_due"] = fields.Date.today() - timedelta(days=1)
            event = env["cert.billing.event"]._register_milestones(app, [due])
            param = env["ir.config_parameter"]
            self.old_draft = param.get_param("cert_service.billing_draft_invoices")
            param.set_param("cert_service.billing_draft_invoices", "True")  # draft invoices: the cleanup deletes them
            self.product_id, self.contract_id, self.event_id = product.id, contract.id, event.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry_.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["account.move"].search([("line_ids.cert_billing_event_id", "=", self.event_id)]).unlink()
            env["cert.billing.event"].browse(self.event_id).unlink()
            env["cert.contract"].browse(self.contract_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["ir.config_parameter"].set_param("cert_service.billing_draft_invoices", self.old_draft or False)

    def _count_invoices(self):
        with self.registry_.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["account.move"].search_count([("line_ids.cert_billing_event_id", "=", self.event_id)])

    def _race(self, second):
        """The first transaction invoices the milestone and holds its lock while ``second(env)`` runs."""
        locked, results = threading.Event(), {}

        def first():
            with self.registry_.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                results["first"] = len(env["cert.billing.event"].browse(self.event_id)._invoice())
                locked.set()
                second_thread.join(timeout=1.0)  # the other transaction waits for (or skips) our lock

        def run_second():
            if not locked.wait(20):
                return
            try:
                with self.registry_.cursor() as cr:
                    results["second"] = second(api.Environment(cr, SUPERUSER_ID, {}))
            except pg_errors.SerializationFailure:
                # What Odoo does with such a request: retry it in a new transaction.
                results["serialization_failure"] = True
                with self.registry_.cursor() as cr:
                    results["retried"] = second(api.Environment(cr, SUPERUSER_ID, {}))

        second_thread = threading.Thread(target=run_second)
        first_thread = threading.Thread(target=first)
        # The test runner holds the registries' lock that every new environment takes: let the threads
        # through, as Odoo's own test mode does for its HTTP threads.
        saved_lock, Registry._lock = Registry._lock, DummyRLock()
        try:
            with mute_logger("odoo.sql_db"):  # the refused transaction's "bad query"
                first_thread.start()
                second_thread.start()
                first_thread.join(30)
                second_thread.join(30)
        finally:
            Registry._lock = saved_lock
        return results

    def test_two_transactions_invoice_once(self):
        results = self._race(lambda env: len(env["cert.billing.event"].browse(self.event_id)._invoice()))
        self.assertEqual(results["first"], 1)
        self.assertTrue(results.get("serialization_failure"), "the second transaction waited, then was refused")
        self.assertEqual(results.get("retried"), 0, "retried, it finds the milestone invoiced")
        self.assertEqual(self._count_invoices(), 1)

    def test_two_cron_runs_invoice_once(self):
        results = self._race(lambda env: env["cert.billing.event"]._cron_bill_due())
        self.assertEqual(results["first"], 1)
        self.assertEqual(results.get("second"), 0, "the second run skipped the locked row")
        self.assertEqual(self._count_invoices(), 1)
