import re

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .certificate_common import CertCertificateCase
from .certificate_common import portal_installed


@tagged("post_install", "-at_install")
class TestCertificateLife(CertCertificateCase):
    def test_issue(self):
        cert = self.make_certificate(issue=False)
        self.assertEqual(cert.state, "draft")
        self.assertEqual(cert.partner_name, "美的售后服务有限公司")
        self.assertEqual(cert.credit_code, self.credit_code)
        self.assertEqual(cert.standard, "GB/T 27922-2011")
        self.assertEqual(len(cert.site_ids), 2)
        cert.action_issue()
        today = fields.Date.context_today(cert)
        self.assertEqual(cert.state, "valid")
        self.assertRegex(cert.name, r"^CB-SAS-%d-\d{5}$" % today.year)
        self.assertEqual(cert.issue_date, today)
        self.assertEqual(cert.expiry_date, today + relativedelta(months=36))
        self.assertGreaterEqual(len(cert.token), 32)
        self.assertNotEqual(cert.token, self.make_certificate(issue=False).token)
        # its public page is the portal's: none without it
        if portal_installed(self.env):
            self.assertTrue(cert.verification_url.endswith(f"/certificate/{cert.token}"))
        else:
            self.assertFalse(cert.verification_url)
        self.assertTrue(cert.pdf_attachment_id)
        row = cert.status_ids
        self.assertEqual(
            (row.from_state, row.to_state, row.date, row.user_id), ("draft", "valid", today, self.user_officer)
        )
        # first surveillance: limit 12 months after issue, window ± 2 months around the due date, never past it
        self.assertEqual(cert.surveillance_number, 1)
        self.assertEqual(cert.surveillance_due, today + relativedelta(months=10))
        self.assertEqual(cert.surveillance_window_end, today + relativedelta(months=12))

    def test_list_filters_follow_the_scheme(self):
        # "surveillance due" and "expiring" read the scheme's lead times, not numbers in the view
        cert = self.make_certificate()
        draft = self.make_certificate(app=self.make_cert_application(self.client_a), issue=False)
        Certificate = self.Certificate.with_user(self.user_officer)
        self.assertFalse(Certificate.search([("id", "=", cert.id), ("surveillance_soon", "=", True)]))
        self.assertFalse(Certificate.search([("id", "=", cert.id), ("expiry_soon", "=", True)]))
        self.scheme.write({"surveillance_plan_days": 400, "recertification_lead_months": 40})
        self.assertEqual(Certificate.search([("id", "in", (cert | draft).ids), ("surveillance_soon", "=", True)]), cert)
        self.assertEqual(Certificate.search([("id", "in", (cert | draft).ids), ("expiry_soon", "=", True)]), cert)
        self.assertEqual(Certificate.search([("id", "in", (cert | draft).ids), ("expiry_soon", "=", False)]), draft)
        self.assertEqual((cert.surveillance_soon, cert.expiry_soon, draft.expiry_soon), (True, True, False))

    def test_issue_guards(self):
        manual = self.Certificate.with_user(self.user_officer).create({"application_id": self.app_cert_a.id})
        with self.assertRaisesText(UserError, "The level is not set"):
            manual.action_issue()
        cert = self.make_certificate(issue=False)
        with self.assertRaises(AccessError):
            cert.with_user(self.user_auditor).action_issue()
        with self.assertRaises(AccessError):
            cert.with_user(self.user_finance).action_issue()
        cert.action_issue()
        with self.assertRaisesText(UserError, "Possible now: suspend, withdraw"):
            cert.action_issue()

    def test_state_and_printed_fields_are_keys(self):
        cert = self.make_certificate()
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            cert.with_user(self.user_officer).write({"state": "suspended"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            cert.with_user(self.user_manager).write({"expiry_date": "2099-01-01"})
        with self.assertRaisesText(UserError, "cannot be changed once it is issued"):
            cert.with_user(self.user_officer).write({"partner_name": "Someone else"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.Certificate.with_user(self.user_officer).create(
                {"application_id": self.app_cert_a.id, "state": "valid"}
            )
        for chosen in ({"token": "guessable"}, {"name": "CB-SAS-2020-99999"}):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                self.Certificate.with_user(self.user_officer).create(dict(chosen, application_id=self.app_cert_a.id))
        with self.assertRaisesText(UserError, "Only draft certificates"):
            cert.unlink()

    def test_suspend_restore_withdraw_history(self):
        cert = self.make_certificate()
        with self.assertRaisesText(UserError, "Give the reason"):
            self.move(cert, "action_suspend")
        with self.assertRaisesText(UserError, "Give the reason"):
            self.move(cert, "action_suspend", reason="withdrawal_misuse")
        self.move(cert, "action_suspend", reason="suspension_client_request", note="Asked by letter")
        self.assertEqual(cert.state, "suspended")
        self.assertEqual(cert.suspended_date, fields.Date.context_today(cert))
        with self.assertRaisesText(UserError, "Say how the cause"):
            self.move(cert, "action_restore")
        self.move(cert, "action_restore", note="Verified on site")
        self.assertEqual((cert.state, cert.suspended_date), ("valid", False))
        self.move(cert, "action_suspend", reason="suspension_surveillance")
        self.move(cert, "action_withdraw", reason="withdrawal_suspension_elapsed")
        self.assertEqual(cert.state, "withdrawn")
        history = cert.status_ids.sorted("id")
        self.assertEqual(
            [(h.from_state, h.to_state, h.reason_id, h.note or False, h.user_id) for h in history],
            [
                ("draft", "valid", self.env["cert.certificate.reason"], False, self.user_officer),
                ("valid", "suspended", self.reason["suspension_client_request"], "Asked by letter", self.user_officer),
                ("suspended", "valid", self.env["cert.certificate.reason"], "Verified on site", self.user_officer),
                ("valid", "suspended", self.reason["suspension_surveillance"], False, self.user_officer),
                ("suspended", "withdrawn", self.reason["withdrawal_suspension_elapsed"], False, self.user_officer),
            ],
        )
        self.assertEqual(cert.state_reason_id, self.reason["withdrawal_suspension_elapsed"])
        with self.assertRaisesText(UserError, "cannot be changed"):
            history[0].with_user(self.user_manager).write({"note": "rewritten"})
        with self.assertRaisesText(UserError, "cannot be deleted"):
            history[0].sudo().unlink()

    def test_illegal_transitions(self):
        cert = self.make_certificate()
        # expire (before the expiry date) and supersede (without a successor) are not possible now
        with self.assertRaisesText(UserError, "Possible now: suspend, withdraw, cancel."):
            cert.with_user(self.user_officer).action_restore()
        self.move(cert, "action_cancel", reason="cancellation_ceased")
        self.assertEqual(cert.state, "cancelled")
        for action in ("action_suspend", "action_restore", "action_withdraw", "action_cancel", "action_expire"):
            with self.assertRaisesText(UserError, "Possible now: nothing"):
                getattr(cert.with_user(self.user_officer), action)()
        draft = self.make_certificate(issue=False)
        with self.assertRaisesText(UserError, "Possible now: issue"):
            draft.with_user(self.user_officer).action_suspend()
        with self.assertRaisesText(UserError, "superseded by issuing"):
            cert.action_supersede()
        # nobody outside the officers moves a certificate, the wizard included
        valid = self.make_certificate()
        with self.assertRaises(AccessError):
            valid.with_user(self.user_decision).action_suspend()
        with self.assertRaises(AccessError):
            valid.with_user(self.user_portal_a)._move("action_suspend", self.reason["suspension_client_request"])

    def test_expire(self):
        cert = self.make_certificate()
        self.move(cert, "action_suspend", reason="suspension_surveillance")
        with self.assertRaisesText(UserError, "withdraw or cancel it with the reason"):
            cert.with_user(self.user_officer).action_expire()
        self.assertEqual((cert.state, len(cert.status_ids)), ("suspended", 2))
        with freeze_time(cert.expiry_date):
            cert.with_user(self.user_officer).action_expire()
        self.assertEqual(cert.state, "expired")
        self.assertEqual(cert.status_ids.sorted("id")[-1].from_state, "suspended")

    def test_upgrade_names_the_certificates_in_force_twice(self):
        """A database where the old code issued two certificates of one cycle: the upgrade names them."""
        first = self.make_certificate()
        second = self.make_certificate(app=self.make_cert_application(self.client_a), issue=False)
        self.env.flush_all()
        self.env.cr.execute("DROP INDEX cert_certificate_one_in_force_per_cycle")  # as before the upgrade
        self.env.cr.execute("UPDATE cert_certificate SET state = 'valid', name = 'CB-OLD-2' WHERE id = %s", [second.id])
        with self.assertRaisesText(UserError, f"{first.name}, CB-OLD-2"):
            self.Certificate.init()

    def test_level_change_and_recertification_supersede(self):
        old = self.make_certificate(level=self.level_4)
        new = self.make_successor(old, level=self.level_5)
        self.assertEqual((old.state, new.state), ("superseded", "valid"))
        self.assertEqual(new.expiry_date, old.expiry_date, "a level change keeps the cycle's expiry")
        self.assertEqual(new.cycle, old.cycle)
        self.assertEqual(old.state_date, new.issue_date, "no gap")
        self.assertIn(new.name, old.status_ids.sorted("id")[-1].note)
        recert = self.make_successor(new, recertification=True)
        self.assertEqual(new.state, "superseded")
        self.assertEqual(recert.cycle, 2)
        self.assertEqual(recert.expiry_date, new.expiry_date + relativedelta(months=36))
        withdrawn = self.make_certificate()
        self.move(withdrawn, "action_withdraw", reason="withdrawal_misuse")
        with self.assertRaisesText(UserError, "initial certification"):
            withdrawn._create_successor(recertification=True)

    def test_reapplication_block(self):
        with freeze_time("2027-03-10"):
            cert = self.make_certificate()
            self.move(cert, "action_withdraw", reason="withdrawal_misuse")
            app = self.make_cert_application(self.client_a)
            with self.assertRaisesText(UserError, "cannot apply again before 2028-03-10"):
                app.with_user(self.user_officer).action_submit()
            self.assertEqual(app.state, "draft")
            other = self.make_cert_application(self.client_b)
            self.assertFalse(other._withdrawal_block_problems())
        with freeze_time("2028-03-09"):
            self.assertTrue(app._withdrawal_block_problems())
        with freeze_time("2028-03-10"):
            self.assertFalse(app._withdrawal_block_problems())
            # the block is gone: what is left are the ordinary readiness checks
            with self.assertRaises(UserError) as caught:
                app.with_user(self.user_officer).action_submit()
            self.assertNotIn("cannot apply again", str(caught.exception))

    def test_credit_code(self):
        with self.assertRaisesText(ValidationError, "18 characters"):
            self.client_b.unified_social_credit_code = "9144"
        wrong = self.credit_code[:-1] + ("0" if self.credit_code[-1] != "0" else "1")
        with self.assertRaisesText(ValidationError, "does not match"):
            self.client_b.unified_social_credit_code = wrong

    def test_access(self):
        cert_a = self.make_certificate()
        draft_a = self.make_certificate(issue=False)
        cert_b = self.make_certificate(app=self.make_cert_application(self.client_b))
        visible = self.Certificate.with_user(self.user_portal_a).search([])
        self.assertEqual(visible, cert_a)
        self.assertEqual(
            self.env["cert.certificate.status"].with_user(self.user_portal_a).search([]), cert_a.status_ids
        )
        self.assertFalse(self.Certificate.with_user(self.user_auditor).search([]), "not on any audit of these clients")
        for user in (self.user_decision, self.user_finance, self.user_manager):
            self.assertEqual(
                self.Certificate.with_user(user).search([("id", "in", (cert_a | draft_a | cert_b).ids)]),
                cert_a | draft_a | cert_b,
            )
        with self.assertRaises(AccessError):
            cert_b.with_user(self.user_portal_a).read(["name"])
        with self.assertRaises(AccessError):
            cert_a.with_user(self.user_portal_a).write({"user_id": self.user_portal_a.id})
        # a salesman, who has no access to certificates, still opens the partner form
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        self.assertTrue(Partner.get_views([(False, "form")]))
        self.assertEqual(
            self.client_a.with_user(self.user_salesman).read(["unified_social_credit_code"])[0][
                "unified_social_credit_code"
            ],
            self.credit_code,
        )
        self.assertEqual(self.client_a.with_user(self.user_officer).cert_certificate_count, 2)

    def test_continuity(self):
        with freeze_time("2018-05-01"):
            first = self.make_certificate()
        with freeze_time("2021-04-01"):
            second = self.make_successor(first, recertification=True)
        with freeze_time("2024-03-01"):
            summary = self.client_a._cert_continuity()[self.client_a.id]
            self.assertIn("7 consecutive year(s)", summary[0])
            self.assertFalse(summary[1])
            # 十二星: a valid seven-star completeness certificate at the same time (its scheme made active
            # here with one indicator of its own: the CB enters them, none is shipped)
            ssc = self.env.ref("cert_service.scheme_cteas_completeness")
            self.env["cert.indicator"].create(
                {"scheme_id": ssc.id, "code": "1", "name": "Completeness", "max_points": 100}
            )
            self.env.cr.execute("UPDATE cert_scheme SET state = 'active' WHERE id = %s", [ssc.id])
            ssc.invalidate_recordset(["state"])
            with freeze_time("2023-02-01"):
                ssc_app = self.make_cert_application(self.client_a)
                ssc_app.scheme_id = ssc
                seven = self.make_certificate(app=ssc_app, level=self.env.ref("cert_service.ssc_level_7star"))
            self.client_a.invalidate_recordset()
            self.assertTrue(self.client_a.cert_twelve_star)
            self.assertTrue(second.twelve_star)
            self.assertIn("7 consecutive year(s)", self.client_a.cert_continuity_summary)
            self.assertTrue(re.search(r"Twelve stars.*held now, 2 consecutive", self.client_a.cert_continuity_summary))
            self.move(seven, "action_suspend", reason="suspension_client_request")
            self.client_a.invalidate_recordset()
            self.assertFalse(self.client_a.cert_twelve_star, "only valid certificates count")

    def test_wizards_refuse_an_empty_selection_when_saved(self):
        # a required many2many is no NOT NULL column: the wizards refuse it, naming the field, not at confirm time
        for model, fname, values, label in (
            ("cert.certificate.transition", "certificate_ids", {"action": "action_suspend"}, "Certificate"),
            ("cert.certificate.payment.override", "certificate_ids", {"reason": "Paid in cash"}, "Certificate"),
            ("cert.application.reject", "application_ids", {"reason": "Out of scope"}, "Application"),
        ):
            with self.subTest(model=model):
                with self.assertRaisesText(ValidationError, f"{label} is required"):
                    self.env[model].create(dict(values, **{fname: [Command.clear()]}))
                with self.assertRaisesText(ValidationError, f"{label} is required"):
                    self.env[model].create(dict(values, **{fname: False}))
