from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request

from ..lib import complaints


class CertComplaintPortal(CustomerPortal):
    """The client's complaints in the portal: the cases they filed, and a form to file one.

    The list goes through the record rule (cases whose complainant is the user); the form checks that the
    certificate named is one the user may read, then files the case as superuser.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cert_complaint_count" in counters:
            cases = request.env["cert.complaint"]
            values["cert_complaint_count"] = cases.search_count([]) if cases.has_access("read") else 0
        return values

    def _complaint_page(self, values=None, errors=None, message=None, status=200):
        page = self._prepare_portal_layout_values()
        cases = request.env["cert.complaint"]
        certificates = request.env["cert.certificate"]
        page.update(
            {
                "page_name": "cert_complaint",
                "cases": cases.search([]) if cases.has_access("read") else cases,
                "certificates": certificates.search([("state", "!=", "draft")])
                if certificates.has_access("read")
                else certificates,
                "values": values or {},
                "errors": errors or [],
                "message": message,
            }
        )
        return request.render("cert_compliance.portal_my_cert_complaints", page, status=status)

    @http.route("/my/certification/complaints", type="http", auth="user", website=True, methods=["GET"])
    def cert_complaints(self, **kw):
        return self._complaint_page(message=kw.get("message"))

    @http.route("/my/certification/complaints", type="http", auth="user", website=True, methods=["POST"])
    def cert_complaint_submit(self, subject=None, description=None, certificate_id=None, phone=None, **kw):
        user = request.env.user
        values, errors = complaints.clean_contact(user.name, user.email, phone or user.phone, description)
        messages = []
        if "description_missing" in errors:
            messages.append(request.env._("Describe the problem."))
        if "description_long" in errors:
            messages.append(request.env._("The description is too long (5000 characters at most)."))
        if "contact_missing" in errors or "email_invalid" in errors:
            messages.append(request.env._("Give a phone number: your account has no valid email address."))
        subject = (subject or "").strip()[:200]
        if not subject:
            messages.append(request.env._("Give a subject."))
        certificate = request.env["cert.certificate"]
        if certificate_id:
            try:
                certificate = certificate.search([("id", "=", int(certificate_id))])
            except ValueError:
                certificate = certificate.browse()
            if not certificate:
                messages.append(request.env._("Choose one of your certificates."))
        if messages:
            return self._complaint_page(dict(values, subject=subject), messages, status=400)
        # sudo: the user is logged in, the certificate (if any) is one their rules let them read; the keys
        # (source, complainant, client) are set here from the user, never from the form
        request.env["cert.complaint"].sudo()._workflow_unlocked().create(
            {
                "kind": "complaint",
                "source": "portal",
                "subject": subject,
                "description": values["description"],
                "certificate_id": certificate.id,
                "partner_id": certificate.partner_id.commercial_partner_id.id or user.commercial_partner_id.id,
                "complainant_name": user.name,
                "complainant_email": values["email"],
                "complainant_phone": values["phone"],
                "complainant_partner_id": user.partner_id.id,
                "lang": request.env.lang,
                "user_id": False,
            }
        )
        return request.redirect("/my/certification/complaints?message=sent", code=303)
