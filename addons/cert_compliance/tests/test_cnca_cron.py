from datetime import date

from odoo import SUPERUSER_ID
from odoo import api
from odoo.tests import TransactionCase
from odoo.tests import tagged

TODAY = date(2020, 2, 1)  # the job's 1st of the month: it prepares January 2020
PERIOD = date(2020, 1, 1)


@tagged("post_install", "-at_install")
class TestCncaCron(TransactionCase):
    """The monthly job: it prepares last month's batch once, gives the reporting officer an activity due on
    the due day, and two workers on real cursors never both prepare it."""

    def _activities(self, env, batches):
        return env["mail.activity"].search(
            [
                ("res_model", "=", "cert.cnca.batch"),
                ("res_id", "in", batches.ids),
                ("activity_type_id", "=", env.ref("cert_compliance.mail_activity_type_cnca_report").id),
            ]
        )

    def test_idempotent_with_activity_due_on_the_due_day(self):
        Batch = self.env["cert.cnca.batch"]
        prepared = Batch._cron_prepare(today=TODAY)
        companies = self.env["res.company"].search([])
        self.assertEqual(len(prepared), len(companies))
        self.assertEqual(set(prepared.mapped("period")), {PERIOD})
        self.assertEqual(set(prepared.mapped("state")), {"prepared"})
        activities = self._activities(self.env, prepared)
        self.assertEqual(len(activities), len(prepared))
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2020, 2, 10)})
        main = prepared.filtered(lambda b: b.company_id == self.env.company)
        self.assertEqual(self._activities(self.env, main).user_id, Batch._responsible(self.env.company))
        # a second run (a retry, the next day) prepares nothing and gives no second activity
        self.assertFalse(Batch._cron_prepare(today=TODAY))
        self.assertFalse(Batch._cron_prepare(today=date(2020, 2, 2)))
        self.assertEqual(len(self._activities(self.env, prepared)), len(prepared))
        # the officer named in the settings gets it
        officer = self.env["res.users"].create(
            {
                "name": "CNCA Officer",
                "login": "cnca_officer_cron",
                "groups_id": [(6, 0, [self.env.ref("cert_compliance.group_cert_reporting_officer").id])],
            }
        )
        self.env.company.cert_cnca_officer_id = officer
        march = Batch._cron_prepare(today=date(2020, 4, 1)).filtered(lambda b: b.company_id == self.env.company)
        self.assertEqual(self._activities(self.env, march).user_id, officer)
        self.assertEqual(self._activities(self.env, march).date_deadline, date(2020, 4, 10))
        # marking the batch reported closes the activity
        march.with_user(officer).action_submit()
        self.assertFalse(self._activities(self.env, march))

    def test_two_workers_prepare_once(self):
        def env_of(cr):
            return api.Environment(cr, SUPERUSER_ID, {})

        self.addCleanup(self._remove)
        with self.registry.cursor() as first, self.registry.cursor() as second:
            mine = env_of(first)["cert.cnca.batch"]._cron_prepare(today=TODAY)
            self.assertTrue(mine)
            # the second worker does not wait for the first and prepares nothing
            self.assertFalse(env_of(second)["cert.cnca.batch"]._cron_prepare(today=TODAY))
            second.rollback()
            first.commit()
            # after the first committed, another run finds the month done
            self.assertFalse(env_of(second)["cert.cnca.batch"]._cron_prepare(today=TODAY))
            batches = env_of(second)["cert.cnca.batch"].search([("period", "=", PERIOD)])
            self.assertEqual(len(batches), len(env_of(second)["res.company"].search([])))
            self.assertEqual(len(self._activities(env_of(second), batches)), len(batches))

    def _remove(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            batches = env["cert.cnca.batch"].search([("period", "=", PERIOD)])
            env["mail.activity"].search([("res_model", "=", "cert.cnca.batch"), ("res_id", "in", batches.ids)]).unlink()
            batches.line_ids.unlink()
            cr.execute("DELETE FROM cert_cnca_batch WHERE id IN %s", [tuple(batches.ids) or (0,)])
