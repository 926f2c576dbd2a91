"""cert_compliance's create/write overrides under Odoo's retry after a serialization failure.

The check and its rules are cert_service's ``tests/retry_safety.py``; the data set is cert_compliance's security
matrix (client A's received complaint and planned audit).
"""

from datetime import date
from datetime import timedelta

from odoo.addons.cert_service.tests.retry_safety import RetrySafetyMixin
from odoo.addons.cert_service.tests.retry_safety import Sample
from odoo.tests import HttpCase
from odoo.tests import tagged

from .test_compliance_security_matrix import ComplianceMatrix

#: valid arguments of each overridden call of cert_compliance's models
COMPLIANCE_SAMPLES = {
    ("cert.complaint", "create"): Sample(lambda t: [t.matrix_create["cert.complaint"]()], role="officer"),
    ("cert.complaint", "write"): Sample(
        lambda t: (t.matrix_targets["cert.complaint"], {"subject": "Retried: the repair took a month"}),
        role="officer",
    ),
    ("cert.audit.days.adjustment", "create"): Sample(
        lambda t: [t.matrix_create["cert.audit.days.adjustment"]()], role="officer"
    ),
    ("cert.audit.days.adjustment", "write"): Sample(
        lambda t: (t.matrix_targets["cert.audit.days.adjustment"], {"days": 1.5, "reason": "Retried: three cities"}),
        role="officer",
    ),
    ("cert.cnca.batch", "create"): Sample(lambda t: [t.matrix_create["cert.cnca.batch"]()], role="reporting"),
    # every field of a batch is its own code's: what preparing it writes
    ("cert.cnca.batch", "write"): Sample(
        lambda t: (t.matrix_targets["cert.cnca.batch"], {"held_back": "Retried: a record without its credit code"}),
        role=None,
        unlocked=True,
    ),
    ("cert.impartiality.threat", "create"): Sample(
        lambda t: [t.matrix_create["cert.impartiality.threat"]()], role="committee"
    ),
    ("cert.impartiality.threat", "write"): Sample(
        lambda t: (t.matrix_targets["cert.impartiality.threat"], {"description": "Retried: still referred by it"}),
        role="committee",
    ),
    # one review is planned per company (the target): the retried one is another company's, planned by the
    # yearly job (as superuser)
    ("cert.impartiality.review", "create"): Sample(
        lambda t: [
            {
                "date": date.today() + timedelta(days=90),
                "company_id": t.env["res.company"].create({"name": "Retry: a second CB company"}).id,
            }
        ],
        role=None,
    ),
    ("cert.impartiality.review", "write"): Sample(
        lambda t: (t.matrix_targets["cert.impartiality.review"], {"conclusions": "<p>Retried: to be held</p>"}),
        role="committee",
    ),
}


@tagged("post_install", "-at_install")
class TestComplianceRetrySafety(ComplianceMatrix, RetrySafetyMixin, HttpCase):
    retry_addons = ("cert_compliance",)
    RETRY_SAMPLES = COMPLIANCE_SAMPLES

    def test_overrides_survive_a_retry(self):
        self._retry_check_all()
