from odoo import http
from odoo.addons.cert_portal.controllers.portal import CertCustomerPortal
from odoo.http import request


class CertSurveyPortal(CertCustomerPortal):
    """The client's upload of its service orders of the period, from the page of its audit."""

    @http.route(
        "/my/certification/audits/<int:audit_id>/service-orders",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def cert_audit_service_orders(self, audit_id, **kw):
        audit = self._cert_user_record("cert.audit", audit_id)  # 404 for another client's audit
        files = self._cert_files()
        return self._cert_run(
            audit.access_url,
            lambda: audit._portal_import_service_orders(files),
            request.env._("Thank you: your service orders were received; the auditors draw the call-back sample."),
        )
