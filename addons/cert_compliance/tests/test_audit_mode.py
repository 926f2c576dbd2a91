from datetime import timedelta

from odoo.addons.cert_audit.tests.common import CertAuditCase
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestAuditModeAndDaysBasis(CertAuditCase):
    """Every audit records its mode (FS01/FS02/FS03, the remote means) and the factors of its auditor-days;
    the audit report prints them."""

    def test_basis_recorded_with_the_figure(self):
        # app_a: 320 employees, 4 outlets → row 201–500 (4 days) + ⌈√4⌉ = 2 sampled outlets × 0.5
        audit = self.make_audit(team=[(self.lead, "lead")])
        self.assertEqual(audit.audit_mode, "FS01")
        self.assertEqual(
            (
                audit.days_basis_employees,
                audit.days_basis_outlets,
                audit.days_basis_sampled,
                audit.days_basis_table_days,
                audit.days_basis_outlet_days,
                audit.days_basis_ratio,
                audit.days_standard,
            ),
            (320, 4, 2, 4.0, 1.0, 1.0, 5.0),
        )
        self.assertEqual(audit.days_basis_table_row, "201–500 employees: 4.0 days")
        # app_b: 40 employees, no outlet; a surveillance takes ⅓ of the initial 2 days, at least 1
        surveillance = self.make_audit(app=self.app_b, audit_type="surveillance", team=[(self.auditor_d, "lead")])
        self.assertEqual(surveillance.days_basis_table_row, "0–50 employees: 2.0 days")
        self.assertAlmostEqual(surveillance.days_basis_ratio, 1 / 3, places=4)
        self.assertEqual(surveillance.days_standard, 1.0)
        # a headcount change moves the recorded row with the figure
        self.app_b.employee_count = 1200
        self.assertEqual(surveillance.days_basis_table_row, "1001 employees or more: 6.0 days")

    def test_remote_mode_names_its_means(self):
        audit = self.make_audit(team=[(self.lead, "lead")])
        as_officer = audit.with_user(self.user_officer)
        as_officer.write({"audit_mode": "FS02"})
        with self.assertRaisesText(UserError, "say which remote means are used (Remote Means)"):
            as_officer.action_plan()
        self.assertEqual(audit.state, "draft")
        as_officer.write({"audit_mode": "FS03", "remote_means": "腾讯会议 video interviews"})
        as_officer.action_plan()
        self.assertEqual((audit.audit_mode, audit.state), ("FS03", "planned"))
        # the means cannot be dropped before the audit starts
        as_officer.write({"remote_means": " "})
        as_officer.action_client_confirm()
        with self.assertRaisesText(UserError, "say which remote means are used"):
            as_officer.action_start()
        # the mode is the planners': the audit's own lead auditor does not change it
        with self.assertRaises(AccessError):
            audit.with_user(self.user_auditor).write({"audit_mode": "FS01"})

    def test_adjustments_with_reasons(self):
        audit = self.make_audit(team=[(self.lead, "lead")])
        Adjustment = self.env["cert.audit.days.adjustment"].with_user(self.user_officer)
        first = Adjustment.create({"audit_id": audit.id, "factor": "sites", "days": 0.5, "reason": "三个城市"})
        Adjustment.create({"audit_id": audit.id, "factor": "maturity", "days": -1, "reason": "Mature system"})
        self.assertEqual(audit.days_planned, 4.5)
        self.assertIn("+0.5 (Dispersion of the sites): 三个城市", audit.days_adjust_reason)
        self.assertIn("-1 (Maturity of the management system): Mature system", audit.days_adjust_reason)
        with self.assertRaisesText(ValidationError, "below zero"):
            Adjustment.create({"audit_id": audit.id, "days": -9, "reason": "none"})
        first.unlink()
        self.assertEqual(audit.days_planned, 4.0)
        # an auditor neither reads nor adds them; once planning is over they are frozen
        with self.assertRaises(AccessError):
            self.env["cert.audit.days.adjustment"].with_user(self.user_auditor).search([])
        audit.action_plan()
        audit.action_client_confirm()
        with self.assertRaises(ValidationError):
            Adjustment.create({"audit_id": audit.id, "days": 1, "reason": "late"})
        with self.assertRaises(UserError):
            Adjustment.search([("audit_id", "=", audit.id)]).write({"days": 2})

    def test_report_prints_mode_and_basis(self):
        audit = self.make_audit(team=[(self.lead, "lead")], start=self.monday + timedelta(days=3, hours=1))
        audit.with_user(self.user_officer).write({"audit_mode": "FS03", "remote_means": "Video interviews"})
        self.env["cert.audit.days.adjustment"].with_user(self.user_officer).create(
            {"audit_id": audit.id, "factor": "sites", "days": 0.5, "reason": "Outlets far apart"}
        )
        html = self.env["ir.actions.report"]._render_qweb_html("cert_audit.report_cert_audit", audit.ids)[0].decode()
        for text in ("FS03", "Video interviews", "201–500 employees: 4.0 days", "Outlets far apart", "+0.5"):
            self.assertIn(text, html)
