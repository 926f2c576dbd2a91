"""The impartiality risk register through the external API (JSON-RPC), role by role."""

from datetime import date

from odoo import Command
from odoo import fields
from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase
from odoo.tests import tagged

USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestImpartialityRpc(RpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new = mail_new_test_user
        cls.committee = new(
            cls.env, login="imp_rpc_committee", name="Committee", groups="cert_compliance.group_cert_impartiality"
        )
        cls.manager = new(cls.env, login="imp_rpc_manager", name="Manager", groups="cert_service.group_cert_manager")
        cls.officer = new(cls.env, login="imp_rpc_officer", name="Officer", groups="cert_service.group_cert_officer")
        cls.auditor = new(cls.env, login="imp_rpc_auditor", name="Auditor", groups="cert_service.group_cert_auditor")
        cls.finance = new(cls.env, login="imp_rpc_finance", name="Finance", groups="cert_service.group_cert_finance")
        cls.salesperson = new(
            cls.env, login="imp_rpc_sales", name="Salesperson", groups="sales_team.group_sale_salesman"
        )
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "RPC Client Co.", "is_company": True})
        cls.consultancy = Partner.create({"name": "RPC Consulting Ltd.", "is_company": True})
        cls.scheme = cls.env.ref("cert_service.scheme_gbt27922")
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.client.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"name": "Training", "quantity": 1, "price_unit": 800})],
            }
        )
        invoice.action_post()

    def label(self, model, field):
        return self.env[model]._fields[field]._description_string(self.env)

    def new_threat(self, user=None, **values):
        return self.ok(
            user or self.committee,
            "cert.impartiality.threat",
            "create",
            {
                "name": "Consultant sits on the decision",
                "threat_type": "self_review",
                "source": "consultancy",
                "partner_id": self.client.id,
                "consultancy_id": self.consultancy.id,
                "description": "A former consultant of the client is a decision maker.",
                **values,
            },
        )

    def test_threat_life_cycle_for_the_committee_and_the_cb_manager(self):
        Threat = self.env["cert.impartiality.threat"]
        for user in (self.committee, self.manager):
            threat_id = self.new_threat(user, likelihood="3", severity="2")
            threat = Threat.browse(threat_id)
            self.assertEqual((threat.state, threat.level, threat.owner_id), ("open", "high", user))
            answer = self.call(user, "cert.impartiality.threat", "action_mitigate", [threat_id])
            self.assertRefused(answer, self.label("cert.impartiality.threat", "controls"))
            self.ok(user, "cert.impartiality.threat", "write", [threat_id], {"controls": "Excluded from decisions."})
            self.ok(user, "cert.impartiality.threat", "action_mitigate", [threat_id])
            self.assertEqual((threat.state, threat.mitigated_date), ("mitigated", fields.Date.today()))
            # what the threat is stays as it was recorded; its rating and controls are still kept
            answer = self.call(user, "cert.impartiality.threat", "write", [threat_id], {"name": "Other"})
            self.assertRefused(answer, self.label("cert.impartiality.threat", "name"), USER_ERROR)
            self.ok(user, "cert.impartiality.threat", "write", [threat_id], {"likelihood": "1"})
            self.assertEqual(threat.level, "low")
            self.ok(user, "cert.impartiality.threat", "action_close", [threat_id])
            self.assertEqual(threat.state, "closed")
            answer = self.call(user, "cert.impartiality.threat", "write", [threat_id], {"controls": "x"})
            self.assertRefused(answer, self.label("cert.impartiality.threat", "controls"), USER_ERROR)
            self.ok(user, "cert.impartiality.threat", "action_reopen", [threat_id])
            self.assertEqual((threat.state, threat.closed_date), ("open", False))
            # the state and the dates move only through the actions
            for values in ({"state": "closed"}, {"last_review_date": date(2020, 1, 1)}):
                answer = self.call(user, "cert.impartiality.threat", "write", [threat_id], values)
                self.assertRefused(answer, "cannot be changed directly", USER_ERROR)
            # the register is kept: nobody deletes a threat (it is closed)
            self.assertAccessRefused(self.call(user, "cert.impartiality.threat", "unlink", [threat_id]))

    def test_bad_input_is_refused_naming_the_field(self):
        answer = self.call(
            self.committee,
            "cert.impartiality.threat",
            "create",
            {"name": "Self", "description": "x", "partner_id": self.client.id, "consultancy_id": self.client.id},
        )
        self.assertRefused(answer, self.label("cert.impartiality.threat", "consultancy_id"))
        answer = self.call(
            self.committee, "cert.impartiality.threat", "create", {"name": "Bad", "description": "x", "severity": "9"}
        )
        self.assertRefused(answer, self.label("cert.impartiality.threat", "severity"))
        answer = self.call(self.committee, "cert.impartiality.threat", "create", {"name": "  ", "description": "x"})
        self.assertRefused(answer, self.label("cert.impartiality.threat", "name"))

    def test_other_roles(self):
        threat_id = self.new_threat()
        # officers read the register (a threat can bear on their planning), nothing more
        read = self.ok(self.officer, "cert.impartiality.threat", "read", [threat_id], ["name", "level"])
        self.assertEqual(read[0]["name"], "Consultant sits on the decision")
        self.assertAccessRefused(
            self.call(self.officer, "cert.impartiality.threat", "write", [threat_id], {"controls": "x"})
        )
        self.assertAccessRefused(self.call(self.officer, "cert.impartiality.threat", "action_mitigate", [threat_id]))
        self.assertAccessRefused(
            self.call(self.officer, "cert.impartiality.threat", "create", {"name": "x", "description": "y"})
        )
        # the revenue shares and the committee's minutes are the committee's
        for model in ("cert.impartiality.share", "cert.impartiality.review", "cert.impartiality.warning"):
            self.assertAccessRefused(self.call(self.officer, model, "search_read", [], ["id"]))
        self.assertAccessRefused(self.call(self.officer, "cert.impartiality.share", "action_refresh", []))
        # auditors, finance and salespeople see nothing of the register
        for user in (self.auditor, self.finance, self.salesperson):
            for model in ("cert.impartiality.threat", "cert.impartiality.share", "cert.impartiality.review"):
                self.assertAccessRefused(self.call(user, model, "search_read", [], ["id"]))

    def test_committee_review_and_shares(self):
        threat_id = self.new_threat()
        planned = self.env["cert.impartiality.review"].search([("state", "=", "planned")])
        if planned:  # the demo's next review: one planned at a time
            answer = self.call(self.committee, "cert.impartiality.review", "create", {"date": fields.Date.today()})
            self.assertRefused(answer, "is already planned")
            planned.action_cancel()
        self.ok(self.committee, "cert.impartiality.share", "action_refresh", [])
        shares = self.ok(
            self.committee,
            "cert.impartiality.share",
            "search_read",
            [["review_id", "=", False], ["partner_id", "=", self.client.id]],
            ["kind", "period_kind", "amount"],
        )
        self.assertEqual(
            sorted((s["kind"], s["period_kind"], s["amount"]) for s in shares),
            [("client", "rolling", 800.0), ("client", "year", 800.0)],
        )
        review_id = self.ok(
            self.committee,
            "cert.impartiality.review",
            "create",
            {"date": fields.Date.today(), "threat_ids": [[6, 0, [threat_id]]]},
        )
        answer = self.call(self.committee, "cert.impartiality.review", "action_hold", [review_id])
        self.assertRefused(answer, self.label("cert.impartiality.review", "member_ids"))
        self.ok(
            self.committee,
            "cert.impartiality.review",
            "write",
            [review_id],
            {"member_ids": [[6, 0, [self.committee.id, self.manager.id]]]},
        )
        answer = self.call(self.committee, "cert.impartiality.review", "action_hold", [review_id])
        self.assertRefused(answer, self.label("cert.impartiality.review", "conclusions"))
        self.ok(self.committee, "cert.impartiality.review", "write", [review_id], {"conclusions": "Controls hold."})
        self.ok(self.committee, "cert.impartiality.review", "action_hold", [review_id])
        review = self.env["cert.impartiality.review"].browse(review_id)
        self.assertEqual((review.state, review.held_by_id), ("held", self.committee))
        self.assertEqual(self.env["cert.impartiality.threat"].browse(threat_id).last_review_date, review.date)
        current = self.env["cert.impartiality.share"].search(
            [("review_id", "=", False), ("period_kind", "=", "rolling")]
        )
        self.assertEqual(
            sorted((s.kind, s.partner_id.id, round(s.amount, 2)) for s in review.share_ids),
            sorted((s.kind, s.partner_id.id, round(s.amount, 2)) for s in current),
            "the minutes keep the shares of the twelve months to the meeting",
        )
        answer = self.call(self.committee, "cert.impartiality.review", "write", [review_id], {"conclusions": "x"})
        self.assertRefused(answer, "minutes are kept as recorded", USER_ERROR)
        answer = self.call(self.committee, "cert.impartiality.review", "write", [review_id], {"share_ids": [[5, 0, 0]]})
        self.assertRefused(answer, "cannot be changed directly", USER_ERROR)
        answer = self.call(self.committee, "cert.impartiality.review", "unlink", [review_id])
        self.assertRefused(answer, "never deleted", USER_ERROR)

    def test_referring_consultancy_of_an_application(self):
        app = self.env["cert.application"].create(
            {"partner_id": self.client.id, "scheme_id": self.scheme.id, "user_id": self.salesperson.id}
        )
        # the salesperson reads their application; the referral drives revenue shares and conflicts: officers
        answer = self.call(
            self.salesperson, "cert.application", "write", [app.id], {"consultancy_id": self.consultancy.id}
        )
        self.assertAccessRefused(answer)
        self.ok(self.officer, "cert.application", "write", [app.id], {"consultancy_id": self.consultancy.id})
        self.assertEqual(app.consultancy_id, self.consultancy)
        answer = self.call(self.officer, "cert.application", "write", [app.id], {"consultancy_id": self.client.id})
        self.assertRefused(answer, self.label("cert.application", "consultancy_id"))
        self.assertEqual(app.consultancy_id, self.consultancy)
