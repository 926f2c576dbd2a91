from datetime import date
from datetime import timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo import api
from odoo.addons.cert_audit.tests.common import CertAuditCase
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase
from odoo.tests import tagged

ACTIVITY = "cert_compliance.mail_activity_type_qualification_expiry"
END = date(2031, 6, 30)


@tagged("post_install", "-at_install")
class TestQualificationWarnings(CertAuditCase):
    """Auditors and the programme manager are warned 90, 60 and 30 days before a qualification expires, once
    each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("cert_compliance.programme_manager_id", cls.user_manager.id)
        cls.expiring = cls.qualify(cls.auditor_c, date_to=END)
        cls.Warning = cls.env["cert.qualification.warning"]

    def run_on(self, day):
        with freeze_time(day):
            given = self.Warning._cron_warn()
        return given.filtered(lambda w: w.qualification_id == self.expiring)

    def test_each_stage_once(self):
        self.assertFalse(self.run_on(END - timedelta(days=91)))
        first = self.run_on(END - timedelta(days=90))
        self.assertEqual((first.stage, first.date_to, first.auditor_id), (90, END, self.auditor_c))
        activities = first.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ACTIVITY))
        self.assertEqual(activities.user_id, self.user_auditor_3 | self.user_manager)
        self.assertIn("expires on 2031-06-30 (in 90 days)", activities[0].summary)
        # a second run the same day, or any day before the next stage, warns nobody again
        self.assertFalse(self.run_on(END - timedelta(days=90)))
        self.assertFalse(self.run_on(END - timedelta(days=61)))
        self.assertEqual(self.run_on(END - timedelta(days=45)).stage, 60)  # the job missed day 60: caught up
        self.assertFalse(self.run_on(END - timedelta(days=31)))
        self.assertEqual(self.run_on(END - timedelta(days=30)).stage, 30)
        self.assertFalse(self.run_on(END - timedelta(days=2)))
        self.assertEqual(self.Warning.search_count([("qualification_id", "=", self.expiring.id)]), 3)
        # a renewed qualification (new end date) starts again
        self.expiring.date_to = END + timedelta(days=60)
        self.assertEqual(self.run_on(END - timedelta(days=1)).stage, 90)

    def test_who_reads_the_warnings(self):
        warning = self.run_on(END - timedelta(days=90))
        self.assertEqual(self.Warning.with_user(self.user_auditor_3).search([("id", "=", warning.id)]), warning)
        self.assertFalse(self.Warning.with_user(self.user_auditor).search([("id", "=", warning.id)]))
        self.assertEqual(self.Warning.with_user(self.user_officer).search([("id", "=", warning.id)]), warning)
        self.assertEqual(self.Warning.with_user(self.user_manager).search([("id", "=", warning.id)]), warning)
        with self.assertRaises(AccessError):
            self.Warning.with_user(self.user_finance).search([])
        with self.assertRaises(AccessError):
            warning.with_user(self.user_officer).write({"stage": 1})


@tagged("post_install", "-at_install")
class TestProgrammeManagerSetting(CertAuditCase):
    """The programme manager is a settings field (a user), read through the one reader of the settings; an
    unreadable, deleted, archived or portal choice falls back on the first CB manager."""

    def set_raw(self, value):
        self.env["ir.config_parameter"].sudo().set_param("cert_compliance.programme_manager_id", value)

    def first_cb_manager(self):
        return self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("cert_service.group_cert_manager").id), ("share", "=", False)],
            order="id",
            limit=1,
        )

    def test_saved_from_the_settings_form(self):
        settings = self.env["res.config.settings"].create({"cert_programme_manager_id": self.user_officer.id})
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("cert_compliance.programme_manager_id"),
            str(self.user_officer.id),
        )
        self.assertEqual(self.env["cert.qualification.warning"]._programme_manager(), self.user_officer)
        self.assertEqual(self.env["res.config.settings"].create({}).cert_programme_manager_id, self.user_officer)

    def test_choices_are_the_cb_officers_and_managers(self):
        field = self.env["res.config.settings"]._fields["cert_programme_manager_id"]
        choices = self.env["res.users"].search(field.get_domain_list(self.env["res.config.settings"]))
        self.assertIn(self.user_manager, choices)
        self.assertIn(self.user_officer, choices)
        self.assertNotIn(self.user_auditor, choices)
        self.assertNotIn(self.user_employee, choices)
        self.assertNotIn(self.user_portal_a, choices)

    def test_the_reader_gives_a_record_or_nothing(self):
        gone = self.env["res.users"].create({"name": "Gone Manager", "login": "gone_manager"})
        gone_id = gone.id
        gone.unlink()
        Users = self.env["res.users"]
        cases = [
            (str(self.user_manager.id), self.user_manager),
            (f" {self.user_officer.id} ", self.user_officer),
            (str(gone_id), Users),  # deleted since it was chosen
            ("cb_manager", Users),  # a login, as the former parameter held
            ("False", Users),
            (False, Users),  # no parameter
        ]
        for raw, expected in cases:
            with self.subTest(raw=raw):
                self.set_raw(raw)
                value = self.env["res.config.settings"]._cert_param("cert_programme_manager_id")
                self.assertEqual(value._name, "res.users")
                self.assertEqual(value, expected)

    def test_fallback_on_the_first_cb_manager(self):
        Warning = self.env["cert.qualification.warning"]
        first = self.first_cb_manager()
        self.assertNotEqual(first, self.user_officer)
        self.set_raw(False)
        self.assertEqual(Warning._programme_manager(), first)
        self.set_raw("not an id")
        self.assertEqual(Warning._programme_manager(), first)
        self.set_raw(self.user_officer.id)
        self.assertEqual(Warning._programme_manager(), self.user_officer)
        self.user_officer.active = False
        self.assertEqual(Warning._programme_manager(), first, "an archived user is nobody's programme manager")
        self.set_raw(self.user_portal_a.id)
        self.assertEqual(Warning._programme_manager(), first, "nor is a portal user")


@tagged("post_install", "-at_install")
class TestQualificationWarningsParallel(TransactionCase):
    """Two workers on real cursors: a qualification locked by one is skipped by the other (SKIP LOCKED), and
    the unique row per stage keeps the warning single. The data is committed here and removed afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            auditor = env["cert.auditor"].create({"name": "Parallel Auditor", "grade": "auditor"})
            qualification = env["cert.auditor.qualification"].create(
                {
                    "auditor_id": auditor.id,
                    "scheme_id": env.ref("cert_service.scheme_gbt27922").id,
                    "date_from": date(2020, 1, 1),
                    "date_to": date(2032, 3, 31),
                }
            )
            self.auditor_id, self.qualification_id = auditor.id, qualification.id
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            warnings = env["cert.qualification.warning"].search([("qualification_id", "=", self.qualification_id)])
            warnings.activity_ids.unlink()
            warnings.unlink()
            auditor = env["cert.auditor"].browse(self.auditor_id)
            resource = auditor.resource_id
            auditor.unlink()
            resource.unlink()

    def _mine(self, given):
        return given.filtered(lambda w: w.qualification_id.id == self.qualification_id)

    def test_locked_row_skipped_then_warned_once(self):
        with freeze_time("2032-01-01"):  # 90 days before the end
            with self.registry.cursor() as holder, self.registry.cursor() as worker:
                holder.execute(
                    "SELECT id FROM cert_auditor_qualification WHERE id = %s FOR UPDATE", [self.qualification_id]
                )
                # the other worker skips the locked row instead of waiting for it
                self.assertFalse(self._mine(self._env(worker)["cert.qualification.warning"]._cron_warn(commit=False)))
                worker.rollback()
                holder.rollback()
                given = self._mine(self._env(worker)["cert.qualification.warning"]._cron_warn(commit=False))
                self.assertEqual(given.stage, 90)
                worker.commit()
            with self.registry.cursor() as again:
                self.assertFalse(self._mine(self._env(again)["cert.qualification.warning"]._cron_warn(commit=False)))
                again.execute(
                    "SELECT count(*) FROM cert_qualification_warning WHERE qualification_id = %s",
                    [self.qualification_id],
                )
                self.assertEqual(again.fetchone()[0], 1)
