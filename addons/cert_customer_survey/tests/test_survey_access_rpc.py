from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.tests import HttpCase
from odoo.tests import tagged

from .common import CertSurveyCase

#: outcomes of a search_read of the audit's records: "clear" (rows, names and phones in clear), "masked" (rows,
#: names and phones masked), "rows" (rows, no personal data on the model), "none" (no row: the record rules),
#: "refused" (AccessError: no access to the model)
TEAM = ("auditor", "auditor_2")
OUTSIDE = ("auditor_3",)
#: per model and role; the expectations are written here, never read from the access rules they check
EXPECTED = {
    "cert.service.order": {
        **dict.fromkeys(TEAM, "clear"),
        "officer": "masked",
        "manager": "masked",
        "auditor_3": "none",
        **dict.fromkeys(("decision", "finance", "employee", "portal_a", "portal_b"), "refused"),
    },
    "cert.service.sample.line": {
        **dict.fromkeys(TEAM, "clear"),
        "officer": "masked",
        "manager": "masked",
        "auditor_3": "none",
        **dict.fromkeys(("decision", "finance", "employee", "portal_a", "portal_b"), "refused"),
    },
    "cert.service.sample.draw": {
        **dict.fromkeys((*TEAM, "officer", "manager"), "rows"),
        "auditor_3": "none",
        **dict.fromkeys(("decision", "finance", "employee", "portal_a", "portal_b"), "refused"),
    },
    "cert.mystery.visit": {
        **dict.fromkeys((*TEAM, "officer", "manager", "decision"), "rows"),
        "auditor_3": "none",
        **dict.fromkeys(("finance", "employee", "portal_a", "portal_b"), "refused"),
    },
    "cert.survey.outcome": {
        **dict.fromkeys((*TEAM, "officer", "manager", "decision"), "rows"),
        "auditor_3": "none",
        **dict.fromkeys(("finance", "employee", "portal_a", "portal_b"), "refused"),
    },
    "cert.survey.basis": {
        **dict.fromkeys((*TEAM, "officer", "manager", "decision"), "rows"),
        "auditor_3": "none",
        **dict.fromkeys(("finance", "employee", "portal_a", "portal_b"), "refused"),
    },
}
PERSONAL = {"cert.service.order": "customer_name_shown", "cert.service.sample.line": "customer_name_shown"}
#: a key of each model the team may not write, even on its own audit (only the model's actions write it)
KEY_WRITES = {
    "cert.service.order": {"order_ref": "changed"},
    "cert.service.sample.line": {"call_state": "reached"},
    "cert.service.sample.draw": {"seed": "chosen"},
    "cert.mystery.visit": {"done": True},
    "cert.survey.outcome": {"nonconforming": False},
    "cert.survey.basis": {"state": "accepted"},
}


@tagged("post_install", "-at_install")
class TestSurveyAccessRpc(RpcMixin, HttpCase, CertSurveyCase):
    """Every role against the call-back models over JSON-RPC: rows, masking and keys, as the web client reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "manager": cls.user_manager,
            "officer": cls.user_officer,
            "auditor": cls.user_auditor,
            "auditor_2": cls.user_auditor_2,
            "auditor_3": cls.user_auditor_3,
            "decision": cls.user_decision,
            "finance": cls.user_finance,
            "employee": cls.user_employee,
            "portal_a": cls.user_portal_a,
            "portal_b": cls.user_portal_b,
        }

    def setUp(self):
        super().setUp()
        self.import_orders(30)
        auditor = self.audit.with_user(self.user_auditor)
        auditor.action_draw_sample()
        line = self.audit.sample_line_ids.filtered(lambda line: line.role == "sample")[0]
        self.answer(line, {"reached": "yes", "on_time": "no", "satisfaction": "2"})
        self.env["cert.mystery.visit"].with_user(self.user_auditor).create(
            {"audit_id": self.audit.id, "channel": "hotline"}
        )
        auditor.action_propose_basis()
        self.clear = {order.id: order.customer_name for order in self.audit.service_order_ids.sudo()}

    def test_every_role_reads_as_expected(self):
        problems = []
        for model, expectations in EXPECTED.items():
            count = self.env[model].sudo().search_count([("audit_id", "=", self.audit.id)])
            self.assertTrue(count, model)
            for role, expected in expectations.items():
                fields = ["display_name", *([PERSONAL[model]] if model in PERSONAL else [])]
                answer = self.call(
                    self.roles[role], model, "search_read", [("audit_id", "=", self.audit.id)], fields=fields
                )
                if "error" in answer:
                    outcome = "refused" if answer["error"]["data"]["name"] == "odoo.exceptions.AccessError" else "error"
                elif not answer["result"]:
                    outcome = "none"
                elif model in PERSONAL:
                    names = {row[PERSONAL[model]] for row in answer["result"]}
                    outcome = "clear" if names <= set(self.clear.values()) else "masked"
                    if outcome == "masked" and names & set(self.clear.values()):
                        outcome = "partly masked"
                    if len(answer["result"]) != count:
                        outcome += f" ({len(answer['result'])} of {count})"
                else:
                    outcome = "rows" if len(answer["result"]) == count else f"rows ({len(answer['result'])} of {count})"
                if outcome != expected:
                    problems.append(f"{model} {role}: {outcome}, expected {expected}")
        self.assertFalse(problems, "\n".join(problems))

    def test_stored_personal_fields_refused_to_every_role(self):
        order = self.audit.service_order_ids[:1]
        for role, user in self.roles.items():
            for field in ("customer_name", "customer_phone"):
                answer = self.call(user, "cert.service.order", "read", order.ids, fields=[field])
                self.assertIn("error", answer, f"{role} read {field}")

    def test_keys_refused_to_the_team(self):
        for model, values in KEY_WRITES.items():
            record = self.env[model].sudo().search([("audit_id", "=", self.audit.id)], limit=1)
            before = record.read(list(values))[0]
            answer = self.call(self.user_auditor, model, "write", record.ids, values)
            self.assertIn("error", answer, f"{model}: {values} accepted")
            record.invalidate_recordset()
            self.assertEqual(record.read(list(values))[0], before, model)
