"""cert_customer_survey's security matrix: its rows, its keys, its data set (cert_audit's, plus an audit in
progress of each client — client A's with the team auditor as lead — with the client's service orders, the
call-back sample, a call, a mystery visit, the results and the proposed basis) and the test that plays them.

How a row reads and how a cell finds its expectation: cert_service's ``tests/security_matrix.py``. The rows
follow domain.md and the personal information protection law (个人信息保护法): the customers' names and phones
are shown in clear to the open audit's team only, masked to every other reader (``reveal`` cells), and the
stored values are read by nobody of the CB's roles.
"""

import base64
import csv
import io
from datetime import datetime
from datetime import timedelta

from odoo import Command
from odoo.addons.cert_audit.tests.test_audit_security_matrix import AuditMatrix
from odoo.addons.cert_audit.tests.test_trust_declarations import NoLinkAcrossClients
from odoo.addons.cert_service.tests.security_matrix import ACCESS
from odoo.addons.cert_service.tests.security_matrix import CLEAR
from odoo.addons.cert_service.tests.security_matrix import DENY
from odoo.addons.cert_service.tests.security_matrix import FULL
from odoo.addons.cert_service.tests.security_matrix import MASKED
from odoo.addons.cert_service.tests.security_matrix import OK
from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import RUN
from odoo.addons.cert_service.tests.security_matrix import USER
from odoo.addons.cert_service.tests.security_matrix import WIZARD
from odoo.addons.cert_service.tests.security_matrix import MatrixTests
from odoo.tests import HttpCase
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

#: the audit's team reads its call-back work, officers every audit's; the stored personal data: nobody
CALLBACK_READERS = ("manager", "officer", "auditor_team")
PERSONAL = {"read:customer_name": ACCESS, "read:customer_phone": ACCESS}
#: the names and phones shown: clear to the open audit's team, masked to the officers (the others read nothing)
SHOWN = {"reveal": MASKED}
SHOWN_CLEAR = {"reveal": CLEAR}
#: the team's work on the call-back sample, while the audit runs (the target's audit does)
CALL_ACTIONS = {f"action:action_{name}": RUN for name in ("start_call", "replace", "raise_finding")}
#: (the generated outlet and evidence are client B's: refused)
OTHER_CLIENT = {"write:site_id": DENY, "write:evidence_ids": DENY}
#: the answers' reading of the audit: the team and the officers accept or override the proposal
BASIS_ACTIONS = {"action:action_accept": RUN, "action:action_override": RUN}


def reader(*rows):
    return {key: value for row in (READ, *rows) for key, value in row.items()}


MATRIX = {
    # imported from the client's file only, never edited: what was imported is what was sampled
    "cert.service.order": {
        "manager": reader(PERSONAL, SHOWN),
        "officer": reader(PERSONAL, SHOWN),
        "auditor_team": reader(PERSONAL, SHOWN_CLEAR),
    },
    "cert.service.sample.line": {
        "manager": reader(SHOWN, CALL_ACTIONS),
        "officer": reader(SHOWN, CALL_ACTIONS),
        "auditor_team": reader(SHOWN_CLEAR, CALL_ACTIONS),
    },
    "cert.service.sample.draw": {role: READ for role in CALLBACK_READERS},
    # the team records its visits while the audit runs; officers too; decision makers read them
    "cert.mystery.visit": {
        **{role: {**FULL, **OTHER_CLIENT, "unlink": RUN} for role in ("manager", "officer")},
        "auditor_team": {**FULL, **OTHER_CLIENT, "unlink": ACCESS},
        "decision": READ,
    },
    "cert.survey.outcome": {role: READ for role in (*CALLBACK_READERS, "decision")},
    "cert.survey.basis": {
        **{role: {**READ, "write": OK, "write_keys": USER, **BASIS_ACTIONS} for role in CALLBACK_READERS},
        "decision": READ,
    },
    # configuration: the CB manager maps questions to indicators, every internal user reads the mapping
    "cert.survey.indicator.map": {
        # (the generated scheme is not the indicator's: refused)
        "manager": {**FULL, "write:scheme_id": RUN},
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
    # wizards on the open audit: its team and the officers import and draw again
    "cert.service.order.import": {role: {**WIZARD, "unlink": ACCESS} for role in CALLBACK_READERS},
    "cert.service.sample.redraw": {role: {**WIZARD, "unlink": ACCESS} for role in CALLBACK_READERS},
    # a photo or recording added to a visit of the open audit: its team and the officers, like the visits
    # (the officers hold no role in the client's evidence folders, evidence.md: they open the wizard, the
    # evidence store refuses their item)
    "cert.mystery.visit.evidence": {
        **{role: {**WIZARD, "unlink": ACCESS} for role in ("manager", "auditor_team")},
        "officer": {**WIZARD, "unlink": ACCESS, "action:action_add": ACCESS},
    },
}

#: the fields only each model's own code writes (besides state and stored computations): the matrix's own
#: list, never read from the models' declarations
KEYS = {
    "cert.service.order": {
        "audit_id",
        "customer_name",
        "customer_phone",
        "erased",
        "order_ref",
        "service_date",
        "service_type",
        "site_id",
    },
    "cert.service.sample.line": {
        "audit_id",
        "call_date",
        "call_state",
        "called_by_id",
        "draw_id",
        "order_id",
        "rank",
        "replaced_by_id",
        "replaces_id",
        "role",
        "user_input_id",
    },
    "cert.service.sample.draw": {
        "audit_id",
        "current",
        "drawn_by_id",
        "population",
        "reason",
        "reserve_size",
        "sample_size",
        "seed",
    },
    # the visit's evidence folder decides who may add its photos: made by the visit's own code only
    "cert.mystery.visit": {"audit_id", "done", "evidence_folder_id", "user_input_id", "visitor_id"},
    "cert.survey.outcome": {
        "audit_id",
        "case_count",
        "indicator_id",
        "nonconforming",
        "nonconforming_count",
        "sample_line_id",
        "site_id",
        "source",
        "visit_id",
    },
    "cert.survey.basis": {"audit_id", "indicator_id", "nonconforming_count", "sample_size", "score_line_id"},
}

#: every answer of a call-back that reaches the customer and finds nothing wrong
GOOD = {"reached": "yes", "on_time": "yes", "attitude": "good", "fixed": "yes", "complaint": "na", "satisfaction": "5"}


class SurveyMatrix(AuditMatrix):
    matrix_module = "cert_customer_survey"
    MATRIX = MATRIX
    KEYS = KEYS
    # the import's count is the wizard's own figure (read-only), not input
    ROBUSTNESS_EXEMPT = {**AuditMatrix.ROBUSTNESS_EXEMPT, "cert.service.order.import": {"imported_count"}}
    REVEAL = {
        "cert.service.order": {"customer_name_shown": "customer_name", "customer_phone_shown": "customer_phone"},
        "cert.service.sample.line": {
            "customer_name_shown": "order_id.customer_name",
            "customer_phone_shown": "order_id.customer_phone",
        },
    }

    @classmethod
    def _matrix_data(cls):
        result = super()._matrix_data()
        env, users = cls.env, cls.matrix_users
        audit_a = cls._matrix_open_audit(cls.client_a, cls.auditor_team, "auditor_team", datetime(2031, 5, 5, 1))
        audit_b = cls._matrix_open_audit(cls.client_b, cls.auditor_other, "auditor_other", datetime(2031, 5, 19, 1))
        cls.audit_open = audit_a
        for model, field in (
            ("cert.service.order", "service_order_ids"),
            ("cert.service.sample.line", "sample_line_ids"),
            ("cert.service.sample.draw", "sample_draw_ids"),
            ("cert.mystery.visit", "mystery_visit_ids"),
            ("cert.survey.outcome", "survey_outcome_ids"),
            ("cert.survey.basis", "survey_basis_ids"),
        ):
            cls._matrix_add(model, audit_a.sudo()[field][:1].with_env(env), audit_b.sudo()[field][:1].with_env(env))
        outlet = audit_a.application_id.site_ids.filtered(lambda site: site.site_type == "outlet")
        # the orders come from the client's file only: nobody creates one by hand
        cls.matrix_create["cert.service.order"] = lambda: {
            "audit_id": audit_a.id,
            "site_id": outlet.id,
            "service_date": "2031-01-16",
            "order_ref": "MX-BY-HAND",
            "customer_name": "顾客",
            "customer_phone": "13800139999",
        }
        cls.matrix_create["cert.mystery.visit"] = lambda: {
            "audit_id": audit_a.id,
            "channel": "outlet",
            "site_id": outlet.id,
        }
        mapping = cls.matrix_scheme.survey_indicator_map_ids
        cls._matrix_add(
            "cert.survey.indicator.map",
            mapping[:1],
            mapping[1:2],
            lambda: {
                "scheme_id": mapping[:1].scheme_id.id,
                "indicator_id": mapping[:1].indicator_id.id,
                "question_key": "on_time",
                "nonconforming_keys": "no",
            },
        )
        sheet = cls._matrix_orders_file(audit_a, "MX-NEW")
        Import = cls.env["cert.service.order.import"].with_user(users["auditor_team"])
        values = {"audit_id": audit_a.id, "file": sheet, "filename": "orders.csv"}
        cls._matrix_add(
            "cert.service.order.import", Import.create(values).with_env(cls.env), create=lambda: dict(values)
        )
        Redraw = cls.env["cert.service.sample.redraw"].with_user(users["auditor_team"])
        redraw = {"audit_id": audit_a.id, "reason": "Matrix: the file was incomplete"}
        cls._matrix_add(
            "cert.service.sample.redraw", Redraw.create(redraw).with_env(cls.env), create=lambda: dict(redraw)
        )
        Photo = cls.env["cert.mystery.visit.evidence"].with_user(users["auditor_team"])
        photo = {
            "visit_id": cls.matrix_targets["cert.mystery.visit"].id,
            "file": base64.b64encode(b"\x89PNG matrix visit photo"),
            "filename": "outlet.png",
            "comment": "Matrix: the counter",
        }
        cls._matrix_add(
            "cert.mystery.visit.evidence", Photo.create(photo).with_env(cls.env), create=lambda: dict(photo)
        )
        return result

    @classmethod
    def _matrix_orders_file(cls, audit, prefix, count=6):
        outlet = audit.application_id.site_ids.filtered(lambda site: site.site_type == "outlet")
        buffer = io.StringIO()
        rows = [["客户", "电话", "日期", "网点", "服务类型", "单号"]]
        rows += [
            [f"顾客{prefix}{i}", f"1380013{i:04d}", "2031-01-15", outlet.name, "维修", f"{prefix}-{i:03d}"]
            for i in range(count)
        ]
        csv.writer(buffer).writerows(rows)
        return base64.b64encode(buffer.getvalue().encode())

    @classmethod
    def _matrix_open_audit(cls, partner, lead, lead_role, start):
        """An audit in progress of a new contracted application of ``partner``, ``lead`` its lead auditor, who
        imports the service orders, draws the sample, calls the first customer, visits the outlet and has the
        basis proposed."""
        env = cls.env
        lead_user = cls.matrix_users[lead_role]
        app = cls._matrix_application(partner, cls.matrix_users["officer"], contracted=True)
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
        as_lead = audit.with_user(lead_user)
        prefix = f"MX-{partner.id}"
        env["cert.service.order.import"].with_user(lead_user).create(
            {"audit_id": audit.id, "file": cls._matrix_orders_file(audit, prefix), "filename": "orders.csv"}
        ).action_import()
        as_lead.action_draw_sample()
        line = audit.sudo().sample_line_ids.filtered(lambda x: x.role == "sample")[:1]
        line.with_user(lead_user).action_start_call()
        user_input = line.sudo().user_input_id
        for key, value in GOOD.items():
            question = user_input.survey_id.question_ids.filtered(lambda q, key=key: q.cert_key == key)
            choice = question.suggested_answer_ids.filtered(lambda a, value=value: a.cert_key == value)
            user_input._save_lines(question, choice.id)
        user_input._mark_done()
        outlet = app.site_ids.filtered(lambda site: site.site_type == "outlet")
        env["cert.mystery.visit"].with_user(lead_user).create(
            {"audit_id": audit.id, "channel": "outlet", "site_id": outlet.id}
        )
        as_lead.action_propose_basis()
        return audit


@tagged("security", "post_install", "-at_install")
class TestSurveySecurityMatrix(MatrixTests, SurveyMatrix, HttpCase):
    """Every cell through the ORM, the roles over JSON-RPC (the masked names and phones included), the bad
    inputs."""


@tagged("security", "post_install", "-at_install")
class TestSurveyNoLinkAcrossClients(NoLinkAcrossClients, SurveyMatrix, TransactionCase):
    """No link from a record of client A to client B's, for cert_customer_survey's models (see cert_audit's
    ``test_trust_declarations.py``)."""

    link_modules = ("cert_customer_survey",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link_setup()

    @mute_logger("odoo.sql_db")
    def test_no_link_to_another_clients_record(self):
        self._check_no_link_to_another_clients_record(minimum=1)
