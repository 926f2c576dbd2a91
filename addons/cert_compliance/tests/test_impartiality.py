import threading
from datetime import date
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo import fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools import mute_logger

THRESHOLD = "cert_compliance.impartiality_threshold"


def hand_shares(moves):
    """The revenue per client and per referring consultancy, computed by hand from the invoices: each
    posted customer invoice's untaxed amount in the company's currency (a credit note's negative),
    counted for its client, and for the consultancy that referred the client of the contracts it bills."""
    total, clients, consultancies = 0.0, {}, {}
    for move in moves:
        amount = move.amount_untaxed_signed
        total += amount
        clients[move.commercial_partner_id.id] = clients.get(move.commercial_partner_id.id, 0.0) + amount
        for line in move.invoice_line_ids:
            consultancy = line.cert_contract_id.application_id.consultancy_id
            if consultancy:
                # the line's untaxed amount in the company's currency, signed like the move
                signed = line.price_subtotal * (-1 if move.move_type == "out_refund" else 1)
                signed = move.currency_id._convert(signed, move.company_id.currency_id, move.company_id, move.date)
                consultancies[consultancy.id] = consultancies.get(consultancy.id, 0.0) + signed
    return total, clients, consultancies


@tagged("post_install", "-at_install")
class TestImpartialityShares(TransactionCase):
    """Revenue shares over the demo invoices, the warning threshold and the yearly review job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.Share = cls.env["cert.impartiality.share"]
        cls.committee = mail_new_test_user(
            cls.env, login="imp_committee", name="Committee Member", groups="cert_compliance.group_cert_impartiality"
        )
        cls.today = fields.Date.context_today(cls.Share)

    def posted_moves(self, date_from, date_to):
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )

    def rows(self, kind, period_kind="rolling"):
        rows = self.Share.search([("review_id", "=", False), ("kind", "=", kind), ("period_kind", "=", period_kind)])
        return {row.partner_id.id: (row.amount, row.share, row.total) for row in rows}

    def assert_shares(self, period_kind, moves):
        total, clients, consultancies = hand_shares(moves)
        self.assertTrue(total, "posted invoices in the period")
        for kind, expected in (("client", clients), ("consultancy", consultancies)):
            computed = self.rows(kind, period_kind)
            expected = {partner: amount for partner, amount in expected.items() if round(amount, 2)}
            self.assertEqual(set(computed), set(expected), kind)
            for partner, amount in expected.items():
                row_amount, row_share, row_total = computed[partner]
                self.assertAlmostEqual(row_amount, amount, places=2, msg=kind)
                self.assertAlmostEqual(row_total, total, places=2)
                self.assertAlmostEqual(row_share, amount / total * 100, places=2, msg=kind)

    # ------------------------------------------------------------------ shares
    def test_demo_shares_equal_a_hand_computation_over_the_demo_invoices(self):
        shunan = self.env.ref("cert_audit.partner_demo_client", raise_if_not_found=False)
        if not shunan:
            self.skipTest("needs the demo data")
        lixin = self.env.ref("cert_audit.partner_demo_consultancy")
        start = self.today - timedelta(days=364)
        demo_moves = self.posted_moves(start, self.today)
        self.assertIn(shunan, demo_moves.commercial_partner_id, "the demo bills Shun'an")
        self.Share.with_user(self.committee)._refresh()
        self.assert_shares("rolling", demo_moves)
        self.assert_shares("year", self.posted_moves(date(self.today.year, 1, 1), date(self.today.year, 12, 31)))
        self.assertIn(lixin.id, self.rows("consultancy"), "Shun'an was referred by Lixin")

    def test_credit_notes_and_other_clients_count(self):
        """An invoice of another client (no consultancy) and a credit note of part of a demo invoice."""
        demo = self.posted_moves(self.today - timedelta(days=364), self.today).filtered(
            lambda m: m.move_type == "out_invoice" and m.invoice_line_ids.cert_contract_id
        )[:1]
        if not demo:
            self.skipTest("needs a demo invoice of a contract")
        other = self.env["res.partner"].create({"name": "Walk-in Training Client", "is_company": True})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": other.id,
                "invoice_date": self.today,
                "invoice_line_ids": [Command.create({"name": "Training", "quantity": 2, "price_unit": 1234.5})],
            }
        )
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=demo.ids)
            .create({"journal_id": demo.journal_id.id, "date": self.today, "reason": "discount"})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids[:1].price_unit = refund.invoice_line_ids[:1].price_unit / 4
        refund.action_post()
        self.Share._refresh()
        moves = self.posted_moves(self.today - timedelta(days=364), self.today)
        self.assertIn(refund, moves)
        self.assert_shares("rolling", moves)
        self.assertAlmostEqual(self.rows("client")[other.id][0], 2469.0, places=2)

    def test_one_grouped_query_whatever_the_number_of_invoices(self):
        period = self.Share._periods(self.today)[0]
        self.Share._shares(self.company, period, 15.0)  # warm the caches
        with self.assertQueryCount(1):
            self.Share._shares(self.company, period, 15.0)
        partners = self.env["res.partner"].create([{"name": f"Query Client {i}", "is_company": True} for i in range(5)])
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [Command.create({"name": "Fee", "quantity": 1, "price_unit": 100})],
                }
                for partner in partners
            ]
        )
        moves.action_post()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            shares = self.Share._shares(self.company, period, 15.0)
        self.assertTrue(set(partners.ids) <= {share.partner for share in shares.clients})

    # ------------------------------------------------------------------ warning
    def test_warning_above_the_threshold_once_with_an_activity_for_the_cb_manager(self):
        lixin = self.env.ref("cert_audit.partner_demo_consultancy", raise_if_not_found=False)
        if not lixin:
            self.skipTest("needs the demo data")
        Warning = self.env["cert.impartiality.warning"]
        Warning.search([]).unlink()
        period = self.Share._periods(self.today)[0]
        share = {s.partner: s.share for s in self.Share._shares(self.company, period, 0).consultancies}[lixin.id]
        self.assertGreater(share, 0)
        # at the threshold: no warning
        self.env["ir.config_parameter"].sudo().set_param(THRESHOLD, str(share))
        self.assertFalse(self.Share._refresh())
        self.assertFalse(self.Share.search([("review_id", "=", False), ("over_threshold", "=", True)]))
        # just below the share: warned once
        self.env["ir.config_parameter"].sudo().set_param(THRESHOLD, str(share - 0.01))
        warning = self.Share.with_user(self.committee)._refresh()
        self.assertEqual(warning.consultancy_id, lixin)
        self.assertEqual(warning.year, self.today.year)
        self.assertAlmostEqual(warning.share, share, places=2)
        manager = Warning._manager()
        self.assertTrue(manager.has_group("cert_service.group_cert_manager"))
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cert.impartiality.warning"), ("res_id", "=", warning.id)]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, manager)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("cert_compliance.mail_activity_type_impartiality_share")
        )
        over = self.Share.search([("review_id", "=", False), ("over_threshold", "=", True)])
        self.assertEqual(set(over.mapped("partner_id")), {lixin}, "the register shows the consultancy above")
        # a second refresh (the next day's job) warns nobody again this year
        self.assertFalse(self.Share._refresh())
        self.assertEqual(Warning.search_count([("consultancy_id", "=", lixin.id)]), 1)

    def test_threshold_setting_reads_through_the_settings_reader(self):
        Settings = self.env["res.config.settings"]
        self.env["ir.config_parameter"].sudo().search([("key", "=", THRESHOLD)]).unlink()
        self.assertEqual(Settings._cert_param("cert_impartiality_threshold"), 15.0, "the field's default")
        self.env["ir.config_parameter"].sudo().set_param(THRESHOLD, "abc")
        self.assertEqual(Settings._cert_param("cert_impartiality_threshold"), 15.0)
        settings = Settings.create({"cert_impartiality_threshold": 22.5})
        settings.execute()
        self.assertEqual(Settings._cert_param("cert_impartiality_threshold"), 22.5)
        with self.assertRaisesRegex(Exception, "Consultancy Revenue Warning"):
            Settings.create({"cert_impartiality_threshold": 120})

    def test_officers_do_not_compute_shares(self):
        officer = mail_new_test_user(
            self.env, login="imp_officer", name="Officer", groups="cert_service.group_cert_officer"
        )
        with self.assertRaisesRegex(Exception, "Only the impartiality committee"):
            self.Share.with_user(officer)._refresh()

    # ------------------------------------------------------------------ yearly review
    def test_the_yearly_job_plans_the_review_on_the_anniversary_once(self):
        Review = self.env["cert.impartiality.review"]
        Review.search([("state", "=", "planned")]).action_cancel()
        last = Review.create(
            {"date": self.today - timedelta(days=200), "member_ids": [Command.set(self.committee.ids)]}
        )
        last.write({"conclusions": "Controls effective."})
        last.with_user(self.committee).action_hold()
        self.assertEqual(last.state, "held")
        self.assertEqual(last.held_by_id, self.committee)
        held = Review.search([("state", "=", "held")], order="date desc", limit=1)
        anniversary = held.date.replace(year=held.date.year + 1)
        if (anniversary - self.today).days > 30:
            self.assertFalse(Review._cron_plan(), "more than a month before the anniversary")
        planned = Review._cron_plan(today=anniversary - timedelta(days=30))
        self.assertEqual(planned.date, anniversary)
        self.assertEqual(planned.state, "planned")
        self.assertEqual(
            planned.activity_ids.activity_type_id,
            self.env.ref("cert_compliance.mail_activity_type_impartiality_review"),
        )
        self.assertEqual(planned.activity_ids.user_id, self.env["cert.impartiality.warning"]._manager())
        self.assertFalse(Review._cron_plan(today=anniversary), "one planned review at a time")
        with self.assertRaisesRegex(ValidationError, "is already planned"):
            Review.create({"date": anniversary})
        # the database refuses a second planned review whatever the code does
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO cert_impartiality_review (date, state, company_id) VALUES (%s, 'planned', %s)",
                [anniversary, self.company.id],
            )
        planned.write(
            {
                "member_ids": [Command.set(self.committee.ids)],
                "conclusions": "Ok.",
                "threat_ids": [Command.set(self.env["cert.impartiality.threat"].search([], limit=2).ids)],
            }
        )
        planned.with_user(self.committee).action_hold()
        self.assertFalse(planned.activity_ids, "the activity is done with the meeting")
        self.assertTrue(all(t.last_review_date == anniversary for t in planned.threat_ids))
        with self.assertRaises(UserError):
            planned.with_user(self.committee).write({"conclusions": "rewritten"})


@tagged("post_install", "-at_install")
class TestImpartialityWarningRace(TransactionCase):
    """Two workers refresh the shares at the same moment (a cursor each, as under ``--workers``): one warning
    and one activity. The fixture (an invoice of the demo contract of a referred client, in a year of its own
    so that the warnings the demo gave this year do not interfere) is committed and removed."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("cert_audit.application_demo_shunan", raise_if_not_found=False):
            self.skipTest("needs the demo application")
        self.day = date(fields.Date.today().year + 5, 6, 30)
        self.fixture = self._commit_fixture()
        self.addCleanup(self._drop_fixture)

    def _commit_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            contract = env.ref("cert_audit.application_demo_shunan").contract_id
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "invoice_date": self.day,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Fee", "quantity": 1, "price_unit": 1000, "cert_contract_id": contract.id}
                        )
                    ],
                }
            )
            move.action_post()
            return {"consultancy": contract.application_id.consultancy_id.id, "move": move.id}

    def _drop_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            warnings = env["cert.impartiality.warning"].search([("year", "=", self.day.year)])
            warnings.activity_ids.unlink()
            warnings.unlink()
            move = env["account.move"].browse(self.fixture["move"])
            move.button_draft()
            move.with_context(force_delete=True).unlink()
            env["cert.impartiality.share"]._refresh()  # today's figures again

    def _refresh(self, name, first, results, locked, started):
        threading.current_thread().testing = True
        cr = self.registry.cursor()
        cr.transaction = api.Transaction(self.registry)
        try:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            started.wait(timeout=30)
            if not first:
                locked.wait(timeout=30)
            given = env["cert.impartiality.share"]._refresh(today=self.day)
            if first:
                env.flush_all()
                locked.set()
                threading.Event().wait(1.0)  # the other worker runs while this one still holds the lock
            cr.commit()  # pylint: disable=invalid-commit
            results[name] = None if given is None else len(given)
        finally:
            locked.set()
            cr.close()

    def test_two_workers_warn_once(self):
        results, locked, started = {}, threading.Event(), threading.Barrier(2)
        threads = [
            threading.Thread(target=self._refresh, args=("first", True, results, locked, started)),
            threading.Thread(target=self._refresh, args=("second", False, results, locked, started)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(results, {"first": 1, "second": None}, "the second worker left the work to the first")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            warnings = env["cert.impartiality.warning"].search(
                [("consultancy_id", "=", self.fixture["consultancy"]), ("year", "=", self.day.year)]
            )
            self.assertEqual(len(warnings), 1)
            activities = env["mail.activity"].search(
                [("res_model", "=", "cert.impartiality.warning"), ("res_id", "=", warnings.id)]
            )
            self.assertEqual(len(activities), 1)
            # run again afterwards (the next day's job): the unique row warns nobody again
            self.assertFalse(env["cert.impartiality.share"]._refresh(today=self.day + timedelta(days=1)))
            cr.rollback()
