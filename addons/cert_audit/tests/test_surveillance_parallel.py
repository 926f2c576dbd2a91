from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo.addons.cert_service.tests.common import CertCase
from odoo.tests import TransactionCase
from odoo.tests import tagged

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
            # certificates issued without the decisions of a real cycle (restored afterwards)
            params = env["ir.config_parameter"]
            self.requires_decision = params.get_param("cert_audit.issue_requires_decision")
            params.set_param("cert_audit.issue_requires_decision", "0")
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
            for app in apps:  # the programme plans audits of contracted applications only
                CertCase.contract_application(app)
            self.attachment_ids = apps.document_ids.attachment_ids.ids
            certs = env["cert.certificate"].create(
                [{"application_id": app.id, "level_id": env.ref("cert_service.gbt_level_5star").id} for app in apps]
            )
            certs.action_issue()
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
            # the contracts signed for them and their milestones
            contracts = env["cert.contract"].search([("application_id", "in", self.app_ids)])
            env["mail.message"].search([("model", "=", "cert.contract"), ("res_id", "in", contracts.ids)]).unlink()
            env["mail.followers"].search(
                [("res_model", "=", "cert.contract"), ("res_id", "in", contracts.ids)]
            ).unlink()
            cr.execute("DELETE FROM cert_billing_event WHERE contract_id = ANY(%s)", [contracts.ids])
            cr.execute("DELETE FROM cert_contract WHERE id = ANY(%s)", [contracts.ids])
            audits = env["cert.audit"].search([("certificate_id", "in", self.cert_ids)])
            for model, ids in (
                ("cert.audit", audits.ids),
                ("cert.certificate", self.cert_ids),
                ("cert.application", self.app_ids),
            ):
                domain = [("res_model", "=", model), ("res_id", "in", ids)]
                env["mail.activity"].search(domain).unlink()
                env["mail.followers"].search(domain).unlink()
                env["ir.attachment"].search(domain).unlink()
                env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)]).unlink()
            audits.unlink()
            # issued certificates cannot be deleted through the ORM, on purpose; their history cascades
            cr.execute("DELETE FROM cert_certificate WHERE id IN %s", [tuple(self.cert_ids)])
            # the applications' evidence folders (created with them), leaves first
            cr.execute("SELECT 1")
            while cr.rowcount:
                cr.execute(
                    """DELETE FROM cert_evidence_folder f WHERE f.application_id IN %s
                        AND NOT EXISTS (SELECT 1 FROM cert_evidence_folder c WHERE c.parent_id = f.id)""",
                    [tuple(self.app_ids)],
                )
            cr.execute(
                """DELETE FROM cert_evidence_folder f WHERE f.partner_id IN %s
                    AND NOT EXISTS (SELECT 1 FROM cert_evidence_folder c WHERE c.parent_id = f.id)""",
                [tuple(self.partner_ids)],
            )
            # contracted applications cannot be deleted through the ORM either (their sites and documents cascade)
            cr.execute("DELETE FROM cert_application WHERE id = ANY(%s)", [self.app_ids])
            env["ir.attachment"].browse(self.attachment_ids).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            env["ir.config_parameter"].set_param("cert_audit.issue_requires_decision", self.requires_decision or False)

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
