import threading
import uuid
from datetime import datetime
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.cert_audit_member import BOOKING_CONSTRAINT


@tagged("post_install", "-at_install")
class TestAuditRace(TransactionCase):
    """Two officers book one auditor on two overlapping audits at the same moment: only one booking wins.

    Each officer works in a real transaction of their own (a cursor per thread, REPEATABLE READ, as under
    ``--workers``); the fixture is committed in another cursor and removed afterwards. The demo
    application is the client (the suite installs with demo data).
    """

    def setUp(self):
        super().setUp()
        if not self.env.ref("cert_audit.application_demo_shunan", raise_if_not_found=False):
            self.skipTest("needs the demo application")
        self.fixture = self._commit_fixture()
        self.addCleanup(self._drop_fixture)

    def _commit_fixture(self):
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True})
            groups = env.ref("cert_service.group_cert_officer")
            officers = env["res.users"].create(
                [
                    {
                        "name": f"Race Officer {i}",
                        "login": f"race_officer_{i}_{tag}",
                        "groups_id": [Command.set(groups.ids)],
                    }
                    for i in (1, 2)
                ]
            )
            auditor_user = env["res.users"].create(
                {
                    "name": "Race Auditor",
                    "login": f"race_auditor_{tag}",
                    "groups_id": [Command.set(env.ref("cert_service.group_cert_auditor").ids)],
                }
            )
            app = env.ref("cert_audit.application_demo_shunan")
            today = datetime.combine(datetime.today().date(), datetime.min.time())
            auditor = env["cert.auditor"].create({"user_id": auditor_user.id, "grade": "lead_auditor"})
            env["cert.auditor.qualification"].create(
                {
                    "auditor_id": auditor.id,
                    "scheme_id": app.scheme_id.id,
                    "date_from": today.date() - timedelta(days=10),
                    "date_to": today.date() + timedelta(days=700),
                    "industry_code_ids": [Command.set(app.industry_code_id.ids)],
                }
            )
            start = today + timedelta(days=300, hours=1)
            audits = env["cert.audit"].create(
                [
                    {"application_id": app.id, "date_start": start, "date_end": start + timedelta(hours=8)},
                    {
                        "application_id": app.id,
                        "date_start": start + timedelta(hours=4),
                        "date_end": start + timedelta(hours=12),
                        "audit_type": "special",
                    },
                ]
            )
            return {
                "officers": officers.ids,
                "users": (officers | auditor_user).ids,
                "partners": (officers | auditor_user).partner_id.ids,
                "auditor": auditor.id,
                "audits": audits.ids,
            }

    def _drop_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env["cert.audit"].browse(self.fixture["audits"]).exists().unlink()
            env["cert.auditor"].browse(self.fixture["auditor"]).unlink()
            env["res.users"].browse(self.fixture["users"]).unlink()
            env["res.partner"].browse(self.fixture["partners"]).unlink()

    def _book(self, officer_id, audit_id, first, results, booked, started):
        """One officer's transaction: put the auditor on the audit; the first waits before committing."""
        threading.current_thread().testing = True  # no real e-mail from this thread
        cr = self.registry.cursor()
        # The test runner holds the registry lock that looking the registry up by name takes: give it.
        cr.transaction = api.Transaction(self.registry)
        try:
            env = api.Environment(cr, officer_id, {"tracking_disable": True})
            env["cert.audit"].browse(audit_id).read(["name"])  # this transaction's snapshot starts here
            started.wait(timeout=30)
            if not first:
                booked.wait(timeout=30)
            try:
                env["cert.audit"].browse(audit_id).write(
                    {"member_ids": [Command.create({"auditor_id": self.fixture["auditor"], "role": "lead"})]}
                )
            except ValidationError as error:
                cr.rollback()
                results[audit_id] = str(error)
                return
            if first:
                env.flush_all()  # everything of this booking is written: only the commit is left
                booked.set()
                # let the second officer's transaction pass its Python check and meet the database's
                threading.Event().wait(1.0)
            # this thread's own cursor, not the test's
            cr.commit()  # pylint: disable=invalid-commit
            results[audit_id] = "committed"
        finally:
            booked.set()
            cr.close()

    def test_only_one_of_two_simultaneous_bookings_wins(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [BOOKING_CONSTRAINT])
            if not cr.fetchone():
                self.skipTest("the database could not create the booking constraint (no btree_gist)")
        first_audit, second_audit = self.fixture["audits"]
        officer_1, officer_2 = self.fixture["officers"]
        results, booked, started = {}, threading.Event(), threading.Barrier(2)
        threads = [
            threading.Thread(target=self._book, args=(officer_1, first_audit, True, results, booked, started)),
            threading.Thread(target=self._book, args=(officer_2, second_audit, False, results, booked, started)),
        ]
        with mute_logger("odoo.sql_db"):  # the refused UPDATE is logged as a bad query
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertEqual(results.get(first_audit), "committed")
        refusal = results.get(second_audit, "")
        self.assertIn("Race Auditor cannot be on the team of", refusal)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            first = env["cert.audit"].browse(first_audit)
            self.assertIn(f"already booked on {first.name}", refusal, "the Python check's own words")
            members = env["cert.audit.member"].search([("auditor_id", "=", self.fixture["auditor"])])
            self.assertEqual(members.audit_id.ids, [first_audit], "only one booking was committed")

    def test_without_the_constraint_the_auditor_lock_serializes(self):
        """The fallback: a booking updates the auditor's row first; a concurrent one fails and is retried."""
        auditor_id = self.fixture["auditor"]
        cr_1, cr_2 = self.registry.cursor(), self.registry.cursor()
        try:
            for cr in (cr_1, cr_2):
                cr.execute("SELECT id FROM cert_auditor WHERE id = %s", [auditor_id])  # both snapshots
            api.Environment(cr_1, SUPERUSER_ID, {})["cert.auditor"]._lock_for_booking([auditor_id])
            cr_1.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                api.Environment(cr_2, SUPERUSER_ID, {})["cert.auditor"]._lock_for_booking([auditor_id])
        finally:
            cr_2.rollback()
            cr_1.close()
            cr_2.close()
