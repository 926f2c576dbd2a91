"""Applications, contracts, schemes, sites and leads: every rule played over the ORM as the users who would
break it, since the ORM, not the views, is the boundary a JSON-RPC caller meets."""

import base64

from odoo import Command
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CertCase


@tagged("post_install", "-at_install")
class TestApplicationIntegrity(CertCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Application = cls.env["cert.application"]
        cls.team = cls.env.ref("cert_service.crm_team_certification")

    def _app(self, user=None, **vals):
        values = dict({"partner_id": self.client_a.id, "scheme_id": self.scheme.id}, **vals)
        return self.Application.with_user(user or self.user_officer).create(values)

    # ------------------------------------------------------------------ §1 state machines
    def test_state_moves_only_through_actions(self):
        app = self._app()
        for user in (self.user_officer, self.user_manager):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                app.with_user(user).write({"state": "contracted"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            app.sudo().write({"state": "done"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self._app(state="contracted")
        self.assertEqual(app.state, "draft")

    def test_actions_check_group_and_state(self):
        app = self._app()
        users = (self.user_salesman, self.user_auditor, self.user_decision, self.user_finance, self.user_portal_a)
        for user in users:
            with self.assertRaises(AccessError):
                app.with_user(user).action_cancel()
            with self.assertRaises(AccessError):
                app.with_user(user).action_submit()
        with self.assertRaises(AccessError):
            app.with_user(self.user_salesman).action_request_documents()
        app.with_user(self.user_officer).action_request_documents()  # the checklist is incomplete
        with self.assertRaisesText(UserError, "Possible now: submit, cancel") as caught:
            app.with_user(self.user_officer).action_sign_contract()
        self.assertIn("is Draft", str(caught.exception))
        self.contract_application(app)
        self.assertEqual((app.state, app.contract_id.state), ("contracted", "signed"))
        with self.assertRaisesText(UserError, "is Contracted"):
            app.with_user(self.user_officer).action_accept()
        app.with_user(self.user_officer).action_start()
        self.assertEqual(app.state, "in_progress")

    def test_contract_state_and_keys(self):
        app = self._app()
        self.contract_application(app)
        contract = app.contract_id.with_user(self.user_officer)
        other = self._app(partner_id=self.client_b.id)
        for vals in (
            {"state": "draft"},
            {"partner_id": self.client_b.id},
            {"application_id": other.id},
            {"date_signed": "2020-01-01"},
            {"amount_untaxed": 1},
        ):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                contract.write(vals)
        with self.assertRaisesText(UserError, "Possible now: nothing"):
            contract.action_cancel()
        with self.assertRaisesText(UserError, "fee lines cannot be changed"):
            contract.line_ids[:1].write({"price_unit": 1})
        with self.assertRaisesText(UserError, "fee lines cannot be changed"):
            contract.line_ids[:1].unlink()
        # finance may read and annotate contracts but signs nothing
        self.assertTrue(app.contract_id.with_user(self.user_finance).name)
        draft = self.env["cert.contract"].create({"application_id": other.id, "partner_id": self.client_b.id})
        with self.assertRaises(AccessError):
            draft.with_user(self.user_finance).action_sign()
        with self.assertRaisesText(ValidationError, "applicant and the company"):
            self.env["cert.contract"].create({"application_id": other.id, "partner_id": self.client_a.id})

    def test_scheme_configured_by_manager_only(self):
        scheme = self.scheme.with_user(self.user_manager).copy()
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            scheme.with_user(self.user_manager).write({"state": "active"})
        with self.assertRaises(AccessError):
            scheme.with_user(self.user_officer).action_activate()
        scheme.with_user(self.user_manager).action_activate()
        with self.assertRaisesText(UserError, "is Active"):
            scheme.with_user(self.user_manager).action_activate()
        scheme.with_user(self.user_manager).action_retire()
        scheme.with_user(self.user_manager).action_reset_draft()
        self.assertEqual(scheme.state, "draft")

    def test_reject_wizard_refuses_empty_reason(self):
        app = self._app()
        self.contract_application(app)  # past acceptance: reject is not possible any more
        with self.assertRaisesText(UserError, "is Contracted"):
            app.with_user(self.user_officer).action_reject()
        draft = self._app()
        wizard = self.env["cert.application.reject"].with_user(self.user_officer).create({"application_ids": draft.ids})
        with self.assertRaisesText(UserError, "is Draft"):
            wizard.action_reject()
        empty = self.env["cert.application.reject"].with_user(self.user_officer).create({"reason": "No scope"})
        with self.assertRaisesText(UserError, "Choose the applications"):
            empty.action_reject()
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_salesman).action_reject()

    # ------------------------------------------------------------------ §2 keys
    def test_computed_and_folder_fields_are_keys(self):
        app = self._app()
        other = self._app(partner_id=self.client_b.id)
        for vals in (
            {"evidence_folder_id": other.evidence_folder_id.id},
            {"auditor_user_ids": [Command.link(self.user_auditor.id)]},
            {"outlet_count": 5},
            {"auditor_days_initial": 1},
            {"name": "APP/FAKE"},
            {"submit_date": "2020-01-01 00:00:00"},
        ):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                app.with_user(self.user_manager).write(vals)
        self.assertNotEqual(app.evidence_folder_id, other.evidence_folder_id)

    def test_applicant_change(self):
        app = self._app()
        cycle = app.sudo().evidence_folder_id
        # a draft without evidence: the (empty) cycle follows the new applicant
        app.with_user(self.user_officer).partner_id = self.client_b
        self.assertEqual((cycle.partner_id, app.evidence_folder_id), (self.client_b, cycle))
        self.env["cert.evidence"].create(
            {
                "name": "Business licence",
                "folder_id": cycle.id,
                "new_file": base64.b64encode(b"%PDF-1.4 licence"),
                "new_filename": "licence.pdf",
            }
        )
        with self.assertRaisesText(UserError, "already holds the applicant's evidence"):
            app.with_user(self.user_officer).write({"partner_id": self.client_a.id})
        self.assertEqual(cycle.partner_id, self.client_b)
        submitted = self._app()
        self.contract_application(submitted)
        for name, value in (("partner_id", self.client_b.id), ("scheme_id", self.scheme.copy().id)):
            with self.assertRaisesText(UserError, "no longer a draft"):
                submitted.with_user(self.user_manager).write({name: value})
        # writing the same applicant again is no change
        submitted.with_user(self.user_officer).write({"partner_id": self.client_a.id, "scope": "Repairs"})

    # ------------------------------------------------------------------ §4 salespeople and companies
    def test_salesperson_sees_only_their_own(self):
        own = self._app(user_id=self.user_salesman.id)
        lead = self.env["crm.lead"].create(
            {"name": "Their lead", "team_id": self.team.id, "user_id": self.user_salesman.id}
        )
        through_lead = self._app(user_id=self.user_officer.id, lead_id=lead.id)
        others = self._app(user_id=self.user_officer.id, site_ids=[Command.create({"name": "HQ", "site_type": "hq"})])
        visible = self.Application.with_user(self.user_salesman).search(
            [("id", "in", (own | through_lead | others).ids)]
        )
        self.assertEqual(visible, own | through_lead)
        with self.assertRaises(AccessError):
            others.with_user(self.user_salesman).read(["name"])
        with self.assertRaises(AccessError):
            others.site_ids.with_user(self.user_salesman).read(["name"])
        self.assertTrue(own.document_ids.with_user(self.user_salesman).read(["name"]))
        # the certification roles see every application
        for user in (self.user_officer, self.user_decision, self.user_finance):
            self.assertEqual(self.Application.with_user(user).search([("id", "in", others.ids)]), others)

    def test_certification_leads_hidden_from_other_salespeople(self):
        sales_manager = mail_new_test_user(
            self.env, login="sales_all_leads", groups="sales_team.group_sale_salesman_all_leads"
        )
        other_team = self.env["crm.team"].create({"name": "Appliances sales"})
        Lead = self.env["crm.lead"]
        cert_other = Lead.create(
            {"name": "Cert lead of the officer", "team_id": self.team.id, "user_id": self.user_officer.id}
        )
        cert_unassigned = Lead.create({"name": "Cert lead, nobody's", "team_id": self.team.id, "user_id": False})
        cert_own = Lead.create(
            {"name": "Cert lead of the salesman", "team_id": self.team.id, "user_id": self.user_salesman.id}
        )
        sales_other = Lead.create({"name": "Sales lead", "team_id": other_team.id, "user_id": self.user_officer.id})
        sales_unassigned = Lead.create({"name": "Sales lead, nobody's", "team_id": other_team.id, "user_id": False})
        no_team = Lead.create({"name": "No team", "team_id": False, "user_id": False})
        leads = cert_other | cert_unassigned | cert_own | sales_other | sales_unassigned | no_team

        def seen(user):
            return Lead.with_user(user).search([("id", "in", leads.ids)])

        # Odoo's own rules stay for the other teams (own or unassigned for a salesman, all for all-leads)
        self.assertEqual(seen(self.user_salesman), cert_own | sales_unassigned | no_team)
        self.assertEqual(seen(sales_manager), sales_other | sales_unassigned | no_team)
        # certification officers see the whole Certification pipeline
        self.assertEqual(
            seen(self.user_officer) & (cert_other | cert_unassigned | cert_own), cert_other | cert_unassigned | cert_own
        )
        with self.assertRaises(AccessError):
            cert_other.with_user(sales_manager).write({"user_id": sales_manager.id})

    def test_two_companies(self):
        company_b = self.env["res.company"].create({"name": "CB Branch B"})
        user_b = mail_new_test_user(
            self.env,
            login="officer_b",
            groups="cert_service.group_cert_officer",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        app_a = self._app()
        self.contract_application(app_a)
        app_b = self.Application.with_user(user_b).create({"partner_id": self.client_b.id, "scheme_id": self.scheme.id})
        self.assertEqual(app_b.company_id, company_b)
        self.assertEqual(self.Application.with_user(user_b).search([("id", "in", (app_a | app_b).ids)]), app_b)
        self.assertFalse(self.env["cert.contract"].with_user(user_b).search([("id", "=", app_a.contract_id.id)]))
        with self.assertRaises(AccessError):
            app_a.with_user(user_b).read(["name"])
        with self.assertRaises(AccessError):
            app_a.contract_id.with_user(user_b).read(["name"])
        self.assertNotIn(app_b, self.Application.with_user(self.user_officer).search([]))
        with self.assertRaisesText(UserError, "no longer a draft"):
            app_a.write({"company_id": company_b.id})

    # ------------------------------------------------------------------ §5 constraints
    def test_counts_and_amounts_refused_with_a_sentence(self):
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._app(employee_count=-5)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._app(declared_outlet_count=-1)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.scheme.auditor_days(-5, 0)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.scheme.sampled_outlets(-1)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.env["crm.lead"].create({"name": "Negative", "cert_employee_count": -3})
        scheme = self.scheme.copy()
        for name in ("outlet_auditor_days", "sampling_initial", "recertification_days_ratio"):
            with self.assertRaisesText(ValidationError, "cannot be negative"):
                scheme.write({name: -0.5})
        product = self.env["product.product"].create({"name": "Fee", "type": "service"})
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.env["cert.scheme.fee"].create({"scheme_id": scheme.id, "product_id": product.id, "price_unit": -1})
        app = self._app()
        self.assertEqual(app.employee_count, 0)
        contract = self.env["cert.contract"].create({"application_id": app.id, "partner_id": app.partner_id.id})
        for vals in ({"quantity": -1}, {"occurrences": -1}, {"price_unit": -100}):
            line = dict(
                {"contract_id": contract.id, "product_id": product.id, "name": "Fee", "milestone": "audit_reported"},
                **vals,
            )
            with self.assertRaisesText(ValidationError, "cannot be negative"):
                self.env["cert.contract.line"].create(line)

    def test_site_needs_its_application(self):
        Site = self.env["cert.site"].with_user(self.user_officer)
        with self.assertRaisesText(ValidationError, "choose the application"):
            Site.create({"name": "Orphan outlet"})
        app = self._app()
        site = Site.create({"name": "Outlet", "application_id": app.id})
        for vals in ({"application_id": False}, {"application_id": self._app(partner_id=self.client_b.id).id}):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                site.write(vals)
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            site.write({"partner_id": self.client_b.id})
        self.assertEqual(site.partner_id, self.client_a)
        document = app.document_ids[:1].with_user(self.user_officer)
        for vals in ({"satisfied": True}, {"applicable": False}, {"application_id": self._app().id}):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                document.write(vals)
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.indicator("repair").write({"kind": "category"})

    # ------------------------------------------------------------------ the review activity: the officer's own to-dos stay
    def test_review_activity_leaves_own_todos(self):
        app = self._app()
        todo = app.with_user(self.user_officer).activity_schedule(
            "mail.mail_activity_data_todo", summary="Call the applicant's director", user_id=self.user_officer.id
        )
        review = self.env.ref("cert_service.mail_activity_type_application_review")
        self.contract_application(app)  # submit (review scheduled), accept (review done), sign
        self.assertTrue(todo.exists(), "the user's own To-Do survives the review")
        self.assertEqual(app.activity_ids, todo)
        done = self.env["mail.message"].search(
            [("model", "=", app._name), ("res_id", "=", app.id), ("mail_activity_type_id", "=", review.id)]
        )
        self.assertTrue(done, "the review activity was scheduled and marked done")

        rejected = self._app()
        rejected.site_ids = [Command.create({"name": "HQ", "site_type": "hq"})]
        rejected.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_officer.id)
        pdf = self.env["ir.attachment"].create({"name": "x.pdf", "raw": b"%PDF-1.4"})
        rejected.document_ids.filtered("required").attachment_ids = [Command.link(pdf.id)]
        rejected.system_start_date = "2020-01-01"
        rejected.action_submit()
        self.assertEqual(rejected.activity_ids.activity_type_id, review | self.env.ref("mail.mail_activity_data_todo"))
        rejected._do_reject("Outside our scope")
        self.assertEqual(rejected.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))

    # ------------------------------------------------------------------ §7 demo, §8 names
    def test_demo_reaches_its_states_through_the_actions(self):
        app = self.env.ref("cert_service.application_demo_kangda", raise_if_not_found=False)
        if not app:
            self.skipTest("demo data not installed")
        self.assertEqual(app.state, "contracted")
        self.assertEqual(app.contract_id.state, "signed")
        self.assertTrue(app.submit_date and app.accept_date and app.contract_id.date_signed)

    def test_gbt27922_specification_requirements(self):
        indicator = self.indicator("specifications")
        self.assertEqual((indicator.code, indicator.name), ("5.1.4", "Specification requirements"))
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])
        self.assertEqual(indicator.with_context(lang="zh_CN").name, "规范要求")
        # the refusals speak Chinese too: the field refusal, the state refusal and its action labels
        app = self._app().with_context(lang="zh_CN")
        with self.assertRaisesText(UserError, "不能直接修改"):
            app.write({"state": "done"})
        with self.assertRaisesText(UserError, "现在不能登记已签合同。现在可以:提交, 取消"):
            app.action_sign_contract()
