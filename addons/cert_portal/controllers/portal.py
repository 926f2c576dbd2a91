from typing import NamedTuple
from urllib.parse import urlsplit

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError
from odoo.exceptions import MissingError
from odoo.exceptions import UserError
from odoo.http import request

from ..models.cert_application import DOCUMENT_STATES


class Section(NamedTuple):
    """One kind of record the client follows: its model, what the list shows, its counter and pages."""

    model: str
    domain: list
    counter: str
    page_name: str
    order: str | None = None


#: /my/certification/<section> → Section
SECTIONS = {
    "applications": Section("cert.application", [], "cert_application_count", "cert_application"),
    "requests": Section("cert.document.request", [], "cert_request_count", "cert_request", "due_date desc, id desc"),
    "evidence": Section("cert.evidence", [], "cert_evidence_count", "cert_evidence", "application_id, folder_id, id"),
    "audits": Section("cert.audit", [("state", "!=", "draft")], "cert_audit_count", "cert_audit"),
    "findings": Section("cert.finding", [], "cert_finding_count", "cert_finding"),
    "certificates": Section(
        "cert.certificate", [("state", "!=", "draft")], "cert_certificate_count", "cert_certificate"
    ),
}
SECTION_URL = "/my/certification/<any(%s):section>" % ",".join(SECTIONS)


class CertCustomerPortal(CustomerPortal):
    """The client's certification pages in Odoo's portal: lists, detail pages with chatter, and actions.

    Reading goes through the record rules (the client's own records) or a record's ``access_token``;
    every POST is CSRF-checked (Odoo's default for ``type="http"``), needs a logged-in user and runs with
    that user's rights; the model methods it calls check again before anything runs as superuser.
    """

    # ------------------------------------------------------------------ home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for section in SECTIONS.values():
            if section.counter in counters:
                records = request.env[section.model]
                values[section.counter] = records.search_count(section.domain) if records.has_access("read") else 0
        if "cert_request_open_count" in counters:  # the alert: evidence still awaited from the client
            requests = request.env["cert.document.request"]
            open_requests = [("state", "=", "open")]
            values["cert_request_open_count"] = (
                requests.search_count(open_requests) if requests.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------ shared helpers
    def _cert_list(self, name, page):
        section = SECTIONS[name]
        records, url = request.env[section.model], f"/my/certification/{name}"
        if not records.has_access("read"):
            raise NotFound()
        total = records.search_count(section.domain)
        pager = portal_pager(url=url, total=total, page=page, step=self._items_per_page)
        records = records.search(
            section.domain, order=section.order, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session[f"my_{section.page_name}_history"] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({"records": records, "pager": pager, "page_name": section.page_name, "default_url": url})
        return request.render(f"cert_portal.portal_my_cert_{name}", values)

    def _cert_check(self, model, record_id, access_token=None):
        """The record as superuser once the current user may read it (rules) or holds its token; else 404.

        A record of another client and a record that does not exist give the same answer.
        """
        try:
            return self._document_check_access(model, record_id, access_token=access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    def _cert_page(self, name, record_id, access_token):
        section = SECTIONS[name]
        record_sudo = self._cert_check(section.model, record_id, access_token)
        values = self._prepare_portal_layout_values()
        # the outcome of an action is said once, on the page of the action only: any page drops it
        flash = request.session.pop("cert_portal_flash", None) or {}
        if flash.get("path") != request.httprequest.path:
            flash = {}
        values.update({"page_name": section.page_name, "record": record_sudo, "flash": flash})
        history = f"my_{section.page_name}_history"
        values = self._get_page_view_values(record_sudo, access_token, values, history, False)
        values.update(self._cert_page_values(record_sudo))
        return request.render(f"cert_portal.portal_{section.page_name}_page", values)

    def _cert_page_values(self, record_sudo):
        """Extra values per model for the detail pages."""
        if record_sudo._name == "cert.application":
            app = record_sudo
            user_app = app.with_env(request.env)
            return {
                # the client's own portal user completes the checklist of an application still in preparation
                "can_upload_documents": request.env.user._is_portal()
                and app.state in DOCUMENT_STATES
                and user_app.has_access("read"),
                "timeline": app._portal_timeline(),
                "next_steps": app._portal_next_steps(),
                "audits": app.audit_ids.filtered(lambda a: a.state != "draft"),
                "requests": request.env["cert.document.request"].sudo().search([("application_id", "=", app.id)]),
                "certificates": request.env["cert.certificate"]
                .sudo()
                .search([("application_id", "=", app.id), ("state", "!=", "draft")]),
            }
        # the page runs as superuser (after the check): what the visitor may do is asked as the visitor
        can_edit = record_sudo.with_env(request.env).permission_write if "permission_write" in record_sudo else False
        if record_sudo._name == "cert.evidence":
            return {"review_history": record_sudo._portal_review_history(), "can_edit": can_edit}
        if record_sudo._name == "cert.finding":
            user_record = record_sudo.with_env(request.env)
            return {"can_answer": request.env.user._is_portal() and user_record.has_access("read")}
        return {"can_edit": can_edit}

    def _cert_user_record(self, model, record_id):
        """The record with the logged-in user's own rights, for an action; 404 when it cannot be read."""
        record = request.env[model].browse(record_id).exists()
        if not record or not record.has_access("read"):
            raise NotFound()
        return record

    def _cert_answer(self, url, error=None, message=None):
        """JSON for the upload script (XHR) when refused; else back to the page, which shows the outcome.

        The outcome travels in the session, not the URL, so that nobody can make the page say something.
        """
        xhr = request.httprequest.headers.get("X-Requested-With") == "XMLHttpRequest"
        if xhr and error:
            return request.make_json_response({"error": error}, status=422)
        outcome = {"error": error} if error else {"message": message}
        request.session["cert_portal_flash"] = dict(outcome, path=urlsplit(url).path)
        if xhr:
            return request.make_json_response({"message": message, "redirect": url})
        return request.redirect(url)

    def _cert_run(self, url, action, message):
        """Run ``action()`` in a savepoint: on a refusal nothing it did is kept and the page shows why."""
        try:
            with request.env.cr.savepoint():
                action()
        except UserError as error:  # ValidationError and AccessError are UserErrors too
            return self._cert_answer(url, error=str(error.args[0]) if error.args else str(error))
        return self._cert_answer(url, message=message)

    @staticmethod
    def _cert_files():
        return [(f.filename, f.read()) for f in request.httprequest.files.getlist("files") if f.filename]

    # ------------------------------------------------------------------ lists and pages of every section
    @http.route([SECTION_URL, f"{SECTION_URL}/page/<int:page>"], type="http", auth="user", website=True)
    def cert_section_list(self, section, page=1, **kw):
        return self._cert_list(section, page)

    @http.route(f"{SECTION_URL}/<int:record_id>", type="http", auth="public", website=True)
    def cert_section_page(self, section, record_id, access_token=None, **kw):
        return self._cert_page(section, record_id, access_token)

    # ------------------------------------------------------------------ uploads (requests and evidence)
    @http.route(
        "/my/certification/<any(requests,evidence):section>/<int:record_id>/upload",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def cert_upload(self, section, record_id, comment=None, **kw):
        """One or several files: new evidence for a request, or new versions of an item (all or nothing)."""
        record = self._cert_user_record(SECTIONS[section].model, record_id)
        files = self._cert_files()
        if section == "requests":
            message = request.env._("%(count)s file(s) uploaded: the auditor has been told.", count=len(files))
        else:
            message = request.env._("%(count)s new version(s) uploaded.", count=len(files))
        return self._cert_run(record.access_url, lambda: record._portal_upload(files, comment), message)

    @http.route(
        "/my/certification/applications/<int:application_id>/documents/<int:document_id>/upload",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def cert_document_upload(self, application_id, document_id, comment=None, **kw):
        """The files of a missing checklist document (the application page lists them with this form)."""
        app = self._cert_user_record("cert.application", application_id)
        doc = app.document_ids.filtered(lambda d: d.id == document_id)
        if not doc:
            raise NotFound()
        files = self._cert_files()
        message = request.env._(
            "%(count)s file(s) uploaded for %(document)s.", count=len(files), document=doc._portal_name()
        )
        return self._cert_run(doc._portal_anchor_url(), lambda: doc._portal_upload(files, comment), message)

    # ------------------------------------------------------------------ evidence
    @http.route(
        "/my/certification/evidence/<int:evidence_id>/submit", type="http", auth="user", methods=["POST"], website=True
    )
    def cert_evidence_submit(self, evidence_id, **kw):
        item = self._cert_user_record("cert.evidence", evidence_id)
        return self._cert_run(item.access_url, item.action_submit, request.env._("Submitted for review."))

    @http.route(
        "/my/certification/evidence/<int:evidence_id>/versions/<int:version_id>",
        type="http",
        auth="public",
        website=True,
    )
    def cert_evidence_download(self, evidence_id, version_id, access_token=None, **kw):
        item_sudo = self._cert_check("cert.evidence", evidence_id, access_token)
        version = item_sudo.version_ids.filtered(lambda v: v.id == version_id)
        if not version:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(version.attachment_id)
        return stream.get_response(as_attachment=True)

    # ------------------------------------------------------------------ audits
    @http.route(
        "/my/certification/audits/<int:audit_id>/confirm", type="http", auth="user", methods=["POST"], website=True
    )
    def cert_audit_confirm(self, audit_id, **kw):
        audit = self._cert_user_record("cert.audit", audit_id)
        return self._cert_run(
            audit.access_url, audit._portal_confirm_dates, request.env._("Thank you: the audit dates are confirmed.")
        )

    @http.route(
        "/my/certification/audits/<int:audit_id>/propose", type="http", auth="user", methods=["POST"], website=True
    )
    def cert_audit_propose(self, audit_id, date_start=None, date_end=None, note=None, **kw):
        audit = self._cert_user_record("cert.audit", audit_id)
        return self._cert_run(
            audit.access_url,
            lambda: audit._portal_propose_dates(date_start, date_end, note),
            request.env._("Your proposal was sent to the programme manager, who will come back to you."),
        )

    # ------------------------------------------------------------------ findings
    @http.route(
        "/my/certification/findings/<int:finding_id>/answer", type="http", auth="user", methods=["POST"], website=True
    )
    def cert_finding_answer(self, finding_id, root_cause=None, correction=None, corrective_action=None, **kw):
        finding = self._cert_user_record("cert.finding", finding_id)
        return self._cert_run(
            finding.access_url,
            lambda: finding.action_portal_answer(root_cause, correction, corrective_action),
            request.env._("Thank you: the audit team will review your corrective action."),
        )

    # ------------------------------------------------------------------ certificates
    @http.route("/my/certification/certificates/<int:certificate_id>/pdf", type="http", auth="public", website=True)
    def cert_certificate_pdf(self, certificate_id, access_token=None, **kw):
        cert_sudo = self._cert_check("cert.certificate", certificate_id, access_token)
        if cert_sudo.state == "draft":
            raise NotFound()
        if not cert_sudo.pdf_attachment_id:
            cert_sudo._render_pdf()  # checked just above: the visitor may read this certificate
        stream = request.env["ir.binary"]._get_stream_from(cert_sudo.pdf_attachment_id)
        return stream.get_response(as_attachment=True)
