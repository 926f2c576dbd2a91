"""Every role against every cert_audit model (issue 10): the expected outcome of each cell is data.

The framework, the data set (client A's planned audit with the team auditor as lead) and the outcome
classes are cert_service's ``tests/security_matrix.py``. The rows follow domain.md §1 and §5 and issue 10
§2 (the intent); cells still waiting for a fix elsewhere are in ``EXPECTED_FAILURES``.
"""

from odoo.addons.cert_service.tests.security_matrix import ACCESS
from odoo.addons.cert_service.tests.security_matrix import ANY
from odoo.addons.cert_service.tests.security_matrix import DENY
from odoo.addons.cert_service.tests.security_matrix import FULL
from odoo.addons.cert_service.tests.security_matrix import HTTP_ROLES
from odoo.addons.cert_service.tests.security_matrix import OK
from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import ROLES
from odoo.addons.cert_service.tests.security_matrix import RUN
from odoo.addons.cert_service.tests.security_matrix import USER
from odoo.addons.cert_service.tests.security_matrix import SecurityMatrixHttpMixin
from odoo.addons.cert_service.tests.security_matrix import SecurityMatrixMixin
from odoo.addons.cert_service.tests.security_matrix import cells
from odoo.tests import HttpCase
from odoo.tests import tagged

OFFICERS = ("manager", "officer")
WIZARD = {"search": OK, "read": OK, "write": OK, "create": OK, "unlink": OK, "action": RUN}
#: read-only for everybody (issue 10 §2): the calendar event and who confirmed the dates
AUDIT_READONLY = {f"write:{name}": USER for name in ("event_id", "confirmed_by_id", "confirmed_date")}
#: the audit team runs the audit it is on; it neither plans nor moves it
TEAM_ACTIONS = {f"action:action_{name}": RUN for name in ("start", "report")}

MATRIX = {
    "cert.audit": {
        **{
            role: {
                **FULL,
                **AUDIT_READONLY,
                "unlink": USER,  # planned: cancel it first
                # set on creation, changed by an officer while the audit is draft (this one is planned)
                "write:application_id": USER,
                # re-checked against the auditor rules (days need a reason, the team the industry)
                "write:days_planned": RUN,
                "write:industry_code_id": RUN,
                "write:member_ids": RUN,
                "write:site_ids": RUN,  # the sites are sampled while the audit is draft
            }
            for role in OFFICERS
        },
        "auditor_team": {**READ, **TEAM_ACTIONS, "write:note": ANY},
        "decision": READ,
        "finance": READ,
        # the client sees its audits and confirms the dates from the portal
        "portal_a": {**READ, "action:action_client_confirm": RUN},
        "*": {f"write:{name}": DENY for name in ("event_id", "confirmed_by_id", "confirmed_date", "note")},
    },
    "cert.audit.member": {
        # moving a member to another audit turns the access to that audit: a key
        **{role: {**FULL, "unlink": RUN, "write:audit_id": USER, "write:auditor_id": RUN} for role in OFFICERS},
        "auditor_team": READ,
        "decision": READ,
        "finance": READ,
    },
    "cert.auditor": {
        # the auditor has assignments: archived, not deleted
        **{role: {**FULL, "unlink": USER, "write:resource_id": RUN} for role in OFFICERS},
        "auditor_team": {**READ, "read:day_rate": ACCESS},
        "auditor_other": {**READ, "read:day_rate": ACCESS},
        "decision": {**READ, "read:day_rate": ACCESS},
        "finance": READ,
    },
    "cert.auditor.conflict": {
        **{role: FULL for role in OFFICERS},
        # an auditor adds declarations, never weakens, moves or deletes one (issue 10 §2)
        "auditor_team": {**READ, "create": OK, "write:note": ANY},
        "decision": READ,
    },
    "cert.auditor.qualification": {
        **{role: FULL for role in OFFICERS},
        "auditor_team": READ,
        "auditor_other": READ,
        "decision": READ,
    },
    "cert.industry.code": {
        "manager": FULL,
        **{role: READ for role in ("officer", "auditor_team", "auditor_other", "decision", "finance", "salesperson")},
    },
    "cert.audit.find.auditor": {role: WIZARD for role in OFFICERS},
    "cert.audit.find.auditor.line": {role: WIZARD for role in OFFICERS},
}

AUDIT = "issue-10-audit"
EXPECTED_FAILURES = {
    # ---- the team's stored copies of the audit (related fields write through to the audit)
    **cells(
        "cert.audit.member",
        OFFICERS,
        "write",
        ("user_id", "date_start", "date_end", "audit_state", "audit_type", "partner_id", "company_id"),
        f"{AUDIT}: a team member's audit and its stored copies are keys",
    ),
    **cells("cert.audit.member", OFFICERS, "write", ("role_sequence",), f"{AUDIT}: the role order is computed only"),
    **cells(
        "cert.auditor.conflict",
        ("auditor_team",),
        "write",
        ("conflict_type", "date_to"),
        f"{AUDIT}: an auditor never weakens a declaration of interest (its type, its end)",
    ),
    # officers keep the auditors (their resource: name, calendar, user, active)
    **cells(
        "cert.auditor",
        OFFICERS,
        ("write", "create", "action"),
        ("active", "name", "resource_calendar_id", "tz", "user_id", "", "action_archive"),
        "no branch yet: officers lack write/create access to resource.resource behind cert.auditor",
    ),
    **cells(
        "cert.auditor",
        ("finance",),
        "read",
        ("",),
        "no branch yet: finance reads auditors (day rates) but not conflict_ids/qualification_ids",
    ),
    # ---- robustness
    **cells("cert.audit", ("robustness",), "write", ("audit_type",), f"{AUDIT}: KeyError on an empty audit type"),
    **cells(
        "cert.auditor.qualification", ("robustness",), "write", ("date_from",), f"{AUDIT}: TypeError on an empty date"
    ),
    **cells("cert.audit.member", ("robustness",), "*", ("days",), f"{AUDIT}: negative auditor-days of a member"),
    **cells("cert.auditor", ("robustness",), "write", ("day_rate",), f"{AUDIT}: negative day rate"),
    # ---- the client sees its audits (domain.md §1)
    **cells(
        "cert.audit",
        ("portal_a",),
        ("search", "read", "action"),
        ("", "action_client_confirm"),
        f"{AUDIT}/issue-15: portal access to the client's own audits",
    ),
}


class AuditMatrix(SecurityMatrixMixin):
    matrix_module = "cert_audit"
    MATRIX = MATRIX
    EXPECTED_FAILURES = EXPECTED_FAILURES
    # the proposal lines are the wizard's own figures (read-only), not input
    ROBUSTNESS_EXEMPT = {**SecurityMatrixMixin.ROBUSTNESS_EXEMPT, "cert.audit.find.auditor.line": {"rank", "workload"}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()


@tagged("security", "post_install", "-at_install")
class TestAuditSecurityMatrix(AuditMatrix, SecurityMatrixHttpMixin, HttpCase):
    """One data set for the three runs: every role through the ORM, the client and the team auditor over
    JSON-RPC, and the bad inputs."""

    def test_matrix(self):
        self._matrix_check(ROLES, self._matrix_orm_cells)

    def test_matrix_http(self):
        self._matrix_check(HTTP_ROLES, self._matrix_http_cells, transport="http")

    def test_robustness(self):
        self._matrix_robustness()
