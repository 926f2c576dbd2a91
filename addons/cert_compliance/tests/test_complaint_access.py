from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("security", "post_install", "-at_install")
class TestComplaintAccess(ComplaintCase):
    """Who reads and changes the register: officers register, decision makers decide, the manager sees all;
    auditors and finance see nothing; a portal user sees the cases they filed and no other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.Complaint.with_user(cls.user_officer).create(
            {
                "subject": "s",
                "description": "d",
                "certificate_id": cls.certificate.id,
                "complainant_name": "n",
                "complainant_phone": "1",
            }
        )
        cls.own = (
            cls.Complaint.sudo()
            ._workflow_unlocked()
            .create(
                {
                    "source": "portal",
                    "subject": "own",
                    "description": "d",
                    "certificate_id": cls.certificate.id,
                    "complainant_name": "Meijia Portal",
                    "complainant_phone": "1",
                    "complainant_partner_id": cls.user_portal_cn.partner_id.id,
                }
            )
        )

    def test_read_per_role(self):
        cases = self.case | self.own
        expected = {
            self.user_manager: cases,
            self.user_officer: cases,
            self.user_decision: cases,
            self.user_portal_cn: self.own,
            self.user_portal_a: self.Complaint,
        }
        for user, visible in expected.items():
            self.assertEqual(self.Complaint.with_user(user).search([("id", "in", cases.ids)]), visible, user.login)
        for user in (self.user_auditor, self.user_auditor_2, self.user_finance, self.user_employee):
            with self.assertRaises(AccessError, msg=user.login):
                self.Complaint.with_user(user).search([])
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_portal_cn).read(["subject"])

    def test_write_create_per_role(self):
        for user in (self.user_portal_cn, self.user_auditor, self.user_finance, self.user_decision):
            with self.assertRaises(AccessError, msg=user.login):
                self.Complaint.with_user(user).create(
                    {"subject": "s", "description": "d", "complainant_name": "n", "complainant_phone": "1"}
                )
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_portal_cn).write({"subject": "changed"})
        # ordinary fields: the officer's while the case is received; not the decision maker's
        self.case.with_user(self.user_officer).write({"subject": "changed"})
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_decision).write({"subject": "again"})
        # an officer cannot decide, a decision maker cannot start the investigation
        self.case.with_user(self.user_officer).write({"investigator_id": self.user_officer_2.id})
        self.case.with_user(self.user_officer).action_acknowledge()
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_decision_2).action_investigate()
        self.case.with_user(self.user_officer).action_investigate()
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_officer).action_decide()
