"""cert_audit's security matrix: its rows, its keys, its data set (cert_service's, plus client A's planned
audit with the team auditor as lead and an executed one), and the test that plays them.

How a row reads and how a cell finds its expectation: cert_service's ``tests/security_matrix.py``. The rows
follow domain.md §1 and §5 (the intent); a cell that differs from its row fails the run.
"""

import base64
from datetime import date
from datetime import datetime
from datetime import timedelta

from odoo import Command
from odoo.addons.cert_service.tests.security_matrix import ACCESS
from odoo.addons.cert_service.tests.security_matrix import ANY
from odoo.addons.cert_service.tests.security_matrix import DENY
from odoo.addons.cert_service.tests.security_matrix import FULL
from odoo.addons.cert_service.tests.security_matrix import OK
from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import RUN
from odoo.addons.cert_service.tests.security_matrix import USER
from odoo.addons.cert_service.tests.security_matrix import WIZARD
from odoo.addons.cert_service.tests.security_matrix import MatrixTests
from odoo.addons.cert_service.tests.test_service_security import ServiceMatrix
from odoo.tests import HttpCase
from odoo.tests import tagged

from .execution_common import E2E_ROWS

OFFICERS = ("manager", "officer")
#: read-only for everybody: the calendar event and who confirmed the dates (the client's confirmation)
AUDIT_READONLY = {f"write:{name}": USER for name in ("event_id", "confirmed_by_id", "confirmed_date")}
#: the officers who keep a record with a portal link renew it
ROTATE = {"action:action_rotate_access_token": RUN}
#: the audit team runs the audit it is on; it neither plans nor moves it
TEAM_ACTIONS = {f"action:action_{name}": RUN for name in ("start", "report")}

#: invoices (account.move) are finance's: the others are refused the invoice fields
NO_INVOICES = {"read:invoice_*": ACCESS}
#: the audit's checklist, findings, decisions, expenses and billing are added by their own code, never
#: linked from another audit (the generated value is client B's record)
EXECUTION_RECORDS = {
    f"write:{name}": USER
    for name in (
        "billing_event_ids",
        "decision_ids",
        "expense_ids",
        "finding_ids",
        "score_line_ids",
        "special_deduction_ids",
    )
}


#: the rows of an audit each have their readers (their own access lists): the billing is finance's and the
#: officers'; the decisions the decision makers' and the officers'; the checklist, special deductions and
#: findings the team's, the officers' and the decision makers' (the client reads its own findings); the team
#: and the expenses are the CB's. A reader of the audit reads it whole but for the rows it has no access to.
def rows_refused(*names):
    return {f"read:{name}": ACCESS for name in names}


#: the call-back work of an audit (cert_customer_survey): its team's and the officers', not the other readers'
CALLBACK_HIDDEN = rows_refused(
    "service_order_ids",
    "service_order_count",
    "sample_draw_ids",
    "sample_line_ids",
    "sample_count",
    "sample_seed",
    "sample_fixed",
    "mystery_visit_ids",
    "survey_basis_ids",
    "survey_outcome_ids",
)

#: the generated value links client B's evidence item: refused
LINK_EVIDENCE = {"write:evidence_ids": DENY, "write:closure_evidence_ids": DENY}

#: an auditor's ID number (added by cert_compliance), hidden from every role but the CB manager's
ID_NUMBER_HIDDEN = {"read:id_number": ACCESS, "write:id_number": ACCESS}

#: when, by whom and in which CNCA batch the audit's plan and result were reported (added by cert_compliance):
#: the reporting roles' (the CB manager's) only
CNCA_REPORTED_HIDDEN = {
    f"read:cnca_{part}_{name}": ACCESS
    for part in ("plan", "result")
    for name in ("batch_id", "reported_date", "reported_by_id")
}

MATRIX = {
    "cert.audit": {
        **{
            role: {
                **FULL,
                **AUDIT_READONLY,
                **ROTATE,
                "unlink": USER,  # planned: cancel it first
                # set on creation, changed by an officer while the audit is draft (this one is planned)
                "write:application_id": USER,
                # re-checked against the auditor rules (days need a reason, the team the industry)
                "write:days_planned": RUN,
                "write:industry_code_id": RUN,
                "write:member_ids": RUN,
                "write:site_ids": RUN,  # the sites are sampled while the audit is draft
                **EXECUTION_RECORDS,
                # the team's special bonus, while the audit runs (this one is planned)
                "write:special_bonus": RUN,
                "write:special_bonus_reason": RUN,
                # decisions are the decision makers' (the CB manager is one); invoices finance's (so is he)
                "action:action_new_decision": RUN if role == "manager" else DENY,
                **({} if role == "manager" else NO_INVOICES),
                **({} if role == "manager" else CNCA_REPORTED_HIDDEN),
            }
            for role in OFFICERS
        },
        "auditor_team": {
            **READ,
            **CNCA_REPORTED_HIDDEN,
            **TEAM_ACTIONS,
            **NO_INVOICES,
            **rows_refused("billing_event_ids", "decision_ids"),
            "write:note": ANY,
            "action:action_export_checklist": OK,
        },
        "decision": {
            **READ,
            **CNCA_REPORTED_HIDDEN,
            **NO_INVOICES,
            **CALLBACK_HIDDEN,
            **rows_refused("billing_event_ids"),
            "action:action_new_decision": RUN,
        },
        # finance bills the audit: it does not read how it was scored
        "finance": {
            **READ,
            **CNCA_REPORTED_HIDDEN,
            **CALLBACK_HIDDEN,
            **rows_refused(
                "score_line_ids",
                "special_deduction_ids",
                "finding_ids",
                "decision_ids",
                "finding_count",
                "score_summary",
            ),
        },
        # the client sees its audits and confirms the dates from the portal
        "portal_a": {
            **READ,
            **CNCA_REPORTED_HIDDEN,
            **NO_INVOICES,
            **CALLBACK_HIDDEN,
            **rows_refused(
                "member_ids",
                "expense_ids",
                "billing_event_ids",
                "score_line_ids",
                "special_deduction_ids",
                "decision_ids",
                "score_summary",
            ),
            "action:action_client_confirm": RUN,
        },
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
        # (the manager writes the ID number; the generated value is not a valid one)
        **{role: {**FULL, "unlink": USER, "write:resource_id": RUN, "write:id_number": RUN} for role in OFFICERS},
        # the ID number reported to CNCA (cert_compliance): the CB manager's and the reporting officer's only
        "officer": {**FULL, "unlink": USER, "write:resource_id": RUN, **ID_NUMBER_HIDDEN},
        "auditor_team": {**READ, "read:day_rate": ACCESS, **ID_NUMBER_HIDDEN},
        "auditor_other": {**READ, "read:day_rate": ACCESS, **ID_NUMBER_HIDDEN},
        "decision": {**READ, "read:day_rate": ACCESS, **ID_NUMBER_HIDDEN},
        # finance reads the day rates, not the auditors' competence and declarations of interest
        "finance": {**READ, "read:qualification_ids": ACCESS, "read:conflict_ids": ACCESS, **ID_NUMBER_HIDDEN},
        # the reporting officer reads the auditors and their ID numbers for CNCA's reports, and changes nothing
        "reporting": {
            **READ,
            **{
                f"read:{name}": ACCESS
                for name in ("day_rate", "qualification_ids", "conflict_ids", "member_ids", "audit_count")
            },
            "read:id_number": OK,
        },
    },
    "cert.auditor.conflict": {
        **{role: FULL for role in OFFICERS},
        # an auditor adds declarations, never weakens, moves or deletes one: a conflict of interest hidden
        # or shortened would let them audit a client they are not impartial to
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
        **{
            role: READ
            for role in (
                "officer",
                "auditor_team",
                "auditor_other",
                "decision",
                "finance",
                "salesperson",
                "reporting",
                "committee",
            )
        },
    },
    "cert.audit.find.auditor": {role: WIZARD for role in OFFICERS},
    "cert.audit.find.auditor.line": {role: WIZARD for role in OFFICERS},
    # ---- execution (domain.md §1, §5): the target audit is reported, so its checklist, deductions and
    # expenses are frozen; the team reads them, decision makers and officers read them
    "cert.audit.score.line": {
        **{role: {**READ, "write": RUN} for role in (*OFFICERS, "auditor_team")},
        "decision": READ,
    },
    "cert.audit.special.deduction": {
        **{role: {**READ, "write": RUN, "create": RUN, "unlink": RUN} for role in (*OFFICERS, "auditor_team")},
        "decision": READ,
    },
    "cert.audit.expense": {
        **{role: {**READ, "write": RUN, "create": RUN, "unlink": RUN} for role in (*OFFICERS, "auditor_team")},
        "decision": READ,
        "finance": READ,
    },
    # findings: the team raises and follows them up; the client reads its own and answers only through
    # action_portal_answer; decision makers read them
    "cert.finding": {
        **{
            role: {
                **FULL,
                **LINK_EVIDENCE,
                **(ROTATE if role in OFFICERS else {}),
                "write": RUN,
                "unlink": RUN,
                "action:action_portal_answer": DENY,
            }
            for role in (*OFFICERS, "auditor_team")
        },
        "decision": READ,
        "portal_a": {**READ, "action:action_portal_answer": RUN},
    },
    # decision makers decide; officers read the decisions
    # (the CB manager includes the decision maker)
    "cert.decision": {
        **{role: {**FULL, "write": RUN, "unlink": RUN} for role in ("manager", "decision")},
        "officer": READ,
    },
    # an auditor imports but does not delete (a transient wizard: vacuumed)
    "cert.audit.checklist.import": {
        **{role: WIZARD for role in OFFICERS},
        # (the generated audit is client B's, not on the auditor's team: refused)
        "auditor_team": {**WIZARD, "unlink": ACCESS, "write:audit_id": DENY},
    },
}


#: the fields only each model's own actions write (besides state, a portal token and stored computations):
#: the matrix's own list, never read from the models' declarations
KEYS = {
    "cert.audit": {
        "application_id",
        "certificate_id",
        "confirmed_by_id",
        "confirmed_date",
        "event_id",
        "repeat_audit_required",
        "report_attachment_id",
        "surveillance_number",
    },
    "cert.audit.expense": {"audit_id"},
    "cert.audit.member": {"audit_id"},
    "cert.audit.score.line": {"audit_id", "category_id", "indicator_id", "scored", "sequence"},
    "cert.audit.special.deduction": {"audit_id", "finding_id"},
    "cert.decision": {
        "audit_id",
        "decided_by_id",
        "manifest",
        "manifest_check_date",
        "manifest_check_ok",
        "manifest_check_result",
        "manifest_sha256",
        "superseded_by_id",
    },
    "cert.finding": {"answered_by_id", "answered_date", "audit_id", "closed_by_id", "closed_date", "severity"},
}


class AuditMatrix(ServiceMatrix):
    matrix_module = "cert_audit"
    MATRIX = MATRIX
    KEYS = KEYS
    # the proposal lines are the wizard's own figures (read-only), not input
    ROBUSTNESS_EXEMPT = {**ServiceMatrix.ROBUSTNESS_EXEMPT, "cert.audit.find.auditor.line": {"rank", "workload"}}

    @classmethod
    def _matrix_team_data(cls, app, user):
        """cert_service's audits and auditors, plus a declared conflict of interest of each auditor, industry
        codes and the "find available auditors" wizard on client A's audit."""
        result = super()._matrix_team_data(app, user)
        env, scheme = cls.env, cls.matrix_scheme
        Conflict = env["cert.auditor.conflict"]
        consultancy = env["res.partner"].create({"name": "Matrix Consulting Ltd.", "is_company": True})
        conflict_values = {
            "auditor_id": cls.auditor_team.id,
            "partner_id": consultancy.id,
            "date_from": date(2015, 1, 1),
        }
        cls._matrix_add(
            "cert.auditor.conflict",
            Conflict.create(dict(conflict_values, date_to=date(2016, 1, 1))),
            Conflict.create(dict(conflict_values, auditor_id=cls.auditor_other.id)),
            lambda: dict(conflict_values),
        )
        cls._matrix_add(
            "cert.auditor.qualification",
            cls.auditor_team.qualification_ids[:1],
            cls.auditor_other.qualification_ids[:1],
            lambda: {"auditor_id": cls.auditor_team.id, "scheme_id": scheme.id, "date_from": date(2020, 1, 1)},
        )
        Code = env["cert.industry.code"]
        cls._matrix_add(
            "cert.industry.code",
            Code.create({"code": "MX01", "name": "Matrix appliances"}),
            Code.create({"code": "MX02", "name": "Matrix logistics"}),
            lambda: {"code": "MX03", "name": "Matrix retail"},
        )
        wizard = env["cert.audit.find.auditor"].create({"audit_id": cls.audit_a.id})
        cls._matrix_add("cert.audit.find.auditor", wizard, create=lambda: {"audit_id": cls.audit_a.id})
        cls._matrix_add(
            "cert.audit.find.auditor.line",
            wizard.line_ids[:1],
            create=lambda: {"wizard_id": wizard.id, "auditor_id": cls.auditor_other.id},
        )
        return result

    @classmethod
    def _matrix_data(cls):
        result = super()._matrix_data()
        cls._matrix_execution_data()
        return result

    @classmethod
    def _matrix_executed_audit(cls, partner, lead_role, lead, start):
        """{model: record} of an executed audit of a new contracted application of ``partner``: ``lead`` (the
        user of ``lead_role``) scores it, raises a finding, a special deduction and an expense and reports;
        then a decision maker decides."""
        env, users = cls.env, cls.matrix_users
        app = cls._matrix_application(partner, users["officer"], contracted=True)
        audit = env["cert.audit"].create(
            {
                "application_id": app.id,
                "audit_type": "initial",
                "date_start": start,
                "date_end": start + timedelta(hours=8),
                "member_ids": [Command.create({"auditor_id": lead.id, "role": "lead"})],
            }
        )
        audit.action_plan()
        audit.action_client_confirm()
        audit.action_start()

        def create_as(role, model, values):
            return env[model].with_user(users[role]).create(values).with_env(env)

        records = {"cert.audit": audit}
        records["cert.finding"] = create_as(
            lead_role,
            "cert.finding",
            {
                "audit_id": audit.id,
                "severity": "major",
                "indicator_id": env.ref("cert_service.gbt_repair").id,
                "description": "Matrix: repairs are not recorded.",
            },
        )
        records["cert.audit.special.deduction"] = create_as(
            lead_role,
            "cert.audit.special.deduction",
            {"audit_id": audit.id, "description": "Matrix: an outlet works without a licence."},
        )
        records["cert.audit.expense"] = create_as(
            lead_role, "cert.audit.expense", {"audit_id": audit.id, "name": "Matrix train tickets", "amount": 120}
        )
        sheet = base64.b64encode(b"not a sheet")
        records["cert.audit.checklist.import"] = create_as(
            lead_role, "cert.audit.checklist.import", {"audit_id": audit.id, "file": sheet}
        )
        audit._apply_checklist_rows([dict(row) for row in E2E_ROWS])
        records["cert.audit.score.line"] = audit.score_line_ids[:1]
        audit.with_user(users[lead_role]).action_report()
        level = env.ref("cert_service.gbt_level_5star")
        records["cert.decision"] = create_as(
            "decision", "cert.decision", {"audit_id": audit.id, "outcome": "grant", "level_id": level.id}
        )
        return records

    @classmethod
    def _matrix_execution_data(cls):
        """An executed audit of another application of client A, as the execution tests run one: the team
        auditor (lead) scores it, raises a finding, a special deduction and an expense, reports; then a
        decision maker decides."""
        executed = cls._matrix_executed_audit(cls.client_a, "auditor_team", cls.auditor_team, datetime(2031, 4, 7, 1))
        audit = executed["cert.audit"]
        finding, deduction = executed["cert.finding"], executed["cert.audit.special.deduction"]
        expense, decision = executed["cert.audit.expense"], executed["cert.decision"]
        wizard = executed["cert.audit.checklist.import"]
        sheet = wizard.file
        cls.audit_exec = audit
        line = audit.score_line_ids.filtered(lambda x: x.code == "5.2.4")
        cls._matrix_add("cert.audit.score.line", line, audit.score_line_ids[:1])
        cls._matrix_add(
            "cert.finding",
            finding,
            create=lambda: {"audit_id": audit.id, "severity": "minor", "description": "Matrix minor"},
        )
        cls._matrix_add(
            "cert.audit.special.deduction",
            deduction,
            create=lambda: {"audit_id": audit.id, "description": "Matrix deduction"},
        )
        cls._matrix_add(
            "cert.audit.expense",
            expense,
            create=lambda: {"audit_id": audit.id, "name": "Matrix taxi", "amount": 30},
        )
        cls._matrix_add("cert.audit.checklist.import", wizard, create=lambda: {"audit_id": audit.id, "file": sheet})
        cls._matrix_add(
            "cert.decision",
            decision,
            create=lambda: {"audit_id": audit.id, "outcome": "defer", "reasons": "Matrix"},
        )


@tagged("security", "post_install", "-at_install")
class TestAuditSecurityMatrix(MatrixTests, AuditMatrix, HttpCase):
    """One data set for the three runs: every cell through the ORM, the roles over JSON-RPC, the bad inputs."""
