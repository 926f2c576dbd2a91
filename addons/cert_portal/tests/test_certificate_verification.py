import re
from datetime import date

from odoo import fields
from odoo.addons.cert_audit.tests.issuing import issue_through_decision
from odoo.tests import tagged

from .common import CertPortalCase


@tagged("post_install", "-at_install")
class TestCertificateVerification(CertPortalCase):
    """The public verification pages, anonymous: each status, enumeration, rate limit, constant queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cert = cls._issued_certificate(cls.app_a)
        cls.holder = cls.cert.partner_name

    @classmethod
    def _reason(cls, kind):
        return cls.env["cert.certificate.reason"].search([("kind", "=", kind)], limit=1)

    def page(self, url, status=200):
        self.authenticate(None, None)
        return self.get_page(url, status=status)

    def verify(self, number, name, status):
        return self.page(f"/certificate/verify?number={number}&name={name}", status=status)

    def test_valid_certificate_page_and_json(self):
        html = self.page(f"/certificate/{self.cert.token}").text
        self.assertIn('data-status="valid"', html)
        self.assertIn("This certificate is valid.", html)
        for fact in (self.cert.name, self.holder, "GB/T 27922-2011", "★★★★★", self.app_a.site_ids[0].name):
            self.assertIn(fact, html)
        response = self.page(f"/certificate/{self.cert.token}/json")
        self.assertEqual(response.headers["Access-Control-Allow-Origin"], "*")
        self.assertIn("max-age=", response.headers["Cache-Control"])
        data = response.json()
        self.assertEqual(data["number"], self.cert.name)
        self.assertEqual(data["status"], "valid")
        self.assertIs(data["valid"], True)
        self.assertEqual(data["stars"], 5)
        self.assertEqual(data["organisation"], self.holder)
        self.assertEqual(data["history"][-1]["to"], "valid")
        # the ETag answers a conditional request with 304, and changes with the status
        etag = response.headers["ETag"]
        again = self.url_open(f"/certificate/{self.cert.token}/json", headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        self.cert._move("action_suspend", reason=self._reason("suspension"))
        changed = self.page(f"/certificate/{self.cert.token}/json")
        self.assertNotEqual(changed.headers["ETag"], etag)
        self.assertIs(changed.json()["valid"], False)

    def test_each_status_says_it_is_not_valid(self):
        reasons = {"action_suspend": "suspension", "action_withdraw": "withdrawal", "action_cancel": "cancellation"}
        for action, expected in [
            ("action_suspend", "suspended"),
            ("action_withdraw", "withdrawn"),
            ("action_cancel", "cancelled"),
            ("action_expire", "expired"),
            ("action_supersede", "superseded"),
        ]:
            # a holder of its own each time: a client holds one certificate in force per scheme and cycle
            holder = self.env["res.partner"].create({"name": f"Holder {expected}", "is_company": True})
            cert = self._issued_certificate(self.make_application(holder, employees=10))
            kind = reasons.get(action)
            if action == "action_expire":
                cert._workflow_sudo_write({"expiry_date": fields.Date.context_today(cert)})  # its expiry date
            if action == "action_supersede":  # only through the issue of its successor
                issue_through_decision(
                    self.env,
                    cert.application_id,
                    self.env.ref("cert_service.gbt_level_4star"),
                    self.user_officer,
                    supersedes=cert,
                )
            else:
                cert._move(action, reason=self._reason(kind) if kind else None, note="Test")
            html = self.page(f"/certificate/{cert.token}").text
            self.assertIn(f'data-status="{expected}"', html, action)
            self.assertIn("This certificate is NOT valid.", html, action)
            self.assertNotIn("This certificate is valid.", html, action)
            self.assertIs(self.page(f"/certificate/{cert.token}/json").json()["valid"], False)
        # still marked valid after its expiry date (the daily job has not run yet): expired in public
        self.cert._workflow_sudo_write({"expiry_date": date(2020, 1, 1)})
        html = self.page(f"/certificate/{self.cert.token}").text
        self.assertIn('data-status="expired"', html)

    def test_unknown_and_draft_tokens(self):
        draft = self.env["cert.certificate"].create({"application_id": self.app_a.id})
        self.page(f"/certificate/{draft.token}", status=404)
        self.page(f"/certificate/{draft.token}/json", status=404)
        self.page("/certificate/not-a-token", status=404)

    def test_verify_form(self):
        form = self.page("/certificate/verify").text
        self.assertIn('name="number"', form)
        self.assertIn('name="name"', form)
        # both fields are required: no look-up with one
        self.assertIn("Give both", self.verify(self.cert.name, "", 400).text)
        self.assertIn("Give both", self.verify("", self.holder, 400).text)
        # the right number and name lead to the certificate (the Chinese name alone is enough)
        chinese = self.holder.split(" (")[0]
        response = self.verify(self.cert.name, chinese, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/certificate/{self.cert.token}"))

    def test_enumeration_gives_nothing_away(self):
        def normalised(response):
            return re.sub(r'value="[^"]*"', "", response.text)

        wrong_name = self.verify(self.cert.name, "Another Company Ltd.", 404)
        no_number = self.verify("CB-SAS-2099-99999", "Another Company Ltd.", 404)
        self.assertEqual(normalised(wrong_name), normalised(no_number))
        for response in (wrong_name, no_number):
            self.assertNotIn(self.holder, response.text)
            self.assertNotIn(self.cert.token, response.text)
        # a draft's number is not a certificate either
        draft = self.env["cert.certificate"].create({"application_id": self.app_a.id})
        self.assertIsNone(self.env["cert.certificate"]._public_facts(number=draft.name or "x"))

    def test_rate_limit(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("cert_portal.verify_max_failures", "3")
        self.env["cert.portal.verify.failure"].sudo().search([]).unlink()
        for _attempt in range(3):
            self.verify("CB-SAS-2099-99999", "Nobody", 404)
        self.assertEqual(self.env["cert.portal.verify.failure"].sudo().search_count([]), 3)
        blocked = self.verify(self.cert.name, self.holder, 429)  # even the right answer waits now
        self.assertGreater(int(blocked.headers["Retry-After"]), 0)
        self.assertLessEqual(int(blocked.headers["Retry-After"]), 600)
        # successful look-ups and the certificate pages themselves are never counted
        params.set_param("cert_portal.verify_max_failures", "20")
        self.verify(self.cert.name, self.holder, 303)
        self.page(f"/certificate/{self.cert.token}")
        self.assertEqual(self.env["cert.portal.verify.failure"].sudo().search_count([]), 3)

    def _bulk_certificates(self, count, prefix, cycles=0):
        """``count`` more issued certificates, inserted in SQL (the pages must not care how many exist)."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'cert_certificate' "
            "AND column_name NOT IN ('id', 'name', 'token', 'cycle')"
        )
        columns = ", ".join(f'"{row[0]}"' for row in self.env.cr.fetchall())
        # each in a cycle of its own: a client holds one certificate in force per scheme and cycle
        self.env.cr.execute(
            f"""INSERT INTO cert_certificate (name, token, cycle, {columns})
                SELECT %s || g, %s || g, %s + g, {columns}
                  FROM cert_certificate, generate_series(1, %s) g WHERE id = %s""",  # noqa: S608 (columns from the catalogue)
            [f"BULK-{prefix}-", f"bulk-token-{prefix}-", cycles, count, self.cert.id],
        )

    def _queries(self, url):
        self.authenticate(None, None)
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.url_open(url)
        return self.cr.sql_log_count - before

    def test_constant_queries(self):
        self._bulk_certificates(10, "a", cycles=10)
        page, document = f"/certificate/{self.cert.token}", f"/certificate/{self.cert.token}/json"
        self.url_open(page)  # warm the caches (routing, translations, templates)
        self.url_open(document)
        small = self._queries(page), self._queries(document)
        self._bulk_certificates(1990, "b", cycles=100)
        large = self._queries(page), self._queries(document)
        self.assertEqual(small, large)
        with self.assertQueryCount(2):
            self.url_open(page)
        with self.assertQueryCount(2):
            self.url_open(document)

    def test_conditional_requests_read_one_row(self):
        page, document = f"/certificate/{self.cert.token}", f"/certificate/{self.cert.token}/json"
        self.authenticate(None, None)
        etags = {url: self.url_open(url).headers["ETag"] for url in (page, document)}
        self.assertNotEqual(etags[page], etags[document])  # two representations, two validators
        for url, etag in etags.items():
            self.env.flush_all()
            # Odoo's check of the public user, then the certificate's one row
            with self.assertQueryCount(2):
                response = self.url_open(url, headers={"If-None-Match": etag})
            self.assertEqual(response.status_code, 304, url)
            self.assertFalse(response.content)
            self.assertEqual(response.headers["ETag"], etag)
        # the certification body's identity is a public fact too: a change gives a new validator
        self.env.company.cert_approval_number = "CNCA-R-2099-001"
        self.env.flush_all()
        self.assertEqual(self.url_open(page, headers={"If-None-Match": etags[page]}).status_code, 200)

    def test_anonymous_answers_set_no_cookie(self):
        self.authenticate(None, None)
        self.opener.cookies.clear()
        for url in (
            f"/certificate/{self.cert.token}",
            f"/certificate/{self.cert.token}/json",
            "/certificate/verify",
            f"/certificate/verify?number={self.cert.name}&name=Nobody",
            "/certificate/not-a-token",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertNotIn("Set-Cookie", response.headers, url)
            self.assertFalse(self.opener.cookies, url)
        response = self.url_open(f"/certificate/{self.cert.token}")
        self.assertIn("public", response.headers["Cache-Control"])

    def test_bilingual_whatever_the_installed_languages(self):
        """The test database has English only: the pages still say everything in Chinese and English."""
        self.assertNotIn("zh_CN", dict(self.env["res.lang"].get_installed()))
        company = self.env.company
        company.write({"name": "华衡认证有限公司", "cert_name_en": "Huaheng Certification Co., Ltd."})
        company.write({"cert_approval_number": "CNCA-R-2017-318", "cert_credit_code": "91110105MA01A2B3C4"})
        self.cert._move("action_cancel", reason=self._reason("cancellation"), note="Test")
        self.authenticate(None, None)
        for headers in ({}, {"Accept-Language": "en"}, {"Accept-Language": "zh-CN"}):
            html = self.url_open(f"/certificate/{self.cert.token}", headers=headers).text
            for text in (
                "注销",
                "Cancelled",
                "本证书无效",
                "This certificate is NOT valid.",
                "获证组织",
                "Certified organisation",
                "华衡认证有限公司",
                "Huaheng Certification Co., Ltd.",
                "CNCA-R-2017-318",
                "91110105MA01A2B3C4",
            ):
                self.assertIn(text, html, headers)
        data = self.page(f"/certificate/{self.cert.token}/json").json()
        self.assertEqual(data["status_label"], {"zh_CN": "注销", "en_US": "Cancelled"})
        self.assertEqual(
            data["issuing_body"]["name"], {"zh_CN": "华衡认证有限公司", "en_US": "Huaheng Certification Co., Ltd."}
        )
        self.assertEqual(data["issuing_body"]["approval_number"], "CNCA-R-2017-318")
        self.assertEqual(data["history"][-1]["to"], "cancelled")
        self.assertEqual(set(data["scheme"]), {"zh_CN", "en_US"})
        form = self.page("/certificate/verify").text
        for text in ("证书查询", "Verify a certificate", "华衡认证有限公司", "CNCA-R-2017-318"):
            self.assertIn(text, form)
