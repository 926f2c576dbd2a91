import random
import threading
import time
from contextlib import closing

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID
from odoo import api
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools import mute_logger

UPLOADS = 8


@tagged("post_install", "-at_install")
class TestEvidenceConcurrency(TransactionCase):
    """Eight uploads of a new version to one item at once, each in its own transaction (as under workers).

    The item's row is locked before the version is numbered; a transaction that waited for the lock
    fails to serialise and is retried the way Odoo retries every request (``odoo.service.model.retrying``,
    same tries and back-off; the test cannot call it from threads while the registry is being loaded).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the racing transactions see committed rows only: made (and removed) in a cursor of their own
        with closing(cls.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            partner = env["res.partner"].create({"name": "Race Client Co.", "is_company": True})
            folder = env["cert.evidence.folder"].create({"name": "Race", "partner_id": partner.id, "owner_id": False})
            item = env["cert.evidence"].create({"name": "Raced item", "folder_id": folder.id})
            cr.commit()  # pylint: disable=invalid-commit
            cls.race_ids = (partner.id, folder.id, item.id)
        cls.addClassCleanup(cls._remove_race_data)

    @classmethod
    def _remove_race_data(cls):
        partner_id, folder_id, item_id = cls.race_ids
        with closing(cls.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cert.evidence"].browse(item_id).unlink()
            env["cert.evidence.folder"].browse(folder_id).unlink()
            env["res.partner"].browse(partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _upload(self, number, barrier, outcomes):
        """One request: upload, commit; on a serialisation failure roll back and try again, as Odoo does."""
        item_id = self.race_ids[2]
        try:
            with closing(self.registry.cursor()) as cr:
                # the test thread holds the registry's lock while tests run at install: don't ask for it
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=60)
                for attempt in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
                    try:
                        item = env["cert.evidence"].browse(item_id)
                        version = item._cert_add_version(f"upload {number}\n".encode(), f"upload-{number}.txt")
                        outcomes[number] = version.version_number
                        cr.commit()  # pylint: disable=invalid-commit
                        return
                    except SerializationFailure:
                        cr.rollback()  # also clears the transaction's caches
                        if attempt == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                            raise
                        time.sleep(random.uniform(0.0, 2**attempt))  # Odoo's back-off (odoo.service.model)
        except Exception as error:  # reported by the test below
            outcomes[number] = error

    def test_concurrent_versions_are_contiguous(self):
        barrier = threading.Barrier(UPLOADS)
        outcomes = {}
        threads = [threading.Thread(target=self._upload, args=(n, barrier, outcomes)) for n in range(UPLOADS)]
        with mute_logger("odoo.sql_db"):  # the serialisation failures that are retried
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=180)
        failed = {n: repr(outcome) for n, outcome in outcomes.items() if not isinstance(outcome, int)}
        self.assertFalse(failed, "every upload succeeds")
        self.assertEqual(sorted(outcomes.values()), list(range(1, UPLOADS + 1)))
        with closing(self.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            item = env["cert.evidence"].browse(self.race_ids[2])
            self.assertEqual(sorted(item.version_ids.mapped("version_number")), list(range(1, UPLOADS + 1)))
            self.assertEqual(item.version_count, UPLOADS)
            self.assertEqual(item.current_version_id.version_number, UPLOADS)
