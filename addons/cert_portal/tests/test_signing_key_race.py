import psycopg2.errors

from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestSigningKeyRace(TransactionCase):
    """One key signs at a time, whatever the concurrent rotations: the database keeps it so.

    The two rotations run in real transactions of their own (two cursors, as two workers); both are rolled
    back, so the database keeps the key its install made.
    """

    def setUp(self):
        super().setUp()
        self.key = self.env["cert.portal.signing.key"].search([("state", "=", "active")])
        self.assertEqual(len(self.key), 1)

    def test_two_rotations_at_once_one_goes_through(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            try:
                first = api.Environment(cr1, SUPERUSER_ID, {})["cert.portal.signing.key"].browse(self.key.id)
                second = api.Environment(cr2, SUPERUSER_ID, {})["cert.portal.signing.key"].browse(self.key.id)
                first.action_rotate()
                # the second waits for nothing: refused at once, which Odoo answers by retrying the request
                # (it then finds the key retired)
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.LockNotAvailable):
                    second.action_rotate()
                cr2.rollback()
                cr1.execute("SELECT count(*) FROM cert_portal_signing_key WHERE state = 'active'")
                self.assertEqual(cr1.fetchone()[0], 1)
            finally:
                cr1.rollback()
                cr2.rollback()

    def test_the_database_refuses_a_second_active_key(self):
        keys = self.env["cert.portal.signing.key"]
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            keys._create_key(fields.Datetime.now())
