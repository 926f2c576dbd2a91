import psycopg2

from odoo import SUPERUSER_ID
from odoo import api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCallbackRace(TransactionCase):
    """The first call and a new draw never interleave: the call holds the audit's row lock until it commits,
    the draw waits for it, then finds the sample fixed. Two real transactions on committed data (the demo
    application is the client; the fixture is removed afterwards)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("cert_audit.application_demo_shunan", raise_if_not_found=False):
            self.skipTest("needs the demo application")
        self.audit_id = self._commit_fixture()
        self.addCleanup(self._drop_fixture)

    def _commit_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            app = env.ref("cert_audit.application_demo_shunan")
            # the state is a key: written through the model's unlocked path (what is tested is the sample)
            audit = env["cert.audit"]._workflow_unlocked().create({"application_id": app.id, "state": "in_progress"})
            site = app.site_ids.filtered(lambda s: s.site_type == "outlet")[:1]
            audit._survey_import_orders(
                [
                    {
                        "customer_name": f"Race {i}",
                        "customer_phone": f"1370000{i:04d}",
                        "service_date": "2025-01-01",
                        "site_id": site.id,
                        "order_ref": f"RACE-{audit.id}-{i}",
                    }
                    for i in range(30)
                ]
            )
            audit._survey_draw(seed="race")
            return audit.id

    def _drop_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            audit = env["cert.audit"].browse(self.audit_id).exists()
            env["survey.user_input"].search([("cert_audit_id", "=", self.audit_id)]).unlink()
            audit.sample_line_ids.unlink()
            audit.sample_draw_ids.unlink()
            audit.service_order_ids.unlink()
            audit._workflow_write({"state": "cancelled"})  # only a cancelled audit is deleted
            audit.unlink()

    def test_draw_waits_for_the_first_call_then_is_refused(self):
        caller = self.registry.cursor()
        drawer = self.registry.cursor()
        try:
            env_a = api.Environment(caller, SUPERUSER_ID, {"tracking_disable": True})
            line = (
                env_a["cert.audit"]
                .browse(self.audit_id)
                .sample_line_ids.filtered(lambda line: line.role == "sample")[0]
            )
            line.action_start_call()
            env_a.flush_all()
            env_b = api.Environment(drawer, SUPERUSER_ID, {"tracking_disable": True})
            drawer.execute("SET LOCAL lock_timeout = '500ms'")
            with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                env_b["cert.audit"].browse(self.audit_id)._survey_draw(reason="Drawn while a call starts.")
            drawer.rollback()
            caller.commit()  # pylint: disable=invalid-commit
        finally:
            caller.close()
            drawer.close()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            audit = env["cert.audit"].browse(self.audit_id)
            with self.assertRaisesRegex(UserError, "fixed"):
                audit._survey_draw(reason="Drawn after the call.")
            self.assertEqual(len(audit.sample_draw_ids), 1)
            self.assertEqual(audit.sample_seed, "race")
