from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestPublicComplaint(ComplaintCase):
    """ "Report a problem with this certificate": anonymous, rate-limited, no account, never shown publicly."""

    def url(self):
        return f"/certificate/{self.certificate.token}/complaint"

    def post(self, **values):
        data = dict({"csrf_token": self.csrf(self.url())}, **values)
        return self.url_open(self.url(), data=data)

    def test_public_complaint_creates_no_account(self):
        page = self.url_open(f"/certificate/{self.certificate.token}")
        self.assertIn(f'href="{self.url()}"', page.text)
        partners, users = self.env["res.partner"].search_count([]), self.env["res.users"].search_count([])
        response = self.post(
            name="路人甲", email="passer.by@example.com", phone="", description="The outlet on Renmin Road is closed."
        )
        self.assertEqual(response.status_code, 200)
        case = self.Complaint.search([("source", "=", "public")])
        self.assertEqual(len(case), 1)
        self.assertIn(case.name, response.text)
        self.assertEqual(
            (case.certificate_id, case.partner_id, case.complainant_name, case.complainant_email, case.state),
            (self.certificate, self.client_cn, "路人甲", "passer.by@example.com", "received"),
        )
        self.assertFalse(case.complainant_partner_id)
        # no partner and no account: the contact lives on the case only
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["res.users"].search_count([]), users)
        self.assertFalse(self.env["res.partner"].search([("email", "=", "passer.by@example.com")]))
        self.assertFalse(case.message_partner_ids.filtered(lambda p: p.email == "passer.by@example.com"))
        self.assertEqual(self.sent_mails(case, case.name).mapped("email_to"), ["passer.by@example.com"])
        # someone follows it: the certificate's officer or a CB manager
        self.assertTrue(case.activity_ids.user_id)
        self.assertFalse(case.activity_ids.user_id.share)
        # the public pages never show it
        for url in (f"/certificate/{self.certificate.token}", f"/certificate/{self.certificate.token}/json"):
            text = self.url_open(url).text
            self.assertNotIn(case.name, text)
            self.assertNotIn("Renmin Road", text)
            self.assertNotIn("passer.by", text)

    def test_bad_input_and_rate_limit(self):
        response = self.post(name="", email="not-an-email", description="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give your name.", response.text)
        self.assertIn("The email address is not valid.", response.text)
        self.assertFalse(self.Complaint.search([("source", "=", "public")]))
        self.env["ir.config_parameter"].sudo().set_param("cert_compliance.complaint_max_per_ip", "2")
        self.assertEqual(self.post(name="A", phone="1", description="x").status_code, 200)
        response = self.post(name="B", phone="2", description="y")
        self.assertEqual(response.status_code, 429)
        self.assertTrue(int(response.headers["Retry-After"]) > 0)
        self.assertEqual(self.Complaint.search_count([("source", "=", "public")]), 1)

    def test_unknown_or_draft_certificate(self):
        self.assertEqual(self.url_open("/certificate/no-such-token/complaint").status_code, 404)
        draft = self.env["cert.certificate"].create({"application_id": self.app_a.id})
        self.assertEqual(self.url_open(f"/certificate/{draft.token}/complaint").status_code, 404)

    def test_portal_complaint(self):
        self.authenticate("meijia_portal", "meijia_portal")
        url = "/my/certification/complaints"
        response = self.url_open(
            url,
            data={
                "csrf_token": self.csrf(url),
                "subject": "审核员迟到",
                "description": "The auditors came two hours late.",
                "certificate_id": self.certificate.id,
                "phone": "+86 757 1234 5678",
            },
        )
        self.assertEqual(response.status_code, 200)
        case = self.Complaint.search([("source", "=", "portal")])
        self.assertEqual(
            (case.certificate_id, case.partner_id, case.complainant_partner_id),
            (self.certificate, self.client_cn, self.user_portal_cn.partner_id),
        )
        self.assertIn(case.name, response.text)
        # another client's certificate cannot be named; another client's user sees none of it
        self.authenticate("client_b_portal", "client_b_portal")
        response = self.url_open(
            url,
            data={
                "csrf_token": self.csrf(url),
                "subject": "x",
                "description": "y",
                "certificate_id": self.certificate.id,
                "phone": "1",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(case.name, response.text)
        self.assertEqual(self.Complaint.search_count([("source", "=", "portal")]), 1)
