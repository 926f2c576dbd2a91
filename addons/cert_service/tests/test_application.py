import base64

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import tagged

from .common import CertCase


@tagged("post_install", "-at_install")
class TestApplication(CertCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        # A scheme of our own with a known fee schedule (the shipped prices are demo data only).
        cls.fee_scheme = cls.scheme.copy({"code": "GBT27922-TEST"})
        cls.fee_scheme.action_activate()
        product = cls.env["product.product"]
        cls.p_app = product.create({"name": "Application fee T", "type": "service", "list_price": 2000})
        cls.p_day = product.create({"name": "Audit day T", "type": "service", "list_price": 3000})
        cls.p_annual = product.create({"name": "Annual fee T", "type": "service", "list_price": 5000})
        cls.fee_scheme.fee_ids = [
            fields.Command.clear(),
            fields.Command.create({"product_id": cls.p_app.id, "milestone": "application_accepted"}),
            fields.Command.create(
                {"product_id": cls.p_day.id, "milestone": "audit_reported", "quantity_basis": "initial_days"}
            ),
            fields.Command.create(
                {"product_id": cls.p_annual.id, "milestone": "certificate_issued", "occurrence": "per_year"}
            ),
            fields.Command.create(
                {
                    "product_id": cls.p_day.id,
                    "milestone": "surveillance_due",
                    "quantity_basis": "initial_days",
                    "days_ratio": 0.5,
                    "occurrence": "per_surveillance",
                }
            ),
        ]
        cls.team = cls.env.ref("cert_service.crm_team_certification")
        cls.pdf = cls.env["ir.attachment"].create({"name": "licence.pdf", "raw": b"%PDF-1.4 licence"})

    def _lead(self, **vals):
        return (
            self.env["crm.lead"]
            .with_user(self.user_officer)
            .create(
                dict(
                    {
                        "name": "Client A five-star certification",
                        "type": "lead",
                        "partner_name": "Client A Appliances Co., Ltd.",
                        "team_id": self.team.id,
                        "cert_scheme_id": self.fee_scheme.id,
                        "cert_enterprise_type": "production",
                        "cert_employee_count": 320,
                        "cert_outlet_count": 3,
                    },
                    **vals,
                )
            )
        )

    def _ready(self, app, outlets=3, months=6):
        """Fill what a complete application has: documents, outlets, a service system old enough."""
        app.site_ids = [
            fields.Command.create({"name": f"Outlet {i}", "site_type": "outlet", "city": "Guangzhou"})
            for i in range(outlets)
        ]
        app.system_start_date = fields.Date.today() - relativedelta(months=months)
        for doc in app.document_ids.filtered(lambda d: d.required and d.applicable):
            doc.attachment_ids = [fields.Command.link(self.pdf.id)]

    def _messages(self, record):
        return " | ".join(record.message_ids.mapped(lambda m: (m.body or "") + " " + (m.subject or "")))

    def test_lead_to_contract(self):
        lead = self._lead()
        action = lead.action_cert_create_application()
        app = self.env["cert.application"].browse(action["res_id"]).with_user(self.user_officer)
        # Linked both ways, everything the lead knew carried over, the lead became an opportunity.
        self.assertEqual(app.lead_id, lead)
        self.assertEqual(lead.cert_application_ids, app)
        self.assertEqual(lead.cert_application_count, 1)
        self.assertEqual(lead.type, "opportunity")
        self.assertTrue(lead.partner_id.is_company)
        self.assertEqual(app.partner_id, lead.partner_id)
        self.assertEqual(
            (app.scheme_id, app.enterprise_type, app.employee_count, app.declared_outlet_count),
            (self.fee_scheme, "production", 320, 3),
        )
        self.assertEqual(app.site_ids.mapped("site_type"), ["hq"])
        self.assertTrue(app.name.startswith("APP/"))
        self.assertEqual(len(app.document_ids), 6)
        self.assertIn(app.name, self._messages(lead))
        self.assertIn(lead.name, self._messages(app))

        self._ready(app)
        app.action_submit()
        self.env.cr.precommit.run()  # tracking messages are written at commit time
        self.assertEqual(app.state, "submitted")
        self.assertEqual(lead.stage_id, self.env.ref("cert_service.crm_stage_cert_application"))
        self.assertTrue(app.activity_ids, "the officer gets a review activity")
        # receipt acknowledged to the applicant (in the applicant's language: match the number only)
        acknowledgment = app.message_ids.filtered(lambda m: app.name in (m.subject or ""))
        self.assertTrue(acknowledgment)
        self.assertIn(app.partner_id, acknowledgment.partner_ids | app.message_partner_ids)

        contract = app.action_accept() and app.contract_id
        self.env.cr.precommit.run()
        self.assertEqual(app.state, "accepted")
        self.assertEqual(contract.application_id, app)
        self.assertFalse(app.activity_ids)
        # 320 employees -> 4 days, 3 outlets -> ⌈√3⌉ = 2 sampled -> +1 day
        self.assertEqual(app.auditor_days_initial, 5.0)
        lines = {(line.product_id, line.milestone): line for line in contract.line_ids}
        self.assertEqual(lines[self.p_app, "application_accepted"].price_subtotal, 2000)
        self.assertEqual(lines[self.p_day, "audit_reported"].quantity, 5.0)
        self.assertEqual(lines[self.p_annual, "certificate_issued"].occurrences, 3)
        surveillance = lines[self.p_day, "surveillance_due"]
        self.assertEqual((surveillance.quantity, surveillance.occurrences), (2.5, 2))
        self.assertEqual(contract.amount_untaxed, 2000 + 15000 + 15000 + 15000)

        app.action_sign_contract()
        self.env.cr.precommit.run()
        self.assertEqual(app.state, "contracted")
        self.assertEqual(contract.state, "signed")
        self.assertTrue(lead.stage_id.is_won)
        tracked = app.sudo().message_ids.tracking_value_ids.mapped("new_value_char")
        # the state's tracking tells the story: no message repeats it
        self.assertIn("Accepted", tracked)
        self.assertIn("Contracted", tracked)
        self.assertNotIn("signed", self._messages(app))
        self.assertIn("Certification application", self._messages(lead))

    def test_review_deadline_from_the_settings(self):
        """The review activity is due after the number of days set on the settings screen."""
        self.env["res.config.settings"].create({"cert_review_days": 9}).execute()
        app = self.env["cert.application"].browse(self._lead().action_cert_create_application()["res_id"])
        self._ready(app)
        app.with_user(self.user_officer).action_submit()
        review = app.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cert_service.mail_activity_type_application_review")
        )
        self.assertEqual(review.date_deadline, fields.Date.add(fields.Date.context_today(app), days=9))

    def test_submit_blocked_with_reasons_and_nothing_written(self):
        app = (
            self.env["cert.application"]
            .with_user(self.user_officer)
            .create({"partner_id": self.client_a.id, "scheme_id": self.fee_scheme.id, "declared_outlet_count": 2})
        )
        app.site_ids = [fields.Command.create({"name": "HQ", "site_type": "hq"})]
        app.system_start_date = fields.Date.today() - relativedelta(months=2)
        messages_before = len(app.message_ids)
        with self.assertRaises(UserError) as err:
            app.action_submit()
        message = str(err.exception)
        self.assertIn("Business licence", message)
        self.assertIn("2 month(s)", message)
        self.assertIn("at least 3", message)
        self.assertIn("2 service outlets were declared but only 0 are listed", message)
        self.assertNotIn("Honours", message)  # optional documents never block
        self.assertEqual(app.state, "draft")
        self.assertFalse(app.submit_date)
        self.assertFalse(app.activity_ids)
        self.assertEqual(len(app.message_ids), messages_before)

        # Fix everything but the age of the service system: only that is left.
        self._ready(app, outlets=2, months=2)
        with self.assertRaises(UserError) as err:
            app.action_submit()
        self.assertNotIn("Missing documents", str(err.exception))
        self.assertIn("2 month(s)", str(err.exception))
        app.system_start_date = fields.Date.today() - relativedelta(months=3)
        app.action_submit()
        self.assertEqual(app.state, "submitted")

    def test_submit_message_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.scheme.id})
        with self.assertRaises(UserError) as err:
            app.with_context(lang="zh_CN").action_submit()
        self.assertIn("缺少资料", str(err.exception))
        self.assertIn("营业执照", str(err.exception))

    def test_reject_needs_a_reason(self):
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.fee_scheme.id})
        self._ready(app)
        app.site_ids = [fields.Command.create({"name": "HQ", "site_type": "hq"})]
        app.action_submit()
        action = app.with_user(self.user_officer).action_reject()
        wizard = Form(self.env[action["res_model"]].with_user(self.user_officer).with_context(**action["context"]))
        wizard.reason = "   "
        with self.assertRaises(UserError):
            wizard.save().action_reject()
        self.assertEqual(app.state, "submitted")
        wizard = Form(self.env[action["res_model"]].with_user(self.user_officer).with_context(**action["context"]))
        wizard.reason = "Outside our accreditation scope"
        wizard.save().action_reject()
        self.assertEqual(app.state, "rejected")
        self.assertEqual(app.reject_reason, "Outside our accreditation scope")
        with self.assertRaises(UserError):
            app.action_sign_contract()
        app.action_reset_draft()
        self.assertEqual(app.state, "draft")

    def test_wrong_transitions_refused(self):
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.fee_scheme.id})
        for method in ("action_accept", "action_sign_contract", "action_start", "action_done", "action_reset_draft"):
            with self.assertRaises(UserError):
                getattr(app, method)()
        self.assertEqual(app.state, "draft")

    def test_salesperson_cannot_change_states(self):
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.fee_scheme.id})
        self._ready(app)
        app.site_ids = [fields.Command.create({"name": "HQ", "site_type": "hq"})]
        as_salesman = app.with_user(self.user_salesman)
        self.assertEqual(as_salesman.state, "draft")  # may follow the application from the lead
        with self.assertRaises(AccessError):
            as_salesman.action_submit()
        with self.assertRaises(UserError):
            as_salesman.write({"state": "contracted"})
        lead = self._lead()
        with self.assertRaises(AccessError):
            lead.with_user(self.user_salesman).action_cert_create_application()
        self.assertEqual(app.state, "draft")
        self.assertFalse(lead.cert_application_ids)

    def test_portal_client_sees_only_its_own(self):
        app_a = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.fee_scheme.id})
        app_b = self.env["cert.application"].create({"partner_id": self.client_b.id, "scheme_id": self.fee_scheme.id})
        visible = self.env["cert.application"].with_user(self.user_portal_a).search([])
        self.assertIn(app_a, visible)
        self.assertNotIn(app_b, visible)
        with self.assertRaises(AccessError):
            app_b.with_user(self.user_portal_a).read(["name"])
        with self.assertRaises(AccessError):
            app_a.with_user(self.user_portal_a).write({"scope": "changed"})
        # An auditor has no access to applications until cert_audit assigns audits.
        with self.assertRaises(AccessError):
            app_a.with_user(self.user_employee).read(["name"])

    def test_checklist_satisfied_by_evidence(self):
        app = self.env["cert.application"].create({"partner_id": self.client_a.id, "scheme_id": self.fee_scheme.id})
        licence = app.document_ids.filtered(lambda d: d.scheme_document_id.name == "Business licence")
        self.assertFalse(licence.satisfied)
        item = self.env["cert.evidence"].create(
            {
                "name": "Business licence 2026",
                "folder_id": app.evidence_folder_id.id,
                "new_file": base64.b64encode(b"%PDF-1.4 licence"),
                "new_filename": "licence.pdf",
            }
        )
        licence.evidence_ids = item
        self.assertTrue(licence.satisfied)
        self.assertNotIn("Business licence", " ".join(app._missing_documents().mapped("name")))
        # The officer, who does not read evidence, still sees the checklist and its flag.
        self.assertTrue(licence.with_user(self.user_officer).satisfied)
