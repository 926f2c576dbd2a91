from odoo.tests import tagged
from odoo.tests.common import warmup

from .common import CertSurveyCase

#: the queries of drawing a sample (the lock, the population, the draw, its lines, the chatter), whatever its size
DRAW_QUERIES = 21


@tagged("post_install", "-at_install")
class TestSampleQueries(CertSurveyCase):
    """Drawing the sample costs the same queries for a few orders of two outlets as for thousands of four."""

    def draw_queries(self, audit):
        self.env.flush_all()
        self.env.invalidate_all()
        auditor = audit.with_user(self.user_auditor)
        with self.assertQueryCount(DRAW_QUERIES):
            auditor._survey_draw(seed="constant")
            self.env.flush_all()
        return audit.sample_line_ids

    @warmup  # run once to fill the caches (the rules, the users' groups, the chatter's defaults), then counted
    def test_constant_queries(self):
        small = self.start_audit(app=self.app_a, start=self.later(14))
        self.import_file(self.csv_file(self.rows(150, self.outlets[:2].mapped("name"))), audit=small)
        # 12,000 orders: 110 sampled and their reserve, more rows than the ORM inserts in one statement
        self.import_file(self.csv_file(self.rows(12000, self.outlets.mapped("name"))))

        lines = self.draw_queries(small)
        self.assertEqual(len(lines.filtered(lambda line: line.role == "sample")), 13, "⌈√150⌉")
        self.assertEqual(len(lines.site_id), 2)

        lines = self.draw_queries(self.audit)
        self.assertEqual(len(lines.filtered(lambda line: line.role == "sample")), 110, "⌈√12000⌉")
        self.assertGreater(len(lines), 150)
        self.assertEqual(len(lines.site_id), 4)
        self.assertEqual(set(lines.mapped("call_state")), {"to_call"})
        self.assertEqual(lines.draw_id, self.audit.sample_draw_ids)
        self.assertEqual(lines.order_id.site_id, lines.site_id, "each line's outlet is its order's")
        self.assertEqual(lines.create_uid, self.user_auditor)
