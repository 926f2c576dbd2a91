"""cert_customer_survey's create/write overrides under Odoo's retry after a serialization failure.

The check and its rules are cert_service's ``tests/retry_safety.py``; the data set is cert_customer_survey's
security matrix (client A's audit in progress, the team auditor its lead).
"""

from datetime import date

from odoo.addons.cert_service.tests.retry_safety import RetrySafetyMixin
from odoo.addons.cert_service.tests.retry_safety import Sample
from odoo.tests import HttpCase
from odoo.tests import tagged

from .test_survey_security_matrix import SurveyMatrix


def _outlet(test):
    return test.audit_open.application_id.site_ids.filtered(lambda site: site.site_type == "outlet")


def _free_indicator(test):
    """An indicator of the scheme the open audit has no proposed basis for (one basis per indicator)."""
    used = test.audit_open.sudo().survey_basis_ids.indicator_id
    return test.env["cert.indicator"].search(
        [("scheme_id", "=", test.matrix_scheme.id), ("id", "not in", used.ids)], limit=1
    )


#: valid arguments of each overridden call of cert_customer_survey's models: the team records its visits and
#: reads the proposed basis; the orders, the sample, the results and the proposals are written by the models'
#: own code only (import, draw, call, proposal, erasure)
SURVEY_SAMPLES = {
    ("cert.service.order", "create"): Sample(
        lambda t: [
            {
                "audit_id": t.audit_open.id,
                "site_id": _outlet(t).id,
                "service_date": date(2031, 1, 20),
                "order_ref": "RETRY-1",
                "customer_name": "顾客甲",
                "customer_phone": "13800138001",
            }
        ],
        role=None,
        unlocked=True,
    ),
    ("cert.service.order", "write"): Sample(
        lambda t: (
            t.matrix_targets["cert.service.order"],
            {"customer_name": False, "customer_phone": False, "erased": True},
        ),
        role=None,
        unlocked=True,
    ),
    ("cert.service.sample.draw", "create"): Sample(
        lambda t: [
            {
                "audit_id": t.audit_open.id,
                "seed": "retried-seed",
                "population": 6,
                "sample_size": 6,
                "reserve_size": 0,
                "drawn_by_id": t.matrix_users["auditor_team"].id,
            }
        ],
        role=None,
        unlocked=True,
    ),
    ("cert.service.sample.draw", "write"): Sample(
        lambda t: (t.matrix_targets["cert.service.sample.draw"], {"reason": "Retried: the file was incomplete"}),
        role=None,
        unlocked=True,
    ),
    ("cert.service.sample.line", "create"): Sample(
        lambda t: [
            {
                "audit_id": t.audit_open.id,
                "draw_id": t.matrix_targets["cert.service.sample.draw"].id,
                "order_id": t.matrix_targets["cert.service.order"].id,
                "role": "reserve",
                "rank": 99,
            }
        ],
        role=None,
        unlocked=True,
    ),
    ("cert.service.sample.line", "write"): Sample(
        lambda t: (t.matrix_targets["cert.service.sample.line"], {"rank": 7}), role=None, unlocked=True
    ),
    ("cert.survey.outcome", "create"): Sample(
        lambda t: [
            {
                "audit_id": t.audit_open.id,
                "indicator_id": t.env.ref("cert_service.gbt_repair").id,
                "source": "callback",
                "nonconforming": True,
                "nonconforming_count": 1,
            }
        ],
        role=None,
        unlocked=True,
    ),
    ("cert.survey.outcome", "write"): Sample(
        lambda t: (t.matrix_targets["cert.survey.outcome"], {"nonconforming": True, "nonconforming_count": 1}),
        role=None,
        unlocked=True,
    ),
    ("cert.survey.basis", "create"): Sample(
        lambda t: [
            {
                "audit_id": t.audit_open.id,
                "indicator_id": _free_indicator(t).id,
                "sample_size": 4,
                "nonconforming_count": 1,
            }
        ],
        role=None,
        unlocked=True,
    ),
    ("cert.survey.basis", "write"): Sample(
        lambda t: (t.matrix_targets["cert.survey.basis"], {"override_note": "Retried: two customers misunderstood"}),
        role="auditor_team",
    ),
    ("cert.mystery.visit", "create"): Sample(lambda t: [t.matrix_create["cert.mystery.visit"]()], role="auditor_team"),
    ("cert.mystery.visit", "write"): Sample(
        lambda t: (t.matrix_targets["cert.mystery.visit"], {"note": "Retried: nobody at the counter"}),
        role="auditor_team",
    ),
}


@tagged("post_install", "-at_install")
class TestSurveyRetrySafety(SurveyMatrix, RetrySafetyMixin, HttpCase):
    retry_addons = ("cert_customer_survey",)
    RETRY_SAMPLES = SURVEY_SAMPLES

    def test_overrides_survive_a_retry(self):
        self._retry_check_all()
