"""cert_compliance's security matrix: its rows, its keys, its data set (cert_audit's, plus a complaint the client
filed from the portal about its certificate, an auditor-day adjustment of its planned audit and qualification
expiry warnings of both auditors) and the test that plays them.

How a row reads and how a cell finds its expectation: cert_service's ``tests/security_matrix.py``. The rows
follow domain.md and ISO/IEC 17065 §7.13 (the intent); the auditors' ID numbers, which this addon adds to
``cert.auditor``, are cert_audit's matrix rows (its ``reporting`` role reads them).
"""

from datetime import date
from datetime import timedelta

from odoo.addons.cert_audit.tests.test_audit_security_matrix import AuditMatrix
from odoo.addons.cert_audit.tests.test_trust_declarations import NoLinkAcrossClients
from odoo.addons.cert_compliance.lib import impartiality
from odoo.addons.cert_service.tests.security_matrix import ACCESS
from odoo.addons.cert_service.tests.security_matrix import DENY
from odoo.addons.cert_service.tests.security_matrix import FULL
from odoo.addons.cert_service.tests.security_matrix import OK
from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import RUN
from odoo.addons.cert_service.tests.security_matrix import USER
from odoo.addons.cert_service.tests.security_matrix import MatrixTests
from odoo.tests import HttpCase
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

#: the case's description as received: the officers' while the case is received (the target is)
RECEIVED_FIELDS = ("kind", "subject", "description", "received_date", "complainant_name")
#: the officers follow the case: the complainant's contact, the language of the mails, the case officer,
#: the investigator (chosen while received)
OFFICER_FIELDS = ("complainant_email", "complainant_phone", "lang", "user_id", "investigator_id")
#: written while the case is investigated only (the target is received)
INVESTIGATION_FIELDS = ("investigation_notes", "actions_taken", "outcome", "outcome_text")
#: the investigation's internal notes are the CB's: never the client's
INTERNAL_NOTES = {"read:investigation_notes": ACCESS, "read:actions_taken": ACCESS}
#: the case's own moves: the officers acknowledge, investigate and inform; the decision makers decide
OFFICER_ACTIONS = ("action_acknowledge", "action_investigate", "action_inform")


def case_officer(decides):
    """An officer's row on the received case (a CB manager's when ``decides``: he is a decision maker too)."""
    return {
        **READ,
        "write": USER,
        "write_keys": USER,
        **{f"write:{name}": OK for name in RECEIVED_FIELDS + OFFICER_FIELDS},
        # (the generated kind, an appeal, names no decision: refused)
        "write:kind": RUN,
        # the notes are the investigation's; the outcome the decision makers'
        **{
            f"write:{name}": USER if decides or name.startswith(("investigation", "actions")) else DENY
            for name in INVESTIGATION_FIELDS
        },
        "create": OK,
        # a case is never deleted: it is closed with its outcome
        "unlink": DENY,
        **{f"action:{name}": RUN for name in OFFICER_ACTIONS},
        "action:action_decide": RUN if decides else DENY,
    }


MATRIX = {
    # the register of complaints and appeals: officers receive and follow the cases, decision makers decide
    # them (both only when not involved in the certification concerned: checked by the actions), the client
    # reads the cases it filed itself, never the ones others filed about it
    "cert.complaint": {
        "manager": case_officer(decides=True),
        "officer": case_officer(decides=False),
        "decision": {**READ, "write": DENY, "action:action_decide": RUN},
        "portal_a": {**READ, **INTERNAL_NOTES},
    },
    # the public page's rate limit: the CB manager reads (an IP is personal data) and purges
    "cert.complaint.submission": {"manager": {**READ, "unlink": OK}},
    # the planned auditor-days' adjustments: the officers plan them while the audit is planned
    "cert.audit.days.adjustment": {role: FULL for role in ("manager", "officer")},
    # written by the daily job only; an auditor reads the warnings of their own qualifications
    "cert.qualification.warning": {role: READ for role in ("manager", "officer", "auditor_team")},
    # ---- CNCA reporting: the CB manager keeps the platform's layouts, the officers read them
    "cert.cnca.layout": {
        # one layout per data set, the three shipped: another one, or moving one to a taken data set, is
        # refused in words
        "manager": {**FULL, "create": RUN, "write:dataset": RUN},
        "reporting": READ,
        "officer": READ,
    },
    # (a column's source must be a field path of its data set's records: the generated text is not one)
    "cert.cnca.layout.column": {
        "manager": {**FULL, "write:field_path": RUN, "write:layout_id": RUN},
        "reporting": READ,
        "officer": READ,
    },
    # the month's batch: the reporting officer (and the CB manager) opens it, prepares and reports it; what
    # it holds is its actions' output, and a batch is never deleted (it is what was reported)
    "cert.cnca.batch": {
        role: {**READ, "write": DENY, "write_keys": USER, "create": OK, "unlink": DENY, "action": RUN}
        for role in ("manager", "reporting")
    },
    "cert.cnca.batch.line": {role: READ for role in ("manager", "reporting")},
    "cert.cnca.register": {role: READ for role in ("manager", "reporting")},
    # ---- impartiality (ISO/IEC 17065 §4.2, §5.2): the committee (and the CB manager) keeps the register of
    # threats and records its reviews; the officers read the threats; nobody else sees any of it
    "cert.impartiality.threat": {
        **{role: {**FULL, "unlink": DENY} for role in ("manager", "committee")},
        "officer": READ,
    },
    # one planned review per company (the target is it: another is refused in words); the minutes of a held
    # review are never deleted (the target is planned: it may go)
    "cert.impartiality.review": {role: {**FULL, "create": RUN} for role in ("manager", "committee")},
    # the revenue shares and their warnings: computed by the daily job or the committee's refresh only
    "cert.impartiality.share": {role: {**READ, "action:action_refresh": RUN} for role in ("manager", "committee")},
    "cert.impartiality.warning": {role: READ for role in ("manager", "committee")},
}

#: the fields only each model's own code writes (besides state and stored computations): the matrix's own
#: list, never read from the models' declarations
KEYS = {
    "cert.complaint": {
        "ack_date",
        "certificate_id",
        "complainant_partner_id",
        "decided_by_id",
        "decision_date",
        "decision_id",
        "informed_date",
        "name",
        "partner_id",
        "source",
        "suspension_id",
    },
    "cert.complaint.submission": {"ip", "submitted_at"},
    "cert.audit.days.adjustment": {"audit_id"},
    "cert.qualification.warning": {"date_to", "qualification_id", "stage"},
    "cert.cnca.batch": {
        "state",
        "company_id",
        "period",
        "prepared_date",
        "prepared_by_id",
        "submitted_date",
        "submitted_by_id",
        "held_back",
        "held_back_count",
        "plan_xlsx",
        "plan_xlsx_name",
        "result_xlsx",
        "result_xlsx_name",
        "certificate_xlsx",
        "certificate_xlsx_name",
    },
    "cert.cnca.batch.line": {
        "batch_id",
        "dataset",
        "res_model",
        "res_id",
        "audit_id",
        "status_id",
        "values_json",
        "values_hash",
        "change",
    },
    "cert.impartiality.threat": {
        "state",
        "last_review_date",
        "mitigated_date",
        "closed_date",
        "level",
        "level_sequence",
    },
    "cert.impartiality.review": {"held_by_id", "share_ids", "state"},
}


class ComplianceMatrix(AuditMatrix):
    matrix_module = "cert_compliance"
    MATRIX = MATRIX
    KEYS = KEYS
    # an adjustment adds auditor-days or removes them
    ROBUSTNESS_EXEMPT = {**AuditMatrix.ROBUSTNESS_EXEMPT, "cert.audit.days.adjustment": {"days"}}

    @classmethod
    def _matrix_data(cls):
        result = super()._matrix_data()
        env, users = cls.env, cls.matrix_users

        def portal_case(role, certificate):
            # as the portal's complaint form files it (its keys set by its own code)
            user = users[role]
            return (
                env["cert.complaint"]
                .sudo()
                ._workflow_unlocked()
                .create(
                    {
                        "kind": "complaint",
                        "source": "portal",
                        "subject": "Matrix: the repair took three weeks",
                        "description": "Matrix: nobody called back.",
                        "certificate_id": certificate.id,
                        "partner_id": certificate.partner_id.commercial_partner_id.id,
                        "complainant_name": user.name,
                        "complainant_email": user.email,
                        "complainant_partner_id": user.partner_id.id,
                        "user_id": False,
                    }
                )
                .with_env(env)
            )

        cls._matrix_add(
            "cert.complaint",
            portal_case("portal_a", cls.cert_a),
            portal_case("portal_b", cls.cert_b),
            lambda: {
                "kind": "complaint",
                "subject": "Matrix: a complaint by telephone",
                "description": "Matrix: the certificate is shown by an outlet that is not certified.",
                "complainant_name": "Matrix caller",
                "complainant_email": "caller@example.com",
                "certificate_id": cls.cert_a.id,
            },
        )
        Submission = env["cert.complaint.submission"]
        Submission._record("203.0.113.17")
        Submission._record("203.0.113.18")
        submissions = Submission.search([("ip", "in", ("203.0.113.17", "203.0.113.18"))], order="ip")
        cls._matrix_add("cert.complaint.submission", submissions[0], submissions[1], lambda: {"ip": "203.0.113.19"})
        Adjustment = env["cert.audit.days.adjustment"].with_user(users["officer"])
        adjustment = {"audit_id": cls.audit_a.id, "factor": "sites", "days": 0.5, "reason": "Matrix: two cities"}
        cls._matrix_add(
            "cert.audit.days.adjustment",
            Adjustment.create(adjustment).with_env(env),
            Adjustment.create(dict(adjustment, audit_id=cls.audit_b.id)).with_env(env),
            lambda: dict(adjustment, factor="remote", days=-0.5, reason="Matrix: remote document review"),
        )
        # each auditor's qualification for another scheme ends in 20 days: the daily job warns them
        other_scheme = env["cert.scheme"].search([("id", "!=", cls.matrix_scheme.id)], limit=1)
        today = date.today()
        Qualification = env["cert.auditor.qualification"]
        expiring = Qualification.browse()
        for auditor in (cls.auditor_team, cls.auditor_other):
            expiring |= Qualification.create(
                {
                    "auditor_id": auditor.id,
                    "scheme_id": other_scheme.id,
                    "date_from": date(2019, 1, 1),
                    "date_to": today + timedelta(days=20),
                }
            )
        warnings = env["cert.qualification.warning"]._warn(expiring, today)
        mine = warnings.filtered(lambda w: w.auditor_id == cls.auditor_team)
        cls._matrix_add("cert.qualification.warning", mine, warnings - mine)
        cls._matrix_cnca_data()
        cls._matrix_impartiality_data()
        return result

    @classmethod
    def _matrix_cnca_data(cls):
        env, users = cls.env, cls.matrix_users
        plan, certificate = (env.ref(f"cert_compliance.cnca_layout_{name}") for name in ("audit_plan", "certificate"))
        cls._matrix_add(
            "cert.cnca.layout",
            plan,
            certificate,
            lambda: {"name": "Matrix plans", "dataset": "audit_plan", "sheet_name": "Matrix"},
        )
        cls._matrix_add(
            "cert.cnca.layout.column",
            plan.column_ids[:1],
            certificate.column_ids[:1],
            lambda: {"layout_id": plan.id, "code": "matrix", "header": "Matrix", "field_path": "name"},
        )
        # the reporting officer opens this month's batch (client A's certificate was issued in it; the demo data
        # may have opened it already) and the last month's, and prepares this one
        today = date.today()
        Batch = env["cert.cnca.batch"].with_user(users["reporting"])

        def month(day):
            found = Batch.search([("period", "=", day.replace(day=1)), ("company_id", "=", env.company.id)])
            return found or Batch.create({"period": day})

        batch = month(today)
        last_month = month(today.replace(day=1) - timedelta(days=1))
        batch.action_prepare()
        cls._matrix_add(
            "cert.cnca.batch",
            batch.with_env(env),
            last_month.with_env(env),
            lambda: {"period": today.replace(day=1) - timedelta(days=800)},
        )
        lines = batch.with_env(env).line_ids
        cls._matrix_add("cert.cnca.batch.line", lines[:1], last_month.with_env(env).line_ids[:1] or lines[1:2])
        Register = env["cert.cnca.register"]
        cls._matrix_add(
            "cert.cnca.register",
            Register.search([("audit_id", "=", cls.audit_a.id)], limit=1),
            Register.search([("audit_id", "=", cls.audit_b.id)], limit=1),
        )

    @classmethod
    def _matrix_impartiality_data(cls):
        env, users = cls.env, cls.matrix_users
        consultancy = env["res.partner"].create({"name": "Matrix Consultancy Co., Ltd.", "is_company": True})
        Threat = env["cert.impartiality.threat"].with_user(users["committee"])

        def threat(client):
            return {
                "name": f"Matrix: {client.name} brings much of the revenue",
                "description": "Matrix: referred by a consultancy the CB depends on.",
                "source": "finances",
                "partner_id": client.id,
                "consultancy_id": consultancy.id,
            }

        cls._matrix_add(
            "cert.impartiality.threat",
            Threat.create(threat(cls.client_a)).with_env(env),
            Threat.create(threat(cls.client_b)).with_env(env),
            lambda: threat(cls.client_a),
        )
        # the committee cancels the review planned (by the yearly job or the demo data, else its own) and plans
        # another one (the target, planned)
        Review = env["cert.impartiality.review"].with_user(users["committee"])
        cancelled = Review.search([("company_id", "=", env.company.id), ("state", "=", "planned")], limit=1)
        cancelled = cancelled or Review.create({"date": date.today() - timedelta(days=30)})
        cancelled.action_cancel()
        review = Review.create({"date": date.today() + timedelta(days=30), "conclusions": "Matrix: to be held"})
        cls._matrix_add(
            "cert.impartiality.review",
            review.with_env(env),
            cancelled.with_env(env),
            lambda: {"date": date.today() + timedelta(days=60)},
        )
        # the figures a refresh computes from the posted invoices, here from given revenue rows: client A
        # brings 80 through the consultancy, client B 20 directly
        Share = env["cert.impartiality.share"]
        company = env.company
        shares = impartiality.revenue_shares(
            [(cls.client_a.id, consultancy.id, 80.0), (cls.client_b.id, None, 20.0)], 10.0
        )
        period = impartiality.rolling_period(date.today())
        # sudo: as the refresh writes the rows (no group creates them)
        rows = Share.sudo().create(Share._share_values(company, period, shares, 10.0)).with_env(env)
        cls._matrix_add("cert.impartiality.share", rows[0], rows[1])
        warnings = env["cert.impartiality.warning"]._warn(company, date.today(), shares, 10.0)
        other = env["cert.impartiality.warning"]._warn(
            company,
            date.today() - timedelta(days=366),
            impartiality.revenue_shares([(cls.client_b.id, consultancy.id, 50.0)], 10.0),
            10.0,
        )
        cls._matrix_add("cert.impartiality.warning", warnings[:1].with_env(env), other[:1].with_env(env))


@tagged("security", "post_install", "-at_install")
class TestComplianceSecurityMatrix(MatrixTests, ComplianceMatrix, HttpCase):
    """Every cell through the ORM, the roles over JSON-RPC, the bad inputs."""


@tagged("security", "post_install", "-at_install")
class TestComplianceNoLinkAcrossClients(NoLinkAcrossClients, ComplianceMatrix, TransactionCase):
    """No link from a record of client A to client B's, for cert_compliance's models (see cert_audit's
    ``test_trust_declarations.py``)."""

    link_modules = ("cert_compliance",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link_setup()

    @mute_logger("odoo.sql_db")
    def test_no_link_to_another_clients_record(self):
        self._check_no_link_to_another_clients_record(minimum=1)
