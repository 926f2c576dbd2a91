from odoo.addons.cert_service.lib import scoring
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..lib import callback
from .common import CertSurveyCase

GOOD = {"reached": "yes", "on_time": "yes", "attitude": "good", "fixed": "yes", "complaint": "na", "satisfaction": "5"}


@tagged("post_install", "-at_install")
class TestCallbackScore(CertSurveyCase):
    """Answers of the calls and visits → results per outlet and indicator → the proposed basis → the score."""

    def setUp(self):
        super().setUp()
        self.import_orders(100)
        self.audit.with_user(self.user_auditor).action_draw_sample()
        self.sample = self.audit.sample_line_ids.filtered(lambda line: line.role == "sample")
        self.relations = self.env.ref("cert_service.gbt_relations")
        self.repair = self.env.ref("cert_service.gbt_repair")
        self.complaints = self.env.ref("cert_service.gbt_complaints")

    def call_all(self):
        answers = {}
        for index, line in enumerate(self.sample):
            given = dict(GOOD)
            if index == 0:
                given = {"reached": "no"}
            if index in (1, 2):
                given.update(on_time="no")  # 5.2.4 fails twice
            if index == 3:
                given.update(satisfaction="2", complaint="no")  # 5.3.1 and 5.3.2 fail
            if index == 4:
                given.update(complaint="yes")
            self.answer(line, given, user=self.user_auditor_2 if index % 2 else self.user_auditor)
            answers[line] = given
        return answers

    def test_basis_equals_the_pure_aggregation(self):
        answers = self.call_all()
        self.audit.with_user(self.user_auditor).action_propose_basis()
        mapping = self.scheme.survey_indicator_map_ids._as_mapping()
        reached = [(line.site_id.id, given) for line, given in answers.items() if given.get("reached") != "no"]
        totals, per_outlet = callback.aggregate(reached, mapping)
        basis = {b.indicator_id.id: (b.sample_size, b.nonconforming_count) for b in self.audit.survey_basis_ids}
        self.assertEqual(basis, totals)
        self.assertEqual(basis[self.repair.id], (len(self.sample) - 1, 2))
        self.assertEqual(basis[self.complaints.id], (2, 1), "only the customers who complained count for 5.3.2")
        outcomes = self.audit.survey_outcome_ids
        for (site, indicator), (cases, bad) in per_outlet.items():
            rows = outcomes.filtered(lambda o, s=site, i=indicator: o.site_id.id == s and o.indicator_id.id == i)
            self.assertEqual((len(rows), sum(rows.mapped("nonconforming_count"))), (cases, bad))
        self.assertFalse(outcomes.sample_line_id.filtered(lambda line: line.call_state != "reached"))

    def test_accept_writes_the_line_and_the_score_is_the_pure_score(self):
        self.call_all()
        audit = self.audit.with_user(self.user_auditor)
        audit.action_propose_basis()
        mapped = self.relations | self.repair | self.complaints
        for line in audit.score_line_ids.filtered(lambda line: line.indicator_id not in mapped):
            line.write({"sample_size": 5, "nonconforming_count": 0} if line.sampled else {"points": line.max_points})
        audit.survey_basis_ids.action_accept()
        self.assertEqual(set(audit.survey_basis_ids.mapped("state")), {"accepted"})
        for basis in audit.survey_basis_ids:
            line = basis.score_line_id
            self.assertEqual(
                (line.sample_size, line.nonconforming_count), (basis.sample_size, basis.nonconforming_count)
            )
            expected = scoring.sampled_points(line.max_points, basis.sample_size, basis.nonconforming_count)
            self.assertEqual(scoring.to_decimal(line.points), expected)
            self.assertEqual(scoring.to_decimal(basis.proposed_points), expected)
        awarded = {line.indicator_id.id: line.points for line in audit.score_line_ids}
        result = scoring.compute_score(
            self.scheme._scoring_indicators(),
            awarded,
            levels=self.scheme._scoring_levels(),
            fail_deductions=self.scheme.special_deduction_fail_count,
        )
        self.assertTrue(audit.score_complete)
        self.assertEqual(scoring.to_decimal(audit.score, scoring.TENTH), result.score)
        self.assertIn("accepted", audit.message_ids[0].body)

    def test_override_needs_a_note(self):
        self.call_all()
        self.audit.with_user(self.user_auditor).action_propose_basis()
        basis = self.audit.survey_basis_ids.filtered(lambda b: b.indicator_id == self.repair).with_user(
            self.user_auditor
        )
        with self.assertRaisesRegex(UserError, "overridden"):
            basis.action_override()
        basis.override_note = "Two late arrivals were caused by a typhoon: judged on the records instead."
        basis.action_override()
        self.assertEqual(basis.state, "overridden")
        self.assertFalse(basis.score_line_id.scored, "an overridden basis leaves the line to the auditor")
        self.assertIn("typhoon", self.audit.message_ids[0].body)

    def test_new_answers_propose_again(self):
        self.answer(self.sample[0], GOOD)
        self.audit.with_user(self.user_auditor).action_propose_basis()
        basis = self.audit.survey_basis_ids.filtered(lambda b: b.indicator_id == self.repair)
        basis.with_user(self.user_auditor).action_accept()
        self.answer(self.sample[1], dict(GOOD, fixed="no"))
        self.audit.with_user(self.user_auditor).action_propose_basis()
        self.assertEqual((basis.state, basis.sample_size, basis.nonconforming_count), ("proposed", 2, 1))

    def test_finding_from_a_response(self):
        self.call_all()
        self.audit.with_user(self.user_auditor).action_propose_basis()
        line = self.sample[3]
        action = line.with_user(self.user_auditor).action_raise_finding()
        context = action["context"]
        self.assertEqual(context["default_site_id"], line.site_id.id)
        self.assertIn(context["default_indicator_id"], (self.relations | self.complaints).ids)
        finding = (
            self.env["cert.finding"]
            .with_user(self.user_auditor)
            .with_context(**context)
            .create({"description": context["default_description"] + "dissatisfied customer."})
        )
        self.assertEqual((finding.audit_id, finding.site_id), (self.audit, line.site_id))
        self.assertNotIn(line.order_id.sudo().customer_name, finding.description)

    def test_mystery_visit_with_evidence_feeds_the_results(self):
        visit = (
            self.env["cert.mystery.visit"]
            .with_user(self.user_auditor)
            .create({"audit_id": self.audit.id, "channel": "outlet", "site_id": self.outlets[0].id})
        )
        evidence = self.make_evidence(self.app_a, b"notes taken at the counter", "counter.txt", user=self.user_portal_a)
        visit.evidence_ids = [(4, evidence.id)]
        self.assertTrue(evidence.locked, "evidence linked to a visit is locked like any referenced evidence")
        visit.action_open_questionnaire()
        user_input = visit.sudo().user_input_id
        self.assertEqual(user_input.survey_id, self.scheme.mystery_survey_id)
        for key, value in {"greeting": "no", "complaint_channel": "yes", "satisfaction": "4"}.items():
            question = user_input.survey_id.question_ids.filtered(lambda q, key=key: q.cert_key == key)
            choice = question.suggested_answer_ids.filtered(lambda a, value=value: a.cert_key == value)
            user_input._save_lines(question, choice.id)
        user_input._mark_done()
        self.assertTrue(visit.done)
        self.assertTrue(visit.visit_end)
        self.audit.with_user(self.user_auditor).action_propose_basis()
        outcome = self.audit.survey_outcome_ids.filtered(lambda o: o.visit_id == visit)
        self.assertEqual(set(outcome.mapped("source")), {"mystery"})
        relations = outcome.filtered(lambda o: o.indicator_id == self.relations)
        self.assertTrue(relations.nonconforming, "not greeted: 5.3.1 fails")
        other = self.make_evidence(self.app_cn, b"elsewhere", "other.txt", user=self.user_portal_cn)
        with self.assertRaises(UserError):
            visit.sudo().evidence_ids = [(4, other.id)]
