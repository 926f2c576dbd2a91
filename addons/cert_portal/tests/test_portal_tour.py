import base64
import pathlib

from werkzeug.urls import url_join

from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser
from odoo.tests.common import HttpCase

#: git-ignored; the README shows copies kept in static/description/
#: the page is complete: home counters shown, chatter messages rendered (in its shadow root)
SETTLED = """new Promise((ok) => {
    const settled = () => document.readyState === "complete"
        && !document.querySelector(".o_portal_doc_spinner")
        && (!document.querySelector(".o_portal_chatter")
            || document.querySelector("#chatterRoot")?.shadowRoot?.querySelector(".o-mail-Thread"));
    const poll = () => (settled() ? setTimeout(() => ok(true), 300) : setTimeout(poll, 100));
    poll();
})"""
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[3] / ".local" / "screenshots"


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    """The demo client in headless Chromium (request, audit dates, finding, certificate), and the screenshots."""

    def screenshot(self, url, name, login=None):
        """Save a PNG of ``url`` (the whole page) as ``login`` under .local/screenshots/."""
        browser = ChromeBrowser(self)
        try:
            self.authenticate(login, login, browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser.navigate_to(url_join(self.base_url(), url), wait_stop=True)
            # loaded, and the counters and the chatter fetched (stopping earlier logs their aborted requests)
            self.assertTrue(browser._wait_ready(SETTLED))
            metrics = browser._websocket_send("Page.getLayoutMetrics", with_future=True).result(timeout=30)
            size = metrics["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400), "scale": 1}
            shot = browser._websocket_send(
                "Page.captureScreenshot", params={"clip": clip, "captureBeyondViewport": True}, with_future=True
            ).result(timeout=30)
        finally:
            browser.stop()
            self._wait_remaining_requests()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def test_client_tour(self):
        shunan = self.env.ref("cert_audit.application_demo_shunan", raise_if_not_found=False)
        if not shunan or not self.env.ref("cert_portal.user_demo_portal_shunan", raise_if_not_found=False):
            self.skipTest("needs the demo data")
        audit = self.env.ref("cert_audit.audit_demo_shunan_initial")
        request = self.env.ref("cert_portal.request_demo_shunan_open")
        self.assertEqual(audit.state, "planned")
        self.screenshot("/my/home", "portal_home", login="client.shunan")
        self.screenshot(shunan.access_url, "application_timeline", login="client.shunan")
        self.start_tour("/web/login", "cert_portal_client_tour")  # the tour logs in through the form
        self.assertEqual(audit.state, "confirmed")
        self.assertEqual(audit.confirmed_by_id.login, "client.shunan")
        self.assertEqual(request.state, "fulfilled")
        self.assertEqual(request.evidence_ids.file_name, "callbacks_2024.csv")
        self.assertFalse(self.env["cert.evidence"].search([("name", "=", "callbacks.exe")]))
        finding = self.env.ref("cert_audit.finding_demo_shunan_open")
        self.assertEqual(finding.state, "action_proposed")
        self.assertIn("called back", finding.correction)

    def test_public_verification_screenshots(self):
        shunan = self.env.ref("cert_audit.application_demo_shunan", raise_if_not_found=False)
        cert = self.env["cert.certificate"].search([("application_id", "=", shunan.id)], limit=1) if shunan else None
        if not cert:
            self.skipTest("needs the demo data")
        self.assertEqual(cert.state, "valid")
        self.screenshot(f"/certificate/{cert.token}", "verification_valid")
        self.screenshot("/certificate/verify", "verification_form")
        # the same certificate suspended (rolled back with the test)
        reason = self.env["cert.certificate.reason"].search([("kind", "=", "suspension")], limit=1)
        cert._move("action_suspend", reason=reason, note="核实中的重大投诉 (a serious complaint under investigation)")
        self.screenshot(f"/certificate/{cert.token}", "verification_suspended")
