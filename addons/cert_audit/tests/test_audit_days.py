from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditDays(CertAuditCase):
    def test_initial_days_by_headcount(self):
        """The spec's table: ≤50:2, 51–200:3, 201–500:4, 501–1000:5, >1000:6 (no outlets)."""
        expected = {1: 2, 50: 2, 51: 3, 200: 3, 201: 4, 500: 4, 501: 5, 1000: 5, 1001: 6, 5000: 6}
        for employees, days in expected.items():
            with self.subTest(employees=employees):
                self.assertEqual(self.scheme.auditor_days(employees, 0, "initial"), days)

    def test_half_day_per_sampled_outlet(self):
        # 9 outlets: ⌈√9⌉ = 3 sampled → +1.5; 10 outlets: ⌈√10⌉ = 4 → +2
        self.assertEqual(self.scheme.auditor_days(100, 9, "initial"), 4.5)
        self.assertEqual(self.scheme.auditor_days(100, 10, "initial"), 5.0)
        self.assertEqual(self.scheme.sampled_outlets(25, "surveillance"), 3)  # ⌈0.6·5⌉
        self.assertEqual(self.scheme.sampled_outlets(25, "recertification"), 4)  # ⌈0.8·5⌉

    def test_surveillance_and_recertification_ratios(self):
        """⅓ and ⅔ of the initial days, rounded up to 0.5, at least 1."""
        cases = [
            # employees, outlets, surveillance, recertification
            (40, 0, 1.0, 1.5),  # initial 2: 0.67 → 1 ; 1.33 → 1.5
            (100, 0, 1.0, None),  # initial 3: 1 ; (2: see below)
            (300, 0, 1.5, 3.0),  # initial 4: 1.33 → 1.5 ; 2.67 → 3
            (2000, 0, 2.0, None),  # initial 6: 2 ; (4: see below)
            (300, 4, 2.0, 3.5),  # initial 4 + 2×0.5 = 5: 1.67 → 2 ; 3.33 → 3.5
        ]
        for employees, outlets, surveillance, recertification in cases:
            with self.subTest(employees=employees, outlets=outlets):
                self.assertEqual(self.scheme.auditor_days(employees, outlets, "surveillance"), surveillance)
                if recertification is not None:
                    self.assertEqual(self.scheme.auditor_days(employees, outlets, "recertification"), recertification)

    def test_recertification_of_multiples_of_three(self):
        """⅔ of 3 is 2 and ⅔ of 6 is 4 exactly: nothing to round up."""
        self.assertEqual(self.scheme.auditor_days(100, 0, "recertification"), 2.0)
        self.assertEqual(self.scheme.auditor_days(2000, 0, "recertification"), 4.0)

    def test_audit_takes_the_standard_days(self):
        audit = self.make_audit()  # 320 employees, 4 outlets → 4 + ⌈√4⌉·0.5 = 5
        self.assertEqual(audit.days_standard, 5.0)
        self.assertEqual(audit.days_planned, 5.0)
        surveillance = self.make_audit(audit_type="surveillance", start=self.monday.replace(year=2032))
        self.assertEqual(surveillance.days_standard, 2.0)

    def test_adjusting_days_needs_a_reason(self):
        audit = self.make_audit()
        with self.assertRaisesText(ValidationError, "give the reason"):
            audit.write({"days_planned": 6.0})
        self.assertEqual(audit.days_planned, 5.0)
        audit.write({"days_planned": 6.0, "days_adjust_reason": "Two distant outlets: travel between sites."})
        self.assertEqual(audit.days_planned, 6.0)

    def test_member_days_share_without_observers(self):
        audit = self.make_audit(
            team=[(self.lead, "lead"), (self.auditor_b, "auditor"), (self.auditor_c, "observer")],
        )
        days = {m.auditor_id: m.days for m in audit.member_ids}
        self.assertEqual(days[self.lead], 2.5)
        self.assertEqual(days[self.auditor_b], 2.5)
        self.assertEqual(days[self.auditor_c], 0.0)
        self.assertEqual(audit.days_team, 5.0)

    def test_sites_hq_and_unvisited_outlets_first(self):
        first = self.make_audit()
        outlets = first.site_ids.filtered(lambda s: s.site_type == "outlet")
        self.assertEqual(len(first.site_ids.filtered(lambda s: s.site_type == "hq")), 1)
        self.assertEqual(len(outlets), 2)  # ⌈√4⌉
        second = self.make_audit(audit_type="surveillance", start=self.monday.replace(year=2032))
        second_outlets = second.site_ids.filtered(lambda s: s.site_type == "outlet")
        self.assertEqual(len(second_outlets), 2)  # ⌈0.6·2⌉
        self.assertFalse(second_outlets & outlets, "outlets not visited yet in the cycle come first")
        self.assertIn(self.app_a.site_ids.filtered(lambda s: s.site_type == "hq"), second.site_ids)

    def test_sites_can_be_set_by_hand(self):
        hq = self.app_a.site_ids.filtered(lambda s: s.site_type == "hq")
        audit = self.make_audit(site_ids=[Command.set(hq.ids)])
        self.assertEqual(audit.site_ids, hq)
