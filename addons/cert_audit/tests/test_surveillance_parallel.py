from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo.tests import TransactionCase
from odoo.tests import tagged

from .issuing import issue_through_decision
from .issuing import remove_committed

CLIENTS = 4


@tagged("post_install", "-at_install")
class TestSurveillanceParallel(TransactionCase):
    """Several workers on real, separate cursors: the data is committed here and removed afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})

    def setUp(self):
        super().setUp()
        with freeze_time("2027-01-01"), self.registry.cursor() as cr:
            env = self._env(cr)
            scheme = env.ref("cert_service.scheme_gbt27922")
            partners = env["res.partner"].create(
                [
                    {"name": f"Parallel Client {i}", "is_company": True, "email": f"client{i}@parallel.example.com"}
                    for i in range(CLIENTS)
                ]
            )
            apps = env["cert.application"].create(
                [
                    {
                        "partner_id": partner.id,
                        "scheme_id": scheme.id,
                        "scope": "After-sales service",
                        "site_ids": [Command.create({"name": "HQ", "site_type": "hq", "city": "Foshan"})],
                    }
                    for partner in partners
                ]
            )
            # issued as users issue them, through their grant decisions (what this makes goes with the apps)
            level = env.ref("cert_service.gbt_level_5star")
            certs = env["cert.certificate"].browse([issue_through_decision(env, app, level).id for app in apps])
            self.partner_ids, self.app_ids, self.cert_ids = partners.ids, apps.ids, certs.ids
            # other certificates (the demo data's) count as processed by another worker while the test runs:
            # the workers here see only the test's own
            env.flush_all()
            cr.execute(
                """SELECT id, surveillance_checked_date FROM cert_certificate
                    WHERE state IN ('valid', 'suspended') AND id NOT IN %s""",
                [tuple(certs.ids)],
            )
            self.other_checked = cr.fetchall()
            cr.execute(
                "UPDATE cert_certificate SET surveillance_checked_date = '9999-12-31' WHERE id = ANY(%s)",
                [[row[0] for row in self.other_checked]],
            )
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            for cert_id, checked in self.other_checked:
                cr.execute(
                    "UPDATE cert_certificate SET surveillance_checked_date = %s WHERE id = %s", [checked, cert_id]
                )
            # the applications with their contracts, audits, decisions, certificates and folders
            remove_committed(env, env["cert.application"].browse(self.app_ids))
            env["res.partner"].browse(self.partner_ids).unlink()

    def _counts(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            result = {}
            for cert in env["cert.certificate"].browse(self.cert_ids):
                reminders = env["mail.message"].search_count(
                    [
                        ("model", "=", cert._name),
                        ("res_id", "=", cert.id),
                        ("subject", "like", "surveillance audit due"),
                    ]
                )
                result[cert.id] = (len(cert.audit_ids), reminders, len(cert.activity_ids), len(cert.status_ids))
            return result

    def test_worker_skips_locked_rows(self):
        today = date(2027, 7, 3)
        with freeze_time(today), self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            worker_a, worker_b = self._env(cr_a)["cert.certificate"], self._env(cr_b)["cert.certificate"]
            held = worker_a._surveillance_claim(today, 2, commit=False)
            self.assertEqual(len(set(held) & set(self.cert_ids)), 2)
            # B runs the whole job while A holds two rows: it takes only the others, batch by batch
            worker_b._cron_surveillance(batch_size=1, commit=True)
            worker_a.browse(held)._surveillance_run(today)
            cr_a.commit()
            self.assertEqual(worker_a._cron_surveillance(commit=True), 0)
            self.assertEqual(worker_b._cron_surveillance(commit=True), 0)
        self.assertEqual(set(self._counts().values()), {(1, 1, 1, 1)})

    def test_workers_at_once(self):
        """Both workers hold their first batch at the same time, then finish and run again."""
        today = date(2027, 7, 3)
        with freeze_time(today), self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            worker_a, worker_b = self._env(cr_a)["cert.certificate"], self._env(cr_b)["cert.certificate"]
            batch_a = worker_a._surveillance_claim(today, 2, commit=False)
            batch_b = worker_b._surveillance_claim(today, 2, commit=False)
            self.assertFalse(set(batch_a) & set(batch_b), "no row in both batches")
            self.assertEqual(set(batch_a) | set(batch_b), set(self.cert_ids))
            worker_b.browse(batch_b)._surveillance_run(today)
            worker_a.browse(batch_a)._surveillance_run(today)
            cr_b.commit()
            cr_a.commit()
            for _run in range(2):
                self.assertEqual(worker_a._cron_surveillance(commit=True), 0)
                self.assertEqual(worker_b._cron_surveillance(commit=True), 0)
        self.assertEqual(set(self._counts().values()), {(1, 1, 1, 1)})
