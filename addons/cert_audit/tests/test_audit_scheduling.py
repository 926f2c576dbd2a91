from datetime import date
from datetime import datetime
from datetime import timedelta

import pytz

from odoo import Command
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditScheduling(CertAuditCase):
    def assertRefused(self, text, audit=None, auditor=None, role="auditor", **audit_vals):
        """Adding ``auditor`` is refused with ``text`` in the message (naming the auditor); nothing is saved."""
        auditor = auditor or self.auditor_b
        if audit is None:
            audit = self.make_audit(**audit_vals)
        before = audit.member_ids
        with self.assertRaises(ValidationError) as caught:
            audit.write({"member_ids": [Command.create({"auditor_id": auditor.id, "role": role})]})
        message = str(caught.exception)
        self.assertIn(auditor.name, message)
        self.assertIn(text, message)
        self.assertEqual(audit.member_ids, before, "nothing saved")
        return message

    def test_qualified_free_auditor_is_accepted(self):
        audit = self.make_audit(team=[(self.lead, "lead"), (self.auditor_b, "auditor")])
        self.assertEqual(audit.lead_auditor_id, self.lead)
        self.assertEqual(len(audit.member_ids), 2)

    def test_refused_without_qualification(self):
        self.auditor_b.qualification_ids.unlink()
        self.assertRefused("not qualified for the scheme")

    def test_refused_qualification_expired(self):
        self.auditor_b.qualification_ids.date_to = date(2031, 3, 2)
        self.assertRefused("expired on")

    def test_refused_when_qualification_expires_during_the_audit(self):
        # expires on the first day of a two-day audit
        self.auditor_b.qualification_ids.date_to = date(2031, 3, 3)
        self.assertRefused("expired on", hours=30)

    def test_refused_qualification_not_yet_valid(self):
        self.auditor_b.qualification_ids.date_from = date(2031, 4, 1)
        self.assertRefused("valid only from")

    def test_industry_code(self):
        industry = self.env["cert.industry.code"].create({"code": "TEST-C38", "name": "Electrical machinery (test)"})
        self.app_a.industry_code_id = industry
        self.assertRefused("in the industry", team=[(self.lead, "observer")])
        self.auditor_b.qualification_ids.industry_code_ids = [Command.set(industry.ids)]
        audit = self.make_audit(team=[(self.auditor_b, "auditor")])
        self.assertEqual(audit.industry_code_id, industry)

    def test_observer_needs_no_qualification(self):
        self.auditor_b.qualification_ids.unlink()
        audit = self.make_audit(team=[(self.auditor_b, "observer")])
        self.assertEqual(audit.member_ids.auditor_id, self.auditor_b)

    def test_refused_conflict_with_client(self):
        self.env["cert.auditor.conflict"].create(
            {
                "auditor_id": self.auditor_b.id,
                "partner_id": self.client_a.id,
                "conflict_type": "employment",
                "date_from": date(2025, 1, 1),
                "date_to": date(2029, 6, 30),  # 20 months before the audit
            }
        )
        self.assertRefused("conflict of interest with Client A")

    def test_refused_conflict_with_referring_consultancy(self):
        self.env["cert.auditor.conflict"].create(
            {"auditor_id": self.auditor_b.id, "partner_id": self.consultancy.id, "date_from": date(2030, 1, 1)}
        )
        self.assertRefused("conflict of interest with Referral Consulting")

    def test_old_conflict_is_accepted_and_period_is_a_setting(self):
        self.env["cert.auditor.conflict"].create(
            {
                "auditor_id": self.auditor_b.id,
                "partner_id": self.client_a.id,
                "date_from": date(2020, 1, 1),
                "date_to": date(2028, 12, 31),  # 26 months before the audit
            }
        )
        audit = self.make_audit(team=[(self.auditor_b, "auditor")])
        self.assertEqual(audit.member_ids.auditor_id, self.auditor_b)
        # the default is the settings field's, read through the one settings reader
        self.env["ir.config_parameter"].sudo().set_param("cert_audit.conflict_months", False)
        self.assertEqual(audit._conflict_months(), 24)
        self.env["ir.config_parameter"].sudo().set_param("cert_audit.conflict_months", "36")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.cert_conflict_months, 36)
        self.assertRefused("within the last 36 months", start=self.monday + timedelta(days=7, hours=1))

    def _past_audits(self, count, auditor, app=None, role="auditor"):
        for i in range(count):
            self.make_audit(
                app=app, start=datetime(2020 + i, 6, 1, 1), team=[(auditor, role)], audit_type="surveillance"
            )

    def test_refused_beyond_consecutive_audit_limit(self):
        self.assertEqual(self.scheme.consecutive_audit_limit, 6)
        self._past_audits(6, self.auditor_b)
        message = self.assertRefused("consecutive audits")
        self.assertIn("limit 6", message)
        # another client is fine
        audit = self.make_audit(app=self.app_b, team=[(self.auditor_b, "auditor")])
        self.assertTrue(audit.member_ids)

    def test_consecutive_run_is_broken_by_an_audit_without_the_auditor(self):
        self._past_audits(5, self.auditor_b)
        self.make_audit(start=datetime(2026, 6, 1, 1), team=[(self.auditor_c, "auditor")], audit_type="surveillance")
        audit = self.make_audit(team=[(self.auditor_b, "auditor")])
        self.assertTrue(audit.member_ids)

    def test_consecutive_limit_follows_the_scheme(self):
        self.scheme.consecutive_audit_limit = 2
        self._past_audits(2, self.auditor_b)
        self.assertRefused("limit 2")

    def test_refused_on_leave(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": self.auditor_b.resource_id.id,
                "calendar_id": self.auditor_b.resource_calendar_id.id,
                "date_from": self.monday + timedelta(hours=5),  # afternoon only
                "date_to": self.monday + timedelta(days=1),
            }
        )
        self.assertRefused("on leave")
        # the next day is free
        audit = self.make_audit(start=self.monday + timedelta(days=1, hours=1), team=[(self.auditor_b, "auditor")])
        self.assertTrue(audit.member_ids)

    def test_refused_when_booked_at_overlapping_times(self):
        booked = self.make_audit(app=self.app_b, team=[(self.auditor_b, "auditor")])
        message = self.assertRefused("already booked on")
        self.assertIn(booked.name, message)

    def test_partial_day_overlap_counts_and_back_to_back_does_not(self):
        # booked 01:00-05:00 UTC (09:00-13:00 in Shanghai)
        self.make_audit(app=self.app_b, hours=4, team=[(self.auditor_b, "auditor")])
        # 04:00-08:00: one hour in common
        self.assertRefused("already booked", start=self.monday + timedelta(hours=4), hours=4)
        # 05:00-09:00: starts when the other ends
        audit = self.make_audit(start=self.monday + timedelta(hours=5), hours=4, team=[(self.auditor_b, "auditor")])
        self.assertTrue(audit.member_ids)

    def test_overlap_across_time_zones(self):
        """09:00-17:00 in Shanghai and 08:00-10:00 in Berlin on the same day overlap (01:00-09:00 vs 07:00-09:00 UTC)."""
        shanghai, berlin = pytz.timezone("Asia/Shanghai"), pytz.timezone("Europe/Berlin")

        def utc(tz, *args):
            return tz.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)

        start = utc(shanghai, 2031, 3, 3, 9)
        self.make_audit(app=self.app_b, start=start, hours=8, team=[(self.auditor_b, "auditor")], tz="Asia/Shanghai")
        berlin_start = utc(berlin, 2031, 3, 3, 8)
        self.assertEqual(berlin_start, datetime(2031, 3, 3, 7))
        self.user_officer.tz = "Europe/Berlin"
        message = self.assertRefused("already booked", start=berlin_start, hours=2, tz="Europe/Berlin")
        # the booking is shown in the planner's time zone (Berlin: 02:00-10:00), zone named
        self.assertIn("10:00", message)
        self.assertIn("Europe/Berlin", message)
        # 10:00-12:00 Berlin = 09:00-11:00 UTC: free
        audit = self.make_audit(start=utc(berlin, 2031, 3, 3, 10), hours=2, team=[(self.auditor_b, "auditor")])
        self.assertTrue(audit.member_ids)

    def test_cancelled_audit_frees_the_auditor(self):
        booked = self.make_audit(app=self.app_b, team=[(self.auditor_b, "auditor")])
        booked.action_cancel()
        audit = self.make_audit(team=[(self.auditor_b, "auditor")])
        self.assertTrue(audit.member_ids)
        # reopening the cancelled audit now double-books: refused
        with self.assertRaisesText(ValidationError, "already booked"):
            booked.action_reset_draft()
        self.assertEqual(booked.state, "cancelled")

    def test_rescheduling_into_a_booking_is_refused(self):
        self.make_audit(app=self.app_b, team=[(self.auditor_b, "auditor")])
        audit = self.make_audit(start=self.monday + timedelta(days=2, hours=1), team=[(self.auditor_b, "auditor")])
        with self.assertRaisesText(ValidationError, self.auditor_b.name):
            audit.write({"date_start": self.monday + timedelta(hours=2), "date_end": self.monday + timedelta(hours=6)})
        self.assertEqual(audit.date_start, self.monday + timedelta(days=2, hours=1))

    def test_whole_team_refused_in_one_message(self):
        self.auditor_b.qualification_ids.unlink()
        self.auditor_c.qualification_ids.unlink()
        with self.assertRaises(ValidationError) as caught:
            self.make_audit(team=[(self.auditor_b, "auditor"), (self.auditor_c, "auditor")])
        self.assertIn(self.auditor_b.name, str(caught.exception))
        self.assertIn(self.auditor_c.name, str(caught.exception))
        self.assertFalse(self.Audit.search([("application_id", "=", self.app_a.id)]))

    def test_message_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_audit")])._update_translations(["zh_CN"])
        self.auditor_b.qualification_ids.unlink()
        audit = self.make_audit()
        with self.assertRaises(ValidationError) as caught:
            audit.with_context(lang="zh_CN").write(
                {"member_ids": [Command.create({"auditor_id": self.auditor_b.id, "role": "auditor"})]}
            )
        self.assertIn("资格", str(caught.exception))

    def test_lead_auditor_grade_and_single_lead(self):
        self.assertRefused("cannot be Lead auditor", role="lead")  # auditor_b is an "auditor" grade
        audit = self.make_audit(team=[(self.lead, "lead")])
        with self.assertRaisesText(ValidationError, "only one lead auditor"):
            audit.write({"member_ids": [Command.create({"auditor_id": self.auditor_d.id, "role": "lead"})]})

    def test_trainee_only_as_observer(self):
        trainee = self.make_auditor(self.user_employee, "trainee")
        self.assertRefused("cannot be Auditor", auditor=trainee)
        audit = self.make_audit(team=[(trainee, "observer")])
        self.assertTrue(audit.member_ids)

    def test_auditor_without_user_is_refused(self):
        no_user = self.Auditor.create({"name": "Freelance Expert", "grade": "technical_expert"})
        self.qualify(no_user)
        self.assertRefused("has no user", auditor=no_user, role="expert")

    def test_planning_needs_exactly_one_lead_and_dates(self):
        audit = self.make_audit(team=[(self.auditor_b, "auditor")])
        with self.assertRaisesText(UserError, "exactly one lead auditor"):
            audit.action_plan()
        draft = self.Audit.create({"application_id": self.app_b.id})
        with self.assertRaisesText(UserError, "dates are not set"):
            draft.action_plan()
        audit.write({"member_ids": [Command.create({"auditor_id": self.lead.id, "role": "lead"})]})
        audit.action_plan()
        self.assertEqual(audit.state, "planned")

    def test_end_before_start_is_refused(self):
        with self.assertRaisesText(ValidationError, "must end after it starts"):
            self.make_audit(hours=-1)
