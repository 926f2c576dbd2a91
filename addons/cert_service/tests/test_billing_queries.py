from odoo.tests import tagged

from .billing_common import BillingCase
from .billing_common import due_annual_fees
from .billing_common import plain_annual_invoices

# SQL queries of the billing cron per certificate billed (one client, contract and annual fee each), beyond
# the batch's fixed cost: creating and posting the invoice as plain Odoo does (about 27) plus linking it to
# its milestone. The fee lines, contracts and earlier invoices are read once per batch, not per client.
CRON_QUERIES_PER_CERTIFICATE = 28
GOAL = 1.2  # at most this many times the queries of plain account.move create + post


@tagged("post_install", "-at_install")
class TestBillingQueries(BillingCase):
    """The billing cron costs what creating and posting the same invoices costs, per certificate."""

    def due_certificates(self, size, tag):
        """``size`` valid certificates, one client each, whose year-2 annual fee fell due yesterday."""
        return due_annual_fees(self.env, self.scheme, self.p_annual, size, tag)

    def queries(self, run):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = run()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def cron(self):
        return self.Event.with_context(tracking_disable=True)._cron_bill_due(batch_size=200, commit=False)

    def plain(self, partners):
        return plain_annual_invoices(self.env, self.p_annual, partners)

    def test_cron_queries_per_certificate(self):
        # warm-up: the first invoices of the journal and the registry's caches
        self.due_certificates(2, "warm")
        self.cron()
        # each run bills what fell due: first 5 certificates, then 15 more
        small = self.due_certificates(5, "s")
        q_cron_small, billed = self.queries(self.cron)
        self.assertEqual(billed, 5)
        large = self.due_certificates(15, "l")
        q_cron_large, billed = self.queries(self.cron)
        self.assertEqual(billed, 15)
        q_plain_small, _made = self.queries(lambda: self.plain(small))
        q_plain_large, _made = self.queries(lambda: self.plain(large))
        # per certificate: what 10 more certificates cost, the fixed cost of a batch left out
        cron = (q_cron_large - q_cron_small) / 10
        plain = (q_plain_large - q_plain_small) / 10
        self.assertLessEqual(cron, CRON_QUERIES_PER_CERTIFICATE, f"cron {cron} vs plain {plain} queries/certificate")
        self.assertLessEqual(cron, GOAL * plain, f"cron {cron} vs plain {plain} queries/certificate")

    def test_cron_batch_query_count(self):
        self.due_certificates(2, "warm")
        self.cron()
        self.due_certificates(10, "b")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(BATCH_OF_TEN):
            self.assertEqual(self.cron(), 10)


# the cron billing ten certificates of ten clients in one batch (its fixed cost included)
BATCH_OF_TEN = 354
