from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..lib import sampling
from .common import CertSurveyCase


@tagged("post_install", "-at_install")
class TestCallbackSample(CertSurveyCase):
    """The call-back sample: stratified by outlet, reproducible from its seed, drawn again only with a reason."""

    def test_stratified_sizes(self):
        orders = self.import_orders(120)
        self.audit.with_user(self.user_auditor).action_draw_sample()
        lines = self.audit.sample_line_ids
        sample = lines.filtered(lambda line: line.role == "sample")
        self.assertEqual(len(sample), 11, "⌈√120⌉ = 11")
        counts = {site.id: len(orders.filtered(lambda o, site=site: o.site_id == site)) for site in self.outlets}
        shares = sampling.allocate(counts, 11)
        for site in self.outlets:
            self.assertEqual(len(sample.filtered(lambda line, site=site: line.site_id == site)), shares[site.id])
        reserve = lines - sample
        self.assertTrue(reserve)
        self.assertFalse(sample.order_id & reserve.order_id)
        draw = self.audit.sample_draw_ids
        self.assertEqual((draw.population, draw.sample_size, draw.seed), (120, 11, self.audit.sample_seed))

    def test_minimum_and_scheme_size(self):
        self.import_orders(30)
        self.audit.with_user(self.user_auditor).action_draw_sample()
        self.assertEqual(self.audit.sample_count, 10, "⌈√30⌉ = 6, the minimum is 10")
        self.scheme.callback_sample_size = 15
        self.audit._survey_draw(reason="The scheme now samples 15 customers.")
        self.assertEqual(self.audit.sample_count, 15)

    def test_same_seed_same_sample(self):
        self.import_orders(200)
        first = self.audit.with_user(self.user_auditor)._survey_draw(seed="fixed-seed")
        picked = [(line.order_id.id, line.role, line.rank) for line in self.audit.sample_line_ids]
        self.audit.with_user(self.user_auditor)._survey_draw(reason="Check the draw.", seed="other")
        other = [(line.order_id.id, line.role, line.rank) for line in self.audit.sample_line_ids]
        self.assertNotEqual(sorted(picked), sorted(other))
        self.audit.with_user(self.user_auditor)._survey_draw(reason="Reproduce the first draw.", seed=first.seed)
        again = [(line.order_id.id, line.role, line.rank) for line in self.audit.sample_line_ids]
        self.assertEqual(sorted(picked), sorted(again))
        self.assertEqual(len(self.audit.sample_draw_ids), 3)
        self.assertEqual(self.audit.sample_draw_ids.filtered("current").seed, "fixed-seed")

    def test_redraw_needs_a_reason_and_is_logged(self):
        self.import_orders(50)
        audit = self.audit.with_user(self.user_auditor)
        audit.action_draw_sample()
        action = audit.action_draw_sample()
        self.assertEqual(action["res_model"], "cert.service.sample.redraw")
        with self.assertRaisesRegex(UserError, "reason"):
            audit._survey_draw(reason="  ")
        wizard = (
            self.env["cert.service.sample.redraw"]
            .with_user(self.user_auditor)
            .create({"audit_id": audit.id, "reason": "The client sent a corrected file."})
        )
        wizard.action_redraw()
        self.assertIn("The client sent a corrected file.", self.audit.message_ids[0].body)
        self.assertEqual(self.audit.sample_draw_ids[0].reason, "The client sent a corrected file.")
        self.assertEqual(len(self.audit.sample_draw_ids.filtered("current")), 1)

    def test_sample_fixed_after_the_first_call(self):
        self.import_orders(40)
        self.audit.with_user(self.user_auditor).action_draw_sample()
        line = self.audit.sample_line_ids.filtered(lambda line: line.role == "sample")[0]
        line.with_user(self.user_auditor_2).action_start_call()
        self.assertTrue(self.audit.sample_fixed)
        with self.assertRaisesRegex(UserError, "fixed"):
            self.audit.with_user(self.user_officer)._survey_draw(reason="Try again.")
        with self.assertRaises(UserError):
            self.import_orders(3)

    def test_only_team_or_officer_draws(self):
        self.import_orders(20)
        with self.assertRaises(AccessError):
            self.audit.with_user(self.user_auditor_3)._survey_draw()
        with self.assertRaisesRegex(UserError, "cannot be changed directly"):
            self.SampleLine.with_user(self.user_auditor).create({"audit_id": self.audit.id})

    def test_unreachable_replaced_from_the_reserve(self):
        self.import_orders(60)
        self.audit.with_user(self.user_auditor).action_draw_sample()
        line = self.audit.sample_line_ids.filtered(lambda line: line.role == "sample")[0]
        self.answer(line, {"reached": "no"})
        self.assertEqual(line.call_state, "unreachable")
        line.with_user(self.user_auditor).action_replace()
        substitute = line.replaced_by_id
        self.assertEqual(substitute.site_id, line.site_id)
        self.assertEqual((substitute.role, substitute.replaces_id, substitute.rank), ("sample", line, 1))
        self.assertIn(substitute.order_ref, self.audit.message_ids[0].body)
        with self.assertRaises(UserError):
            line.with_user(self.user_auditor).action_replace()
        self.answer(substitute, {"reached": "yes", "satisfaction": "5"})
        self.assertEqual(substitute.call_state, "reached")
        self.assertEqual(substitute.user_input_id.cert_audit_id, self.audit)
