"""cert_audit's (and cert_portal's) create/write overrides under Odoo's retry after a serialization failure.

The check and its rules are cert_service's ``tests/retry_safety.py``; the data set is cert_audit's security
matrix, with one more audit in progress (what the team records while auditing can only be added then).
"""

from datetime import date
from datetime import datetime

from odoo import Command
from odoo.addons.cert_service.tests.retry_safety import RetrySafetyMixin
from odoo.addons.cert_service.tests.retry_safety import Sample
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase
from odoo.tests import tagged

from .test_audit_security_matrix import AuditMatrix


def _new_auditor_user(test):
    return mail_new_test_user(test.env, login="retry_auditor", groups="cert_service.group_cert_auditor")


#: valid arguments of each overridden call of cert_audit's models
AUDIT_SAMPLES = {
    ("cert.audit", "create"): Sample(lambda t: [t.matrix_create["cert.audit"]()]),
    ("cert.audit", "write"): Sample(lambda t: (t.audit_a, {"note": "<p>Retried plan notes</p>"})),
    ("cert.audit.expense", "create"): Sample(
        lambda t: [{"audit_id": t.audit_run.id, "name": "Retried taxi", "amount": 35}], role="auditor_team"
    ),
    ("cert.audit.expense", "write"): Sample(lambda t: (t.expense_run, {"amount": 140}), role="auditor_team"),
    ("cert.auditor", "write"): Sample(lambda t: (t.auditor_team, {"city": "Shunde"})),
    ("cert.auditor.qualification", "create"): Sample(lambda t: [t.matrix_create["cert.auditor.qualification"]()]),
    ("cert.auditor.qualification", "write"): Sample(
        lambda t: (t.matrix_targets["cert.auditor.qualification"], {"date_to": date(2040, 12, 31)})
    ),
    ("cert.audit.find.auditor", "create"): Sample(lambda t: [t.matrix_create["cert.audit.find.auditor"]()]),
    ("cert.audit.member", "create"): Sample(lambda t: [t.matrix_create["cert.audit.member"]()]),
    ("cert.audit.member", "write"): Sample(lambda t: (t.audit_a.member_ids[:1], {"days": 0.5})),
    # the checklist is the audit's own: its lines come from the scheme when the audit starts
    ("cert.audit.score.line", "create"): Sample(
        lambda t: [{"audit_id": t.audit_a.id, "indicator_id": t.env.ref("cert_service.gbt_repair").id}],
        role=None,
        unlocked=True,
    ),
    ("cert.audit.score.line", "write"): Sample(
        lambda t: (t.audit_run.score_line_ids[:1], {"note": "Retried note", "sample_size": 5}), role="auditor_team"
    ),
    ("cert.audit.special.deduction", "create"): Sample(
        lambda t: [{"audit_id": t.audit_run.id, "description": "Retried: an outlet without a licence"}],
        role="auditor_team",
    ),
    ("cert.audit.special.deduction", "write"): Sample(
        lambda t: (t.deduction_run, {"description": "Retried: two outlets without a licence"}), role="auditor_team"
    ),
    # with a user: the name and the partner come from the user (defaults filled in by the override)
    ("cert.auditor", "create"): Sample(
        lambda t: [{"user_id": _new_auditor_user(t).id, "grade": "auditor"}, t.matrix_create["cert.auditor"]()],
        role=None,  # the resource.resource behind an auditor is refused to every group today
    ),
    ("cert.auditor.conflict", "create"): Sample(lambda t: [t.matrix_create["cert.auditor.conflict"]()]),
    ("cert.auditor.conflict", "write"): Sample(
        lambda t: (t.matrix_targets["cert.auditor.conflict"], {"date_to": date(2017, 1, 1)})
    ),
    ("cert.decision", "create"): Sample(lambda t: [t.matrix_create["cert.decision"]()], role="decision"),
    ("cert.decision", "write"): Sample(
        lambda t: (t.matrix_targets["cert.decision"], {"reasons": "Retried reasons"}), role="decision"
    ),
    ("cert.finding", "create"): Sample(lambda t: [t.matrix_create["cert.finding"]()], role="auditor_team"),
    ("cert.finding", "write"): Sample(
        lambda t: (t.matrix_targets["cert.finding"], {"description": "Retried: repairs are not recorded."}),
        role="auditor_team",
    ),
    # cert_portal's answer signing keys are made and retired by the model's own code only (the rotation)
    ("cert.portal.signing.key", "create"): Sample(
        lambda t: [
            {
                "kid": "retried-key",
                "public_jwk": '{"kid": "retried-key"}',
                "valid_from": datetime(2026, 1, 1),
                "valid_to": datetime(2026, 6, 1),
                "state": "retired",
            }
        ],
        role=None,
        unlocked=True,
    ),
    ("cert.portal.signing.key", "write"): Sample(
        lambda t: (
            t.env["cert.portal.signing.key"].search([("state", "=", "active")], limit=1),
            {"state": "retired", "valid_to": datetime(2040, 1, 1)},
        ),
        role=None,
        unlocked=True,
    ),
}


@tagged("post_install", "-at_install")
class TestAuditRetrySafety(AuditMatrix, RetrySafetyMixin, HttpCase):
    retry_addons = ("cert_audit", "cert_portal")
    RETRY_SAMPLES = AUDIT_SAMPLES

    @classmethod
    def _matrix_data(cls):
        result = super()._matrix_data()
        env, users = cls.env, cls.matrix_users
        app = cls._matrix_application(cls.client_a, users["officer"], contracted=True)
        audit = env["cert.audit"].create(
            {
                "application_id": app.id,
                "audit_type": "initial",
                "date_start": datetime(2031, 5, 12, 1, 0),
                "date_end": datetime(2031, 5, 12, 9, 0),
                "member_ids": [Command.create({"auditor_id": cls.auditor_team.id, "role": "lead"})],
            }
        )
        audit.action_plan()
        audit.action_client_confirm()
        audit.action_start()
        team = users["auditor_team"]
        cls.audit_run = audit
        cls.expense_run = (
            env["cert.audit.expense"]
            .with_user(team)
            .create({"audit_id": audit.id, "name": "Retry train tickets", "amount": 120})
            .with_env(env)
        )
        cls.deduction_run = (
            env["cert.audit.special.deduction"]
            .with_user(team)
            .create({"audit_id": audit.id, "description": "Retry: an outlet works without a licence."})
            .with_env(env)
        )
        return result

    def test_overrides_survive_a_retry(self):
        self._retry_check_all()
