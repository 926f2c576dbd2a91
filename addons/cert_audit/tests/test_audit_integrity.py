import base64
from datetime import date
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CertAuditCase


@tagged("post_install", "-at_install")
class TestAuditIntegrity(CertAuditCase):
    """What an auditor could do over XML-RPC with plain writes (move an audit's state, re-point it to another
    application, rewrite its calendar event, narrow a declaration of interest) is refused by the ORM: the
    boundary is the model, not the views.

    ``user_auditor`` is the lead of a planned audit of client A; client B has an application of its own.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls.Audit.with_user(cls.user_officer).create(
            {
                "application_id": cls.app_a.id,
                "date_start": cls.monday + timedelta(hours=1),
                "date_end": cls.monday + timedelta(hours=9),
                "member_ids": [Command.create({"auditor_id": cls.lead.id, "role": "lead"})],
            }
        )
        cls.audit.with_user(cls.user_officer).action_plan()
        cls.item_b = (
            cls.env["cert.evidence"]
            .with_user(cls.user_portal_b)
            .create(
                {
                    "name": "Client B complaint log",
                    "folder_id": cls.app_b.evidence_folder_id.id,
                    "new_file": base64.b64encode(b"complaints\n"),
                    "new_filename": "complaints.txt",
                }
            )
        )

    def as_zhang(self, record):
        return record.with_user(self.user_auditor)

    # ------------------------------------------------------------------ the four holes
    def test_hole_1_state_is_not_writable(self):
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.as_zhang(self.audit).write({"state": "closed"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.audit.with_user(self.user_officer).write({"state": "closed"})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.Audit.with_user(self.user_officer).create({"application_id": self.app_b.id, "state": "closed"})
        self.assertEqual(self.audit.state, "planned")

    def test_hole_2_application_is_not_writable_by_the_auditor(self):
        with self.assertRaises(AccessError):
            self.as_zhang(self.audit).write({"application_id": self.app_b.id})
        self.assertEqual(self.audit.application_id, self.app_a)
        self.assertEqual(self.app_b.auditor_user_ids, self.env["res.users"])
        with self.assertRaises(AccessError):
            self.as_zhang(self.item_b).read(["name"])
        with self.assertRaises(AccessError):
            self.as_zhang(self.app_b).read(["name"])
        # not even an officer, once the audit is planned (the client was notified)
        with self.assertRaisesText(UserError, "only while it is draft"):
            self.audit.with_user(self.user_officer).write({"application_id": self.app_b.id})

    def test_hole_3_event_is_not_writable(self):
        foreign = self.env["calendar.event"].create(
            {
                "name": "Board meeting",
                "start": self.monday + timedelta(days=10),
                "stop": self.monday + timedelta(days=10, hours=2),
            }
        )
        for user in (self.user_auditor, self.user_officer):
            with self.assertRaisesText(UserError, "cannot be changed directly"):
                self.audit.with_user(user).write({"event_id": foreign.id})
        self.assertEqual(foreign.name, "Board meeting")
        self.assertNotEqual(self.audit.event_id, foreign)

    def test_hole_4_declaration_cannot_be_moved_narrowed_or_deleted(self):
        Conflict = self.env["cert.auditor.conflict"].with_user(self.user_auditor)
        declaration = Conflict.create(
            {"auditor_id": self.lead.id, "partner_id": self.client_b.id, "date_from": date(2030, 1, 1)}
        )
        for vals in (
            {"partner_id": self.client_a.id},
            {"auditor_id": self.auditor_b.id},
            {"date_from": date(2030, 6, 1)},
        ):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "can only be extended"):
                declaration.write(vals)
        # its type and its end (which starts the cooling-off period) are the officers' to change, either way
        for vals in (
            {"date_to": date(2030, 12, 31)},
            {"conflict_type": "employment"},
        ):
            with self.subTest(vals=vals), self.assertRaisesText(AccessError, "not allowed to change"):
                declaration.write(vals)
        ended = Conflict.create(
            {
                "auditor_id": self.lead.id,
                "partner_id": self.client_b.id,
                "date_from": date(2015, 1, 1),
                "date_to": date(2016, 1, 1),
            }
        )
        with self.assertRaisesText(AccessError, "not allowed to change"):
            ended.write({"date_to": date(2016, 6, 1)})
        ended.with_user(self.user_officer).write({"date_to": date(2016, 6, 1), "conflict_type": "employment"})
        self.assertEqual((ended.date_to, ended.conflict_type), (date(2016, 6, 1), "employment"))
        with self.assertRaises(AccessError):
            declaration.unlink()
        # extending is the auditor's to do
        declaration.write({"date_from": date(2029, 1, 1), "note": "Also advised them in 2029."})
        self.assertEqual(declaration.date_from, date(2029, 1, 1))
        self.assertEqual(declaration.partner_id, self.client_b)
        # still blocks him on client B's audits
        audit_b = self.make_audit(app=self.app_b, start=self.monday + timedelta(days=3, hours=1))
        with self.assertRaisesText(ValidationError, "conflict of interest with Client B"):
            audit_b.write({"member_ids": [Command.create({"auditor_id": self.lead.id, "role": "lead"})]})

    # ------------------------------------------------------------------ workflow
    def test_transitions_check_group_and_team(self):
        audit = self.make_audit(
            start=self.monday + timedelta(days=1, hours=1), team=[(self.lead, "lead"), (self.auditor_b, "auditor")]
        )
        for user in (self.user_auditor, self.user_decision, self.user_finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                audit.with_user(user).action_plan()
        audit.with_user(self.user_officer).action_plan()
        with self.assertRaises(AccessError):
            self.as_zhang(audit).action_client_confirm()
        audit.with_user(self.user_officer).action_client_confirm()
        self.assertEqual(audit.confirmed_by_id, self.user_officer)
        # a team member who is not the lead does not start the audit
        with self.assertRaisesText(AccessError, "Only the lead auditor"):
            audit.with_user(self.user_auditor_2).action_start()
        with self.assertRaises(AccessError):
            audit.with_user(self.user_auditor).action_cancel()
        self.as_zhang(audit).action_start()
        self.assertEqual(audit.state, "in_progress")
        with self.assertRaisesText(UserError, "Possible now"):
            self.as_zhang(audit).action_start()
        self.score_fully(audit)
        self.as_zhang(audit).action_report()
        with self.assertRaises(AccessError):
            self.as_zhang(audit).action_close()
        audit.with_user(self.user_officer).action_close()
        self.assertEqual(audit.state, "closed")
        with self.assertRaisesText(UserError, "Possible now"):
            audit.with_user(self.user_officer).action_reset_draft()

    def test_auditor_writes_the_notes_not_the_planning(self):
        self.as_zhang(self.audit).write({"note": "<p>Agenda: HQ in the morning.</p>"})
        self.assertIn("Agenda", self.audit.note)
        for vals in (
            {"date_end": self.monday + timedelta(hours=10)},
            {"days_planned": 0.5, "days_adjust_reason": "short"},
            {"industry_code_id": False},
            {"company_id": self.env.company.id},
            {"site_ids": [Command.clear()]},
        ):
            # the planning is the officers' (a field rule of the audit)
            with self.subTest(vals=list(vals)), self.assertRaisesText(AccessError, "You are not allowed to change"):
                self.as_zhang(self.audit).write(vals)

    def test_kanban_is_not_draggable(self):
        arch = self.Audit.with_user(self.user_officer).get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        self.assertIn('records_draggable="0"', arch)

    # ------------------------------------------------------------------ keys
    def test_stored_related_keys_are_read_only_for_everybody(self):
        for vals in (
            {"partner_id": self.client_b.id},
            {"consultancy_id": self.client_b.id},
            {"scheme_id": self.scheme.id},
            {"confirmed_by_id": self.user_officer.id},
            {"team_user_ids": [Command.link(self.user_auditor_4.id)]},
        ):
            with self.subTest(vals=list(vals)):
                with self.assertRaisesText(UserError, "cannot be changed directly"):
                    self.audit.with_user(self.user_manager).write(vals)
                with self.assertRaisesText(UserError, "cannot be changed directly"):
                    self.Audit.with_user(self.user_officer).create(dict(vals, application_id=self.app_a.id))
        self.assertEqual(self.audit.partner_id, self.client_a)

    def test_officer_moves_a_draft_audit_and_the_team_is_checked_again(self):
        audit = self.make_audit(start=self.monday + timedelta(days=2, hours=1), team=[(self.auditor_b, "auditor")])
        self.assertEqual(self.app_a.auditor_user_ids, self.user_auditor | self.user_auditor_2)
        self.env["cert.auditor.conflict"].create({"auditor_id": self.auditor_b.id, "partner_id": self.client_b.id})
        with self.assertRaisesText(ValidationError, "conflict of interest with Client B"):
            audit.with_user(self.user_officer).write({"application_id": self.app_b.id})
        self.assertEqual(audit.application_id, self.app_a)
        audit.member_ids.unlink()
        audit.write({"member_ids": [Command.create({"auditor_id": self.auditor_c.id, "role": "auditor"})]})
        audit.with_user(self.user_officer).write({"application_id": self.app_b.id})
        self.assertEqual((audit.partner_id, audit.consultancy_id), (self.client_b, self.env["res.partner"]))
        self.assertEqual(audit.site_ids.application_id, self.app_b, "the sites are the new client's")
        self.assertIn(self.user_auditor_3, self.app_b.auditor_user_ids)
        self.assertNotIn(self.user_auditor_3, self.app_a.auditor_user_ids)
        with self.assertRaisesText(ValidationError, "do not belong to the audited application"):
            audit.write({"site_ids": [Command.set(self.app_a.site_ids.ids)]})

    def test_audits_only_for_contracted_applications(self):
        draft = self.env["cert.application"].create({"partner_id": self.client_b.id, "scheme_id": self.scheme.id})
        with self.assertRaisesText(UserError, "only for contracted applications"):
            self.Audit.with_user(self.user_officer).create({"application_id": draft.id})
        with self.assertRaisesText(UserError, "only for contracted applications"):
            self.make_audit(start=self.monday + timedelta(days=4)).write({"application_id": draft.id})
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_audit")])._update_translations(["zh_CN"])
        with self.assertRaisesText(UserError, "已签约"):
            self.Audit.with_user(self.user_officer).with_context(lang="zh_CN").create({"application_id": draft.id})

    def test_assigned_auditors_come_from_the_teams_only(self):
        for user in (self.user_officer, self.user_manager):
            with self.subTest(user=user.login), self.assertRaisesText(UserError, "cannot be changed directly"):
                self.app_b.with_user(user).write({"auditor_user_ids": [Command.link(self.user_auditor.id)]})
        with self.assertRaisesText(UserError, "cannot be changed directly"):
            self.app_b.sudo().write({"auditor_user_ids": [Command.link(self.user_auditor.id)]})
        self.assertFalse(self.app_b.auditor_user_ids)

    # ------------------------------------------------------------------ calendar
    def test_only_the_audits_own_event_is_written_or_deleted(self):
        audit = self.make_audit(start=self.monday + timedelta(days=5, hours=1), team=[(self.auditor_b, "auditor")])
        own = audit.event_id
        self.assertEqual((own.res_model, own.res_id), ("cert.audit", audit.id))
        foreign = self.env["calendar.event"].create(
            {"name": "Board meeting", "start": self.monday, "stop": self.monday + timedelta(hours=1)}
        )
        # a pointer that went astray (older data): the audit's code never writes that event
        audit._workflow_sudo_write({"event_id": foreign.id})
        audit.write({"date_start": self.monday + timedelta(days=5, hours=2)})
        self.assertEqual(foreign.name, "Board meeting")
        self.assertEqual(foreign.start, self.monday)
        self.assertNotEqual(audit.event_id, foreign, "a new event of its own")
        audit.action_cancel()
        audit.unlink()
        self.assertTrue(foreign.exists(), "deleting an audit never deletes another record's event")

    # ------------------------------------------------------------------ declarations of interest
    def test_officer_changes_to_declarations_are_tracked(self):
        Conflict = self.env["cert.auditor.conflict"].with_context(tracking_disable=False)
        declaration = Conflict.create({"auditor_id": self.auditor_d.id, "partner_id": self.client_b.id})
        self.env.cr.precommit.run()  # declared in an earlier transaction
        declaration.with_user(self.user_officer).write({"date_to": date(2024, 12, 31)})
        self.env.cr.precommit.run()
        tracked = declaration.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "date_to")
        self.assertTrue(tracked, "the officer's change is in the chatter")
        self.assertEqual(tracked.create_uid, self.user_officer)
        declaration.with_user(self.user_officer).unlink()

    def test_new_declaration_flags_the_open_teams(self):
        self.env["ir.config_parameter"].sudo().set_param("cert_audit.conflict_months", "24")
        draft = self.make_audit(start=self.monday + timedelta(days=6, hours=1), team=[(self.auditor_b, "auditor")])
        activity_type = self.env.ref("cert_audit.mail_activity_type_team_conflict")
        declaration = (
            self.env["cert.auditor.conflict"]
            .with_user(self.user_auditor_2)
            .create({"auditor_id": self.auditor_b.id, "partner_id": self.consultancy.id, "conflict_type": "employment"})
        )
        self.assertTrue(declaration, "a declaration is never refused")
        flagged = draft.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(flagged), 1)
        self.assertIn(self.auditor_b.name, flagged.summary)
        self.assertIn("Referral Consulting", draft.message_ids[:1].body)
        self.assertFalse(self.audit.activity_ids.filtered(lambda a: a.activity_type_id == activity_type), "not on it")
        # the audit cannot go on with the auditor on its team
        with self.assertRaisesText(ValidationError, "conflict of interest with Referral Consulting"):
            draft.write({"date_end": draft.date_end + timedelta(hours=1)})

    # ------------------------------------------------------------------ access that ends with the assignment
    def _follow(self, user, *records):
        for record in records:
            record.message_subscribe(partner_ids=user.partner_id.ids)

    def test_removing_a_member_ends_access_and_following(self):
        audit = self.make_audit(start=self.monday + timedelta(days=7, hours=1), team=[(self.auditor_b, "auditor")])
        self._follow(self.user_auditor_2, audit, self.app_a)
        self.assertIn(self.user_auditor_2.partner_id, audit.message_partner_ids)
        site = self.app_a.site_ids[:1]
        site.with_user(self.user_auditor_2).read(["name"])
        audit.member_ids.with_user(self.user_officer).unlink()
        for record in (audit, self.app_a, site):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.user_auditor_2).read(["name"])
        self.assertNotIn(self.user_auditor_2.partner_id, audit.message_partner_ids)
        self.assertNotIn(self.user_auditor_2.partner_id, self.app_a.message_partner_ids)
        # the lead of the other audit keeps both
        self._follow(self.user_auditor, self.app_a)
        self.assertIn(self.user_auditor.partner_id, self.app_a.message_partner_ids)

    def test_team_of_a_reported_audit_is_a_record(self):
        audit = self.make_audit(start=self.monday + timedelta(days=8, hours=1), team=[(self.lead, "lead")])
        audit.action_plan()
        audit.action_client_confirm()
        audit.action_start()
        # a replacement while the audit runs is possible
        audit.write({"member_ids": [Command.create({"auditor_id": self.auditor_b.id, "role": "auditor"})]})
        self.score_fully(audit)
        audit.action_report()
        with self.assertRaisesText(UserError, "its team can no longer be changed"):
            audit.with_user(self.user_officer).write(
                {"member_ids": [Command.create({"auditor_id": self.auditor_c.id, "role": "auditor"})]}
            )
        with self.assertRaisesText(UserError, "its team can no longer be changed"):
            audit.member_ids.filtered(lambda m: m.auditor_id == self.auditor_b).with_user(self.user_officer).unlink()
        self.assertNotIn(
            self.user_auditor_3, self.app_a.auditor_user_ids, "no access to a closed file through the team"
        )

    def test_cancelling_ends_the_teams_access_and_following(self):
        self._follow(self.user_auditor, self.app_a)
        self.assertIn(self.user_auditor.partner_id, self.audit.message_partner_ids)
        self.audit.with_user(self.user_officer).action_cancel()
        self.assertFalse(self.audit.team_user_ids)
        self.assertFalse(self.app_a.auditor_user_ids)
        with self.assertRaises(AccessError):
            self.as_zhang(self.audit).read(["name"])
        with self.assertRaises(AccessError):
            self.as_zhang(self.app_a).read(["name"])
        self.assertNotIn(self.user_auditor.partner_id, self.audit.message_partner_ids)
        self.assertNotIn(self.user_auditor.partner_id, self.app_a.message_partner_ids)
        # reopened: the team is back, and follows the audit again
        self.audit.with_user(self.user_officer).action_reset_draft()
        self.assertEqual(self.app_a.auditor_user_ids, self.user_auditor)
        self.assertIn(self.user_auditor.partner_id, self.audit.message_partner_ids)

    # ------------------------------------------------------------------ multi-company
    def test_company_rules(self):
        for model in ("cert.audit", "cert.audit.member", "cert.auditor"):
            with self.subTest(model=model):
                rules = self.env["ir.rule"].search([("model_id.model", "=", model), ("groups", "=", False)])
                self.assertTrue(any("company_ids" in rule.domain_force for rule in rules))
        company_b = self.env["res.company"].create({"name": "CB Shanghai Branch"})
        officer_b = self.user_officer.copy(
            {"login": "cb_officer_b", "company_id": company_b.id, "company_ids": [Command.set(company_b.ids)]}
        )
        for model in ("cert.audit", "cert.audit.member", "cert.auditor"):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(officer_b).search([]))
        with self.assertRaises(AccessError):
            self.audit.with_user(officer_b).read(["name"])
        self.assertIn(self.audit, self.Audit.with_user(self.user_officer).search([]))

    # ------------------------------------------------------------------ demo
    def test_demo_reaches_its_states_through_the_actions(self):
        audit = self.env.ref("cert_audit.audit_demo_shunan_initial", raise_if_not_found=False)
        if not audit:
            self.skipTest("installed without demo data")
        app = self.env.ref("cert_audit.application_demo_shunan")
        # (the execution's demo may go on with the audit: then the cycle has started)
        self.assertIn(app.state, ("contracted", "in_progress"))
        self.assertEqual(app.contract_id.state, "signed")
        self.assertNotEqual(audit.state, "draft")
        self.assertTrue(audit.event_id)
