from odoo import http
from odoo.http import request

#: an anonymous page: no session saved, so no cookie
PUBLIC = {"type": "http", "auth": "public", "sitemap": False, "save_session": False}
NO_STORE = [("Cache-Control", "no-store")]
TEMPLATE = "cert_esign.certificate_check_page"


class CertificateCheck(http.Controller):
    """ "Check a PDF you received": anyone uploads a certificate PDF and reads, in Chinese and English, each
    check passed or failed and one verdict. The file is read in memory and forgotten: no attachment, no
    filestore, no log of its content; only the client IP and the time are counted for the rate limit."""

    def _render(self, values, status=200):
        values = dict(values, issuing_body=request.env["cert.certificate"]._public_issuing_body())
        response = request.render(TEMPLATE, values, status=status, headers=NO_STORE)
        return response

    @http.route("/certificate/check", methods=["GET"], readonly=True, **PUBLIC)
    def certificate_check_form(self, **kw):
        checks = request.env["cert.esign.check"]
        return self._render({"answer": None, "error": None, "max_mb": checks._max_bytes() / 1048576})

    # no CSRF token: the visitor has no session to hold one, and the answer changes nothing but the count
    @http.route("/certificate/check", methods=["POST"], csrf=False, **PUBLIC)
    def certificate_check(self, **kw):
        checks = request.env["cert.esign.check"]
        limit = checks._max_bytes()
        values = {"answer": None, "error": None, "max_mb": limit / 1048576}
        ip = request.httprequest.remote_addr or "unknown"
        wait = checks._retry_after(ip)
        if wait:
            values["error"] = "too_many"
            response = self._render(values, status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        checks._record(ip)
        # refused before the body is read when the request says it is too large; else read up to the limit
        length = request.httprequest.content_length or 0
        if length > limit + 64 * 1024:
            values["error"] = "too_large"
            return self._render(values, status=413)
        upload = request.httprequest.files.get("pdf")
        if not upload:
            values["error"] = "missing"
            return self._render(values, status=400)
        data = upload.stream.read(limit + 1)
        upload.close()
        if len(data) > limit:
            values["error"] = "too_large"
            return self._render(values, status=413)
        answer = checks._check_pdf(data)
        del data
        values["answer"] = answer
        return self._render(values, status=400 if answer["verdict"] == "not_pdf" else 200)
