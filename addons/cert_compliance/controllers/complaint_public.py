from odoo import http
from odoo.addons.cert_portal.controllers.verification import CertificateVerification
from odoo.http import request

from ..lib import complaints


class CertificateComplaint(http.Controller):
    """ "Report a problem with this certificate", from the public verification page: anyone, no account.

    The complainant's contact is stored on the case only (no partner, no user). Each submission counts
    against a per-IP limit kept in PostgreSQL. The answer names the case reference and nothing else: the
    public pages never show a complaint.
    """

    def _facts(self, token):
        return CertificateVerification._facts(self, token)

    def _error_messages(self, errors):
        messages = {
            "name_missing": request.env._("Give your name."),
            "name_long": request.env._("Your name is too long."),
            "contact_missing": request.env._("Give an email address or a phone number, so that we can answer you."),
            "email_invalid": request.env._("The email address is not valid."),
            "phone_long": request.env._("The phone number is too long."),
            "description_missing": request.env._("Describe the problem."),
            "description_long": request.env._("The description is too long (5000 characters at most)."),
        }
        return [messages[key] for key in errors]

    @http.route(
        "/certificate/<string:token>/complaint",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
        sitemap=False,
    )
    def certificate_complaint_form(self, token, **kw):
        facts = self._facts(token)
        return request.render("cert_compliance.certificate_complaint_page", {"cert": facts, "values": {}, "errors": []})

    @http.route(
        "/certificate/<string:token>/complaint",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def certificate_complaint_submit(self, token, name=None, email=None, phone=None, description=None, **kw):
        facts = self._facts(token)
        submissions = request.env["cert.complaint.submission"]
        ip = request.httprequest.remote_addr or "unknown"
        wait = submissions._retry_after(ip)
        values, errors = complaints.clean_contact(name, email, phone, description)
        page = {"cert": facts, "values": values, "errors": []}
        if wait:
            page["errors"] = [request.env._("Too many reports from your address: try again later.")]
            response = request.render("cert_compliance.certificate_complaint_page", page, status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        submissions._record(ip)
        if errors:
            page["errors"] = self._error_messages(errors)
            return request.render("cert_compliance.certificate_complaint_page", page, status=400)
        Complaint = request.env["cert.complaint"]
        # sudo: an anonymous visitor files a complaint about the issued certificate found by its public token,
        # within the rate limit, with checked input; the case's keys (source, certificate) are set here
        case = (
            Complaint.sudo()
            ._workflow_unlocked()
            .create(
                {
                    "kind": "complaint",
                    "source": "public",
                    "certificate_id": facts["id"],
                    "subject": request.env._("Problem reported with certificate %s", facts["number"]),
                    "description": values["description"],
                    "complainant_name": values["name"],
                    "complainant_email": values["email"],
                    "complainant_phone": values["phone"],
                    "lang": request.env.lang,
                    "user_id": False,
                }
            )
        )
        return request.render("cert_compliance.certificate_complaint_thanks", {"cert": facts, "reference": case.name})
