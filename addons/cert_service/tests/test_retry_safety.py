"""cert_service's create/write overrides under Odoo's retry after a serialization failure (see retry_safety)."""

import base64
from datetime import date
from datetime import timedelta

from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged

from .retry_safety import RetrySafetyMixin
from .retry_safety import Sample
from .test_service_security import ServiceMatrix


def _attachment(test, name):
    return test.env["ir.attachment"].create(
        {"name": name, "raw": b"retry\n", "res_model": "cert.application", "res_id": test.app_a.id}
    )


def _draft_contract(test):
    """A contract still being drafted (the data set's are signed: their lines no longer change)."""
    contract = test.env["cert.contract"].create(test.matrix_create["cert.contract"]())
    if not contract.line_ids:
        contract.line_ids = [Command.create(test.matrix_create["cert.contract.line"]())]
    return contract


def _version_values(test):
    attachment = test.env["ir.attachment"].create({"name": "retry.txt", "raw": b"retried version\n"})
    return [{"evidence_id": test.item_a.id, "version_number": 90, "name": "retry.txt", "attachment_id": attachment.id}]


#: valid arguments of each overridden call of cert_service's models (cert_audit's add theirs)
SERVICE_SAMPLES = {
    ("cert.application", "create"): Sample(lambda t: [t.matrix_create["cert.application"]()]),
    ("cert.application", "write"): Sample(lambda t: (t.app_a, {"scope": "Retried: after-sales service"})),
    ("cert.application.document", "create"): Sample(lambda t: [t.matrix_create["cert.application.document"]()]),
    ("cert.application.document", "write"): Sample(
        lambda t: (t.app_a.document_ids[:1], {"name": "Retried document name"})
    ),
    ("cert.billing.event", "create"): Sample(
        lambda t: [
            {
                "contract_id": t.app_a.contract_id.id,
                "milestone": "annual_fee",
                "period": "retry/1",
                "date_due": date.today() + timedelta(days=30),
            }
        ],
        role=None,  # only the billing code creates billable milestones
    ),
    # every field of a milestone is a key: written by the billing code only
    ("cert.billing.event", "write"): Sample(
        lambda t: (t.matrix_targets["cert.billing.event"], {"date_due": date.today() + timedelta(days=40)}),
        role=None,
        unlocked=True,
    ),
    ("cert.certificate", "create"): Sample(lambda t: [t.matrix_create["cert.certificate"]()], role="officer"),
    ("cert.certificate", "write"): Sample(lambda t: (t.cert_a, {"user_id": t.matrix_users["manager"].id})),
    # the status history never changes: the one write that goes through is the empty one
    ("cert.certificate.status", "write"): Sample(lambda t: (t.cert_a.status_ids[:1], {}), role=None, changes=False),
    ("cert.contract", "create"): Sample(lambda t: [t.matrix_create["cert.contract"]()]),
    ("cert.contract", "write"): Sample(lambda t: (t.app_a.contract_id, {"note": "<p>Retried note</p>"})),
    ("cert.contract.line", "create"): Sample(
        lambda t: [dict(t.matrix_create["cert.contract.line"](), contract_id=_draft_contract(t).id)]
    ),
    ("cert.contract.line", "write"): Sample(lambda t: (_draft_contract(t).line_ids[:1], {"name": "Retried line"})),
    ("cert.document.request", "create"): Sample(lambda t: [t.matrix_create["cert.document.request"]()]),
    ("cert.document.request", "write"): Sample(
        lambda t: (t.matrix_targets["cert.document.request"], {"description": "Retried: the repair records"})
    ),
    ("cert.evidence", "create"): Sample(lambda t: [t.matrix_create["cert.evidence"]()], role="portal_a"),
    ("cert.evidence", "write"): Sample(
        lambda t: (
            t.item_a,
            {
                "new_file": base64.b64encode(b"retried upload\n"),
                "new_filename": "retried.txt",
                "new_version_comment": "uploaded once",
            },
        ),
        role="portal_a",
    ),
    ("cert.evidence.folder", "create"): Sample(lambda t: [t.matrix_create["cert.evidence.folder"]()]),
    ("cert.evidence.folder", "write"): Sample(lambda t: (t.folder_a, {"name": "Retried folder"})),
    ("cert.evidence.share", "create"): Sample(lambda t: [t.matrix_create["cert.evidence.share"]()]),
    ("cert.evidence.share", "write"): Sample(
        lambda t: (t.matrix_targets["cert.evidence.share"], {"note": "Retried note"})
    ),
    ("cert.evidence.version", "create"): Sample(_version_values, role=None),  # only uploads add versions
    ("cert.evidence.version", "write"): Sample(
        lambda t: (t.item_a.version_ids[:1], {"integrity_state": "ok", "integrity_checked_date": "2031-01-01"}),
        role=None,  # only the integrity check records its verdict
    ),
    ("cert.indicator", "create"): Sample(lambda t: [t.matrix_create["cert.indicator"]()]),
    ("cert.indicator", "write"): Sample(lambda t: (t.matrix_targets["cert.indicator"], {"name": "Retried indicator"})),
    ("cert.scheme", "create"): Sample(lambda t: [t.matrix_create["cert.scheme"]()]),
    ("cert.scheme", "write"): Sample(lambda t: (t.matrix_scheme, {"name": "Retried scheme"})),
    # two dicts at once: each one is the caller's
    ("cert.site", "create"): Sample(lambda t: [t.matrix_create["cert.site"](), t.matrix_create["cert.site"]()]),
    ("cert.site", "write"): Sample(lambda t: (t.matrix_targets["cert.site"], {"city": "Shunde"})),
    # wizards: their own checks (the selection, the reason) run on the caller's values
    ("cert.application.reject", "create"): Sample(lambda t: [t.matrix_create["cert.application.reject"]()]),
    ("cert.application.reject", "write"): Sample(
        lambda t: (t.matrix_targets["cert.application.reject"], {"reason": "Retried reason"})
    ),
    ("cert.certificate.payment.override", "create"): Sample(
        lambda t: [t.matrix_create["cert.certificate.payment.override"]()], role="finance"
    ),
    ("cert.certificate.payment.override", "write"): Sample(
        lambda t: (t.matrix_targets["cert.certificate.payment.override"], {"reason": "Retried: paid in cash"}),
        role="finance",
    ),
    ("cert.certificate.transition", "create"): Sample(lambda t: [t.matrix_create["cert.certificate.transition"]()]),
    ("cert.certificate.transition", "write"): Sample(
        lambda t: (t.matrix_targets["cert.certificate.transition"], {"note": "Retried: the site visit"})
    ),
    ("cert.evidence.reason", "create"): Sample(lambda t: [t.matrix_create["cert.evidence.reason"]()]),
    ("cert.evidence.reason", "write"): Sample(
        lambda t: (t.matrix_targets["cert.evidence.reason"], {"reason": "Retried reason"})
    ),
    # the history rows and references are written by the certificate's and the evidence's code only
    ("cert.certificate.status", "create"): Sample(
        lambda t: [
            {
                "certificate_id": t.cert_a.id,
                "from_state": "valid",
                "to_state": "valid",
                "date": date.today(),
                "user_id": t.matrix_users["officer"].id,
                "note": "Retried: checked",
            }
        ],
        role=None,
    ),
    ("cert.evidence.reference", "create"): Sample(
        lambda t: [
            {
                "evidence_id": t.item_a.id,
                "res_model": "cert.application",
                "res_id": t.app_a.id,
                "description": "Retried reference",
            }
        ],
        role=None,
    ),
    ("cert.evidence.reference", "write"): Sample(
        lambda t: (t.matrix_targets["cert.evidence.reference"], {"description": "Retried reference"}), role=None
    ),
    ("cert.evidence.review", "create"): Sample(
        lambda t: [{"evidence_id": t.item_a.id, "action": "submit", "reason": "Retried step"}], role=None
    ),
    ("cert.evidence.review", "write"): Sample(
        lambda t: (t.matrix_targets["cert.evidence.review"], {"reason": "Retried step"}), role=None
    ),
    # the fee schedules and the auditor-day table (configuration)
    ("cert.scheme.auditor.day", "create"): Sample(lambda t: [t.matrix_create["cert.scheme.auditor.day"]()]),
    ("cert.scheme.auditor.day", "write"): Sample(
        lambda t: (t.matrix_targets["cert.scheme.auditor.day"], {"employees_max": 99998})
    ),
    ("cert.scheme.fee", "create"): Sample(lambda t: [t.matrix_create["cert.scheme.fee"]()], role="finance"),
    ("cert.scheme.fee", "write"): Sample(
        lambda t: (t.matrix_targets["cert.scheme.fee"], {"price_unit": 12}), role="finance"
    ),
    ("cert.scheme.fee.band", "create"): Sample(lambda t: [t.matrix_create["cert.scheme.fee.band"]()], role="finance"),
    ("cert.scheme.fee.band", "write"): Sample(
        lambda t: (t.matrix_targets["cert.scheme.fee.band"], {"price_unit": 25}), role="finance"
    ),
    ("ir.attachment", "create"): Sample(
        lambda t: [
            {"name": "retry.pdf", "raw": b"%PDF-1.4 retry", "res_model": "cert.application", "res_id": t.app_a.id}
        ]
    ),
    ("ir.attachment", "write"): Sample(lambda t: (_attachment(t, "retry.txt"), {"name": "retried.txt"})),
}


@tagged("post_install", "-at_install")
class TestServiceRetrySafety(ServiceMatrix, RetrySafetyMixin, HttpCase):
    retry_addons = ("cert_service",)
    RETRY_SAMPLES = SERVICE_SAMPLES

    def test_overrides_survive_a_retry(self):
        self._retry_check_all()
