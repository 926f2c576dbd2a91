from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.addons.cert_service.tests.certificate_common import CertCertificateCase
from odoo.tests import tagged

from .common import CertAuditCase
from .execution_common import E2E_ROWS


class SurveillanceCase(CertAuditCase, CertCertificateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_application(cls.app_cert_a)  # the programme plans audits of contracted applications only
        cls.client_a.email = "service@client-a.example.com"
        cls.reminder = cls.env.ref("cert_audit.mail_template_surveillance_reminder")
        cls.activity_type = cls.env.ref("cert_audit.mail_activity_type_surveillance")

    def cron(self, day, runs=2):
        """Run the daily job ``runs`` times on ``day`` (a second run must change nothing)."""
        with freeze_time(day):
            for _run in range(runs):
                self.Certificate._cron_surveillance()

    def reminders(self, cert):
        return self.env["mail.message"].search(
            [("model", "=", cert._name), ("res_id", "=", cert.id), ("subject", "like", "surveillance audit due")]
        )

    def programme(self, cert, audit_type="surveillance"):
        return cert.audit_ids.filtered(lambda a: a.audit_type == audit_type and a.state != "cancelled")

    def report(self, audit, start):
        """Take ``audit`` from draft to reported through its actions, the lead auditor on the team."""
        audit.with_user(self.user_officer).write(
            {
                "date_start": start,
                "date_end": start.replace(hour=start.hour + 8),
                "member_ids": [Command.create({"auditor_id": self.lead.id, "role": "lead"})],
            }
        )
        officer = audit.with_user(self.user_officer)
        officer.action_plan()
        officer.action_client_confirm()
        officer.action_start()
        audit._apply_checklist_rows([dict(row) for row in E2E_ROWS])
        officer.action_report()


@tagged("post_install", "-at_install")
class TestSurveillanceCron(SurveillanceCase):
    def test_closed_application_does_not_stop_the_batch(self):
        """A certificate whose application an officer closed gets no audit; the rest of its batch does."""
        # another client's (a client holds one certificate in force per scheme and cycle)
        closed = self.contract_application(self.make_cert_application(self.client_b))
        with freeze_time("2027-01-01"):
            cert = self.make_certificate()
            orphan = self.make_certificate(app=closed)
        closed.action_done()  # in progress since the audit of its certificate started
        self.cron("2027-07-03")
        self.assertEqual(len(self.programme(cert)), 1)
        self.assertFalse(orphan.audit_ids)
        self.assertEqual(orphan.surveillance_checked_date, date(2027, 7, 3))

    def test_cycle(self):
        with freeze_time("2027-01-01"):
            cert = self.make_certificate()
        self.assertEqual(
            (cert.surveillance_window_start, cert.surveillance_due, cert.surveillance_window_end),
            (date(2027, 9, 1), date(2027, 11, 1), date(2028, 1, 1)),
        )
        self.cron("2027-07-02")
        self.assertFalse(self.reminders(cert) or cert.audit_ids)
        # 60 days before the window: first reminder (mail + activity) and the audit drafted, once
        self.cron("2027-07-03")
        self.assertEqual(len(self.reminders(cert)), 1)
        self.assertEqual(self.reminders(cert).mail_ids.recipient_ids, self.client_a)
        activity = cert.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)
        self.assertEqual(
            (len(activity), activity.date_deadline, activity.user_id), (1, date(2027, 9, 1), self.user_officer)
        )
        audit = self.programme(cert)
        self.assertEqual((len(audit), audit.state, audit.surveillance_number), (1, "draft", 1))
        self.assertEqual(audit.application_id, self.app_cert_a)
        # the batch itself is idempotent too, not only the "done today" mark
        with freeze_time("2027-07-03"):
            cert._surveillance_run(date(2027, 7, 3))
        self.assertEqual((len(self.reminders(cert)), len(self.programme(cert))), (1, 1))
        # 30 days before: second reminder, nothing else
        self.cron("2027-08-02")
        self.assertEqual(len(self.reminders(cert)), 2)
        self.assertEqual(len(cert.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)), 1)
        self.assertEqual(len(self.programme(cert)), 1)
        # the window closes on 1 Jan 2028 without a reported audit: suspended the day after
        self.cron("2028-01-01")
        self.assertEqual(cert.state, "valid")
        self.cron("2028-01-02")
        self.assertEqual(cert.state, "suspended")
        self.assertEqual(cert.state_reason_id, self.reason["suspension_surveillance"])
        self.assertEqual(len(cert.status_ids.filtered(lambda s: s.to_state == "suspended")), 1)
        self.assertIn("SUSPENDED", self._pdf_text(cert))
        # the surveillance is done late; the next run restores the certificate and opens window 2
        with freeze_time("2028-01-12"):
            self.report(audit, datetime(2028, 1, 10, 1, 0))
        self.cron("2028-01-13")
        self.assertEqual(cert.state, "valid")
        self.assertEqual((cert.surveillance_done, cert.surveillance_number), (1, 2))
        self.assertEqual(cert.surveillance_anchor_date, date(2028, 1, 10))
        self.assertEqual(
            (cert.surveillance_window_start, cert.surveillance_window_end), (date(2028, 9, 10), date(2029, 1, 10))
        )
        self.assertEqual(
            [(s.from_state, s.to_state) for s in cert.status_ids.sorted("id")],
            [("draft", "valid"), ("valid", "suspended"), ("suspended", "valid")],
        )
        # second surveillance, on time
        self.cron("2028-07-12")
        second = self.programme(cert).filtered(lambda a: a.surveillance_number == 2)
        self.assertEqual(len(second), 1)
        self.assertEqual(len(self.reminders(cert)), 3)
        with freeze_time("2028-10-02"):
            self.report(second, datetime(2028, 10, 1, 1, 0))
        self.cron("2028-10-05")
        self.assertEqual((cert.surveillance_done, cert.surveillance_number), (2, 0), "two per cycle")
        self.assertFalse(cert.surveillance_window_start)
        # six months before expiry (1 Jan 2030): the recertification audit
        self.cron("2029-06-30")
        self.assertFalse(self.programme(cert, "recertification"))
        self.cron("2029-07-01")
        self.cron("2029-07-02")
        self.assertEqual(len(self.programme(cert, "recertification")), 1)
        # recertification decided before expiry: the new certificate follows without a gap, in cycle 2
        with freeze_time("2029-11-20"):
            new = self.make_successor(cert, recertification=True)
        self.assertEqual((cert.state, new.state), ("superseded", "valid"))
        self.assertEqual(new.issue_date, cert.state_date)
        self.assertEqual((new.cycle, new.expiry_date), (2, date(2033, 1, 1)))
        self.cron("2030-01-01")
        self.assertEqual((cert.state, new.state), ("superseded", "valid"))
        self.assertEqual(len(self.reminders(cert)), 3)
        self.assertEqual(len(cert.status_ids), 4)

    def test_withdraw_at_max_suspension(self):
        with freeze_time("2027-01-01"):
            cert = self.make_certificate()
        self.cron("2028-01-02")
        self.assertEqual(cert.state, "suspended")
        self.cron("2028-07-01")
        self.assertEqual(cert.state, "suspended", "six months are not over before 2 July")
        self.cron("2028-07-02")
        self.assertEqual(cert.state, "withdrawn")
        self.assertEqual(cert.state_reason_id, self.reason["withdrawal_suspension_elapsed"])
        self.assertEqual([s.to_state for s in cert.status_ids.sorted("id")], ["valid", "suspended", "withdrawn"])

    def test_expire_on_expiry_date(self):
        # a one-year scheme has no surveillance: the job only plans the recertification and expires
        short = self.scheme.copy({"code": "GBT27922-1Y", "validity_months": 12})
        short.action_activate()
        app = self.make_cert_application(self.client_b)
        app.scheme_id = short
        self.contract_application(app)
        with freeze_time("2027-01-01"):
            level = short.level_ids.filtered(lambda lv: lv.stars == 5)
            cert = self.make_certificate(app=app, level=level)
        self.assertFalse(cert.surveillance_number)
        self.cron("2027-07-01")
        self.assertEqual(len(self.programme(cert, "recertification")), 1)
        self.cron("2027-12-31")
        self.assertEqual(cert.state, "valid")
        self.cron("2028-01-01")
        self.assertEqual(cert.state, "expired")
        self.assertEqual(len(cert.status_ids.filtered(lambda s: s.to_state == "expired")), 1)
        self.assertIn("EXPIRED", self._pdf_text(cert))

    def _pdf_text(self, cert):
        import base64
        import io

        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(base64.b64decode(cert.pdf_attachment_id.datas)))
        return reader.pages[0].extract_text()
