from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase

ASSIGN = "cert_compliance.mail_activity_type_complaint_assign"
INVESTIGATE = "cert_compliance.mail_activity_type_complaint_investigate"
INFORM = "cert_compliance.mail_activity_type_complaint_inform"


@tagged("post_install", "-at_install")
class TestComplaintLifeCycle(ComplaintCase):
    """A complaint and an appeal from receipt to the complainant's answer, through the external API."""

    def activities(self, case, xmlid):
        return case.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_complaint_from_receipt_to_answer(self):
        case_id = self.rpc_ok(
            "cb_officer",
            "cert.complaint",
            "create",
            [
                {
                    "subject": "证书范围外的服务",
                    "description": "The client advertises installation, which is not in the certified scope.",
                    "certificate_id": self.certificate.id,
                    "complainant_name": "王五",
                    "complainant_email": "wang.wu@example.com",
                }
            ],
        )
        case = self.Complaint.browse(case_id)
        self.assertEqual((case.state, case.source, case.partner_id), ("received", "backoffice", self.client_cn))
        self.assertEqual(case.application_id, self.app_cn)
        self.assertTrue(case.name.startswith("CMP/"))
        # acknowledged by mail to the address on the case, with an activity for the case officer
        ack = self.sent_mails(case, case.name)
        self.assertEqual(ack.mapped("email_to"), ["wang.wu@example.com"])
        self.assertTrue(case.ack_date)
        self.assertEqual(self.activities(case, ASSIGN).user_id, self.user_officer)
        self.assertEqual(self.activities(case, ASSIGN).date_deadline, case.ack_due_date)
        # the audit's lead auditor cannot investigate a complaint on the certification he audited
        self.rpc_ok("cb_officer", "cert.complaint", "write", [[case.id], {"investigator_id": self.user_auditor.id}])
        error, _result = self.rpc("cb_officer", "cert.complaint", "action_investigate", [[case.id]])
        self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertEqual(case.state, "received")
        with self.assertRaisesText(Exception, "Cb Auditor was Lead auditor of " + self.audit.name):
            case.with_user(self.user_officer).action_investigate()
        # an officer involved in nothing investigates, with an activity due on the decision deadline
        self.rpc_ok("cb_officer", "cert.complaint", "write", [[case.id], {"investigator_id": self.user_officer_2.id}])
        self.rpc_ok("cb_officer", "cert.complaint", "action_investigate", [[case.id]])
        self.assertEqual(case.state, "investigating")
        self.assertFalse(self.activities(case, ASSIGN))
        self.assertEqual(self.activities(case, INVESTIGATE).user_id, self.user_officer_2)
        self.assertEqual(self.activities(case, INVESTIGATE).date_deadline, case.decision_due_date)
        # the investigator is fixed once the investigation started
        error, _result = self.rpc(
            "cb_officer", "cert.complaint", "write", [[case.id], {"investigator_id": self.user_officer.id}]
        )
        self.assertEqual(error, "odoo.exceptions.UserError")
        self.rpc_ok("cb_officer_2", "cert.complaint", "write", [[case.id], {"investigation_notes": "Website checked."}])
        # an officer does not decide; the decision maker who granted the certificate may not either
        error, _result = self.rpc(
            "cb_officer", "cert.complaint", "write", [[case.id], {"outcome": "upheld", "outcome_text": "x"}]
        )
        self.assertEqual(error, "odoo.exceptions.AccessError")
        values = {"outcome": "partly_upheld", "outcome_text": "The client removed the advertisement."}
        self.rpc_ok("cb_decision", "cert.complaint", "write", [[case.id], values])
        error, _result = self.rpc("cb_decision", "cert.complaint", "action_decide", [[case.id]])
        self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertEqual(case.state, "investigating")
        with self.assertRaisesText(Exception, "Cb Decision was decision maker of " + self.decision.name):
            case.with_user(self.user_decision).action_decide()
        self.rpc_ok("cb_decision_2", "cert.complaint", "action_decide", [[case.id]])
        self.assertEqual((case.state, case.decided_by_id), ("decided", self.user_decision_2))
        self.assertFalse(self.activities(case, INVESTIGATE))
        self.assertEqual(self.activities(case, INFORM).user_id, self.user_officer)
        # the complainant is told the outcome; the case is closed
        self.rpc_ok("cb_officer", "cert.complaint", "action_inform", [[case.id]])
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.informed_date)
        outcome = self.sent_mails(case, "outcome")
        self.assertEqual(outcome.mapped("email_to"), ["wang.wu@example.com"])
        self.assertIn("The client removed the advertisement.", outcome.body_html)
        self.assertFalse(case.activity_ids)
        # the register keeps every case
        error, _result = self.rpc("cb_manager", "cert.complaint", "unlink", [[case.id]])
        self.assertEqual(error, "odoo.exceptions.AccessError")
        with self.assertRaisesText(UserError, "never deleted"):
            case.sudo().unlink()
        self.assertTrue(case.exists())

    def test_appeal_against_a_decision(self):
        error, _result = self.rpc(
            "cb_officer",
            "cert.complaint",
            "create",
            [
                {
                    "kind": "appeal",
                    "subject": "Level",
                    "description": "d",
                    "complainant_name": "Q",
                    "complainant_phone": "1",
                }
            ],
        )
        self.assertEqual(error, "odoo.exceptions.ValidationError")
        case_id = self.rpc_ok(
            "cb_officer",
            "cert.complaint",
            "create",
            [
                {
                    "kind": "appeal",
                    "decision_id": self.decision.id,
                    "subject": "对评定结论的申诉",
                    "description": "The sample of 5.3.2 was misread.",
                    "complainant_name": "美家电器 质量部",
                    "complainant_phone": "+86 757 0000 0000",
                }
            ],
        )
        case = self.Complaint.browse(case_id)
        self.assertEqual((case.partner_id, case.application_id), (self.client_cn, self.app_cn))
        # no address: the acknowledgement by phone is recorded by hand before the investigation
        self.assertFalse(case.ack_date)
        self.rpc_ok("cb_officer", "cert.complaint", "write", [[case.id], {"investigator_id": self.user_decision.id}])
        with self.assertRaisesText(Exception, "acknowledge receipt"):
            case.with_user(self.user_officer).action_investigate()
        self.rpc_ok("cb_officer", "cert.complaint", "action_acknowledge", [[case.id]])
        # the decision maker of the decision appealed does not investigate the appeal
        error, _result = self.rpc("cb_officer", "cert.complaint", "action_investigate", [[case.id]])
        self.assertEqual(error, "odoo.exceptions.AccessError")
        self.rpc_ok("cb_officer", "cert.complaint", "write", [[case.id], {"investigator_id": self.user_decision_2.id}])
        self.rpc_ok("cb_officer", "cert.complaint", "action_investigate", [[case.id]])
        self.rpc_ok(
            "cb_decision_2",
            "cert.complaint",
            "write",
            [[case.id], {"outcome": "not_upheld", "outcome_text": "The sample was read as recorded."}],
        )
        self.rpc_ok("cb_decision_2", "cert.complaint", "action_decide", [[case.id]])
        self.rpc_ok("cb_officer", "cert.complaint", "action_inform", [[case.id]])
        self.assertEqual((case.state, case.outcome), ("closed", "not_upheld"))
        self.assertFalse(self.sent_mails(case, "outcome"))  # by phone: no address, no mail

    def test_keys_and_links_refused(self):
        case = self.Complaint.with_user(self.user_officer).create(
            {"subject": "s", "description": "d", "complainant_name": "n", "complainant_phone": "1"}
        )
        for values in (
            {"state": "closed"},
            {"decided_by_id": self.user_officer.id},
            {"source": "public"},
            {"certificate_id": self.certificate.id},
            {"ack_date": "2031-01-01 00:00:00"},
        ):
            error, _result = self.rpc("cb_officer", "cert.complaint", "write", [[case.id], values])
            self.assertEqual(error, "odoo.exceptions.UserError", values)
        # a certificate of one client cannot be cited by a case on another client
        error, _result = self.rpc(
            "cb_officer",
            "cert.complaint",
            "create",
            [
                {
                    "subject": "s",
                    "description": "d",
                    "complainant_name": "n",
                    "complainant_phone": "1",
                    "partner_id": self.client_b.id,
                    "certificate_id": self.certificate.id,
                }
            ],
        )
        self.assertEqual(error, "odoo.exceptions.ValidationError")
        # without a contact the complainant cannot be answered
        error, _result = self.rpc(
            "cb_officer", "cert.complaint", "create", [{"subject": "s", "description": "d", "complainant_name": "n"}]
        )
        self.assertEqual(error, "odoo.exceptions.ValidationError")

    def test_overdue_search(self):
        case = self.Complaint.with_user(self.user_officer).create(
            {
                "subject": "late",
                "description": "d",
                "complainant_name": "n",
                "complainant_phone": "1",
                "received_date": "2020-01-01",
            }
        )
        fresh = self.Complaint.with_user(self.user_officer).create(
            {"subject": "fresh", "description": "d", "complainant_name": "n", "complainant_phone": "1"}
        )
        self.assertTrue(case.overdue)
        self.assertFalse(fresh.overdue)
        overdue = self.Complaint.with_user(self.user_officer).search([("overdue", "=", True)])
        self.assertIn(case, overdue)
        self.assertNotIn(fresh, overdue)
        self.assertIn(fresh, self.Complaint.with_user(self.user_officer).search([("overdue", "=", False)]))

    def test_suspension_cites_the_substantiated_complaint(self):
        case = self.Complaint.with_user(self.user_officer).create(
            {
                "subject": "Fake outlet",
                "description": "The certificate is shown at an outlet that does not exist.",
                "certificate_id": self.certificate.id,
                "complainant_name": "n",
                "complainant_email": "n@example.com",
            }
        )
        reason = self.env.ref("cert_service.reason_suspension_complaint")
        Wizard = self.env["cert.certificate.transition"].with_user(self.user_officer)

        def suspend(complaint):
            return Wizard.create(
                {
                    "certificate_ids": [(6, 0, self.certificate.ids)],
                    "action": "action_suspend",
                    "reason_id": reason.id,
                    "complaint_id": complaint.id,
                    "note": "See the complaint.",
                }
            ).action_confirm()

        with self.assertRaisesText(UserError, "cites the complaint (Complaint)"):
            suspend(self.Complaint)
        with self.assertRaisesText(UserError, "is not decided as substantiated"):
            suspend(case)
        case.with_user(self.user_officer).write({"investigator_id": self.user_officer_2.id})
        case.with_user(self.user_officer).action_investigate()
        case.with_user(self.user_decision_2).write({"outcome": "upheld", "outcome_text": "The outlet does not exist."})
        case.with_user(self.user_decision_2).action_decide()
        suspend(case)
        self.assertEqual(self.certificate.state, "suspended")
        self.assertEqual(
            (case.suspension_id.certificate_id, case.suspension_id.to_state), (self.certificate, "suspended")
        )
        # the public page states the reason, never the complaint
        text = self.url_open(f"/certificate/{self.certificate.token}").text
        self.assertIn(reason.name, text)
        self.assertNotIn(case.name, text)
        self.assertNotIn("does not exist", text)
