import random
from decimal import Decimal

from odoo.addons.cert_service.lib import scoring
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .execution_common import E2E_ROWS
from .execution_common import CertExecutionCase


@tagged("post_install", "-at_install")
class TestAuditScore(CertExecutionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls.start_audit()

    def test_start_creates_one_line_per_leaf_indicator(self):
        self.assertEqual(len(self.audit.score_line_ids), 15)
        self.assertEqual(
            self.audit.score_line_ids.mapped("code")[:8],
            ["5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7", "5.2.1"],
        )
        self.assertEqual(self.audit.score_to_do, 15)
        self.assertFalse(self.audit.score_complete)

    def test_e2e_rows_score_95_2_five_stars(self):
        self.audit.with_user(self.user_auditor)._apply_checklist_rows([dict(r) for r in E2E_ROWS])
        self.assertTrue(self.audit.score_complete)
        self.assertAlmostEqual(self.line(self.audit, "5.1.2").points, 5.4)
        self.assertAlmostEqual(self.audit.score_applicable, 95.0)
        self.assertAlmostEqual(self.audit.score, 96.2)
        self.env["cert.audit.special.deduction"].with_user(self.user_auditor).create(
            {"audit_id": self.audit.id, "description": "Service commitments not displayed."}
        )
        self.assertAlmostEqual(self.audit.score, 95.2)
        self.assertEqual(self.audit.proposed_level_id, self.level_five)
        self.assertEqual(len(self.audit.finding_ids), 1, "the special deduction opened a finding")
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.audit.special_deduction_ids.with_user(self.user_auditor).write({"finding_id": False})
        self.audit.special_deduction_ids.with_user(self.user_auditor).unlink()
        self.assertFalse(self.audit.finding_ids, "an unanswered finding goes with its deduction")
        self.assertAlmostEqual(self.audit.score, 96.2)
        with self.assertRaisesText(ValidationError, "justify the special bonus"):
            self.audit.with_user(self.user_auditor).special_bonus = True

    def test_refusals_write_nothing(self):
        line = self.line(self.audit, "5.1.1").with_user(self.user_auditor)
        with self.assertRaisesText(ValidationError, "outside 0 to 6"):
            line.write({"points": 6.5})
        self.assertFalse(line.scored)
        with self.assertRaisesText(ValidationError, "does not allow excluding"):
            line.write({"excluded": True, "exclusion_reason": "n/a"})
        recycling = self.line(self.audit, "5.2.6").with_user(self.user_auditor)
        with self.assertRaisesText(ValidationError, "reason for the exclusion"):
            recycling.write({"excluded": True})
        self.assertFalse(recycling.excluded)
        staffing = self.line(self.audit, "5.1.2").with_user(self.user_auditor)
        with self.assertRaisesText(ValidationError, "sampled case"):
            staffing.write({"sample_size": 3, "nonconforming_count": 4})
        self.assertFalse(staffing.scored)
        staffing.write({"sample_size": 10, "nonconforming_count": 1})
        self.assertAlmostEqual(staffing.points, 5.4)
        with self.assertRaisesText(ValidationError, "come from the sample"):
            staffing.write({"points": 3})
        self.assertAlmostEqual(staffing.points, 5.4)
        with self.assertRaisesText(UserError, "Still to score"):
            self.audit.with_user(self.user_auditor).action_report()
        self.assertEqual(self.audit.state, "in_progress")
        # The keys of a line are the model's own.
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            line.write({"audit_id": self.audit.id, "points": 1})

    def test_below_maximum_needs_a_note_or_finding(self):
        rows = [dict(r) for r in E2E_ROWS]
        rows[-1] = {"code": "5.3.2", "sample_size": 13, "nonconforming": 2}
        rows[10] = {"code": "5.2.4", "sample_size": 8, "nonconforming": 1}
        self.audit._apply_checklist_rows(rows)
        with self.assertRaisesText(UserError, "5.2.4 Repair is scored below its maximum"):
            self.audit.with_user(self.user_auditor).action_report()
        self.line(self.audit, "5.2.4").note = "Repair times not always recorded."
        self.Finding.with_user(self.user_auditor).create(
            {
                "audit_id": self.audit.id,
                "severity": "minor",
                "indicator_id": self.indicator("complaints").id,
                "description": "Two complaints closed late.",
            }
        )
        self.audit.with_user(self.user_auditor).action_report()
        self.assertEqual(self.audit.state, "reported")
        self.assertTrue(self.audit.report_attachment_id)
        with self.assertRaisesText(UserError, "not in progress"):
            self.line(self.audit, "5.1.1").with_user(self.user_auditor).write({"points": 5})

    def test_outsider_auditor_sees_nothing(self):
        lines = self.Line.with_user(self.user_auditor_3).search([("audit_id", "=", self.audit.id)])
        self.assertFalse(lines)
        self.assertEqual(len(self.Line.with_user(self.user_auditor_2).search([("audit_id", "=", self.audit.id)])), 15)

    def test_stored_score_equals_the_pure_function(self):
        """≥ 200 seeded random checklists, boundary values included: the stored score is the pure result."""
        rng = random.Random(27922)
        scheme = self.scheme
        tree = scheme._scoring_indicators()
        levels = scheme._scoring_levels()
        lines = self.audit.score_line_ids
        deductions = self.env["cert.audit.special.deduction"]
        self.audit.special_bonus_reason = "Industry-leading call-back programme."
        cases = 0
        for case in range(220):
            values, awarded, excluded = {}, {}, []
            for line in lines:
                maximum = Decimal(str(line.max_points))
                if line.excludable and rng.random() < 0.3:
                    values[line] = {"excluded": True, "exclusion_reason": "n/a"}
                    excluded.append(line.indicator_id.id)
                    continue
                if line.sampled:
                    size = rng.choice([1, 3, 7, 10, 13])
                    bad = rng.choice([0, size, rng.randint(0, size)])
                    values[line] = {"excluded": False, "sample_size": size, "nonconforming_count": bad}
                    awarded[line.indicator_id.id] = scoring.sampled_points(maximum, size, bad)
                    continue
                points = rng.choice([Decimal(0), maximum, (maximum * Decimal(rng.random())).quantize(Decimal("0.01"))])
                values[line] = {"excluded": False, "points": float(points)}
                awarded[line.indicator_id.id] = points
            for line, vals in values.items():
                line.write(vals)
            count = rng.choice([0, 0, 1, 2, 4, 5]) if case % 7 else 5
            if len(deductions) != count:
                deductions.unlink()
                deductions = deductions.create(
                    [{"audit_id": self.audit.id, "description": f"Deduction {i}"} for i in range(count)]
                )
            bonus = rng.random() < 0.5
            self.audit.special_bonus = bonus
            expected = scoring.compute_score(
                tree, awarded, excluded, count, bonus, levels, scheme.special_deduction_fail_count
            )
            self.assertTrue(self.audit.score_complete, case)
            self.assertEqual(Decimal(str(self.audit.score)), expected.score, case)
            self.assertEqual(self.audit.proposed_level_id.id or None, expected.level.key if expected.level else None)
            self.assertEqual(self.audit.score_failure or None, expected.failure, case)
            cases += 1
        self.assertGreaterEqual(cases, 200)

    def test_query_counts_do_not_grow_with_the_audits(self):
        rows = [dict(r) for r in E2E_ROWS]
        self.audit._apply_checklist_rows(rows)
        other = self.start_audit(app=self.app_b, start=self.later(14), team=[(self.auditor_d, "lead")])
        line = self.line(self.audit, "5.1.1")
        self.env.invalidate_all()

        def recompute():
            line.write({"points": 5.5 if line.points == 6 else 6})
            self.audit.flush_recordset()
            self.env.invalidate_all()

        recompute()
        with self.assertQueryCount(__system__=13):
            recompute()
        for _index in range(3):
            self.start_audit(app=self.app_b, start=self.later(30 + _index * 7), team=[(self.auditor_d, "lead")])
        with self.assertQueryCount(__system__=13):
            recompute()
        self.assertTrue(other.score_line_ids)

    def test_opening_a_40_line_checklist_is_constant(self):
        lines = self.audit.score_line_ids
        self.assertEqual(len(lines), 15)
        spec = {
            "score_line_ids": {
                "fields": {
                    "code": {},
                    "name": {},
                    "max_points": {},
                    "sampled": {},
                    "points": {},
                    "excluded": {},
                    "note": {},
                    "to_score": {},
                    "evidence_ids": {"fields": {"display_name": {}}},
                }
            },
            "score": {},
            "score_summary": {},
        }
        self.audit.web_read(spec)  # warm the registry caches (rules, translations)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            self.audit.web_read(spec)
        # 40 lines: the same queries.
        big = self.start_audit(app=self.app_b, start=self.later(14), team=[(self.auditor_d, "lead")])
        extra = self.scheme.copy({"code": "COPY1"}) | self.scheme.copy({"code": "COPY2"})
        self.Line._workflow_unlocked().create(
            [
                {"audit_id": big.id, "indicator_id": ind.id, "sequence": 100 + i, "category_id": ind.id}
                for i, ind in enumerate(extra.indicator_ids[:25])
            ]
        )
        self.assertEqual(len(big.score_line_ids), 40)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            big.web_read(spec)
