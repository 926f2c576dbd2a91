import re
from datetime import timedelta

from odoo import Command
from odoo.addons.cert_audit.tests.common import CertAuditCase
from odoo.addons.cert_audit.tests.issuing import issue_through_decision
from odoo.tests import HttpCase


class CertPortalCase(HttpCase, CertAuditCase):
    """Two clients, each with a portal user, a contracted application, a planned audit, an open document
    request and an evidence item with one version; helpers to browse and post as a client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.name = "Client B Logistics Secret-Name Co."
        cls.audit_a = cls._planned_audit(cls.app_a, cls.lead, cls.monday + timedelta(hours=1))
        cls.audit_b = cls._planned_audit(cls.app_b, cls.auditor_d, cls.monday + timedelta(days=7, hours=1))
        cls.request_a = cls._open_request(cls.app_a, "Customer call-back records, 30 samples")
        cls.request_b = cls._open_request(cls.app_b, "Secret-Request of client B")
        cls.item_a = cls._evidence(cls.app_a, "Service manual of A", cls.user_portal_a)
        cls.item_b = cls._evidence(cls.app_b, "Secret-Evidence of client B", cls.user_portal_b)

    @classmethod
    def _planned_audit(cls, app, lead, start):
        audit = cls.env["cert.audit"].create(
            {
                "application_id": app.id,
                "audit_type": "initial",
                "date_start": start,
                "date_end": start + timedelta(hours=8),
                "user_id": cls.user_officer.id,
                "member_ids": [Command.create({"auditor_id": lead.id, "role": "lead"})],
            }
        )
        audit.action_plan()
        return audit

    @classmethod
    def _open_request(cls, app, description):
        return (
            cls.env["cert.document.request"]
            .with_user(cls.user_manager)
            .create(
                {
                    "application_id": app.id,
                    "description": description,
                    "due_date": "2031-03-20",
                    "requested_by_id": cls.user_manager.id,
                }
            )
        )

    @classmethod
    def _evidence(cls, app, name, owner):
        """An item the client's user uploaded (owners add versions to their items; the CB's are read-only)."""
        item = (
            cls.env["cert.evidence"]
            .with_user(cls.user_manager)
            .create({"name": name, "folder_id": app.evidence_folder_id.id, "owner_id": owner.id})
        )
        item._cert_add_version(b"first version\n", "manual.txt")
        return item

    # ------------------------------------------------------------------ HTTP helpers
    def login(self, user):
        self.authenticate(user.login, user.login)

    def get_page(self, url, status=200):
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, url)
        return response

    def csrf(self, url):
        """The CSRF token of a page's form (as the browser would post it)."""
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.get_page(url).text)
        self.assertTrue(found, f"no form with a CSRF token on {url}")
        return found.group(1)

    def post(self, url, data=None, files=None, token_from=None, xhr=False):
        data = dict(data or {"submit": "1"})  # a POST, even without fields
        if token_from:
            data["csrf_token"] = self.csrf(token_from)
        headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
        return self.url_open(url, data=data, files=files, headers=headers, allow_redirects=False)

    # ------------------------------------------------------------------ certificates and findings
    @classmethod
    def _issued_certificate(cls, app, level_xmlid="cert_service.gbt_level_5star"):
        """An issued certificate of ``app``, through its grant decision as users issue it."""
        cert = issue_through_decision(
            cls.env, app, cls.env.ref(level_xmlid), cls.user_officer, scope="After-sales service"
        )
        return cert.with_env(cls.env)

    @classmethod
    def _audit_in_progress(cls, app, lead, start):
        audit = cls._planned_audit(app, lead, start)
        audit.action_client_confirm()
        audit.action_start()
        return audit

    @classmethod
    def _finding(cls, audit, description):
        return cls.env["cert.finding"].create({"audit_id": audit.id, "severity": "minor", "description": description})
