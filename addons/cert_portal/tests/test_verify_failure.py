from odoo import SUPERUSER_ID
from odoo import api
from odoo import sql_db
from odoo.tests import TransactionCase
from odoo.tests import tagged

IP = "198.51.100.23"  # documentation range: no real client


@tagged("post_install", "-at_install")
class TestVerifyFailureOnReplica(TransactionCase):
    """A refused look-up served from a read-only cursor (a replica) is counted on the primary at once,
    without failing the request (so without Odoo running it a second time on the primary)."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._purge)

    def _purge(self):
        # the rows were committed by their own transactions: removed the same way
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM cert_portal_verify_failure WHERE ip = %s", [IP])

    def _count(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM cert_portal_verify_failure WHERE ip = %s", [IP])
            return cr.fetchone()[0]

    def test_refused_lookup_on_a_read_only_cursor(self):
        # a read-only transaction, as a replica's connection pool opens them
        readonly = sql_db.db_connect(self.env.cr.dbname, readonly=True).cursor()
        try:
            self.assertTrue(readonly.readonly)
            failures = api.Environment(readonly, SUPERUSER_ID, {})["cert.portal.verify.failure"]
            self.assertEqual(failures._retry_after(IP), 0)
            for _attempt in range(2):
                failures._record(IP)  # no ReadOnlySqlTransaction: the request goes on
            self.assertEqual(self._count(), 2, "counted on the primary, visible to every worker")
            # the read-only transaction itself is intact and reads on
            readonly.execute("SELECT 1")
        finally:
            readonly.close()

    def test_refused_lookup_on_the_primary(self):
        self.env["cert.portal.verify.failure"]._record(IP)
        self.env.cr.execute("SELECT count(*) FROM cert_portal_verify_failure WHERE ip = %s", [IP])
        self.assertEqual(self.env.cr.fetchone()[0], 1, "in the request's own transaction")
