from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class CertificateVerification(http.Controller):
    """Public certificate verification, for anyone (a tender committee): anonymous, read-only routes.

    ``readonly=True``: Odoo 18 serves them from a read replica (``db_replica_host``) when one is set;
    the only write, counting a failed look-up for the rate limit, makes Odoo retry the request on the
    primary. Each page costs a constant handful of queries (one for the certificate), whatever the data.
    """

    def _set_lang(self):
        """The visitor's language: ``?lang=``, the site's language cookie, then the browser's (Chinese first
        when it asks for it); the installed languages only (cached: no query)."""
        wanted = [request.params.get("lang"), request.httprequest.cookies.get("frontend_lang")]
        wanted += [code.replace("-", "_") for code in request.httprequest.accept_languages.values()]
        for code in wanted:
            nearest = request.env["ir.http"].get_nearest_lang(code)
            if nearest:
                request.update_context(lang=nearest)
                return nearest
        return None

    def _facts(self, token):
        facts = request.env["cert.certificate"]._public_facts(token=token)
        if not facts:
            raise NotFound()
        return facts

    @http.route("/certificate/verify", type="http", auth="public", methods=["GET"], readonly=True, sitemap=False)
    def certificate_verify(self, number=None, name=None, **kw):
        """The form: number and organisation name, both required. One answer for every failure."""
        self._set_lang()
        number, name = (number or "").strip(), (name or "").strip()
        values = {"number": number, "name": name, "error": None}
        if "number" not in request.params and "name" not in request.params:
            return request.render("cert_portal.certificate_verify_page", values)
        if not number or not name:
            values["error"] = request.env._("Give both the certificate number and the organisation name.")
            return request.render("cert_portal.certificate_verify_page", values, status=400)
        failures = request.env["cert.portal.verify.failure"]
        ip = request.httprequest.remote_addr or "unknown"
        wait = failures._retry_after(ip)
        if wait:
            values["error"] = request.env._("Too many unsuccessful look-ups from your address: try again later.")
            response = request.render("cert_portal.certificate_verify_page", values, status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        facts = request.env["cert.certificate"]._public_facts(number=number)
        if facts and request.env["cert.certificate"]._public_name_matches(name, facts["organisation"]):
            lang = request.params.get("lang")
            suffix = f"?lang={lang}" if lang and lang == request.env.lang else ""
            return request.redirect(f"/certificate/{facts['token']}{suffix}", code=303)
        # wrong name and unknown number: the same answer, the same count
        failures._record(ip)
        values["error"] = request.env._(
            "No certificate matches this number and organisation name. Check both as printed on the certificate."
        )
        return request.render("cert_portal.certificate_verify_page", values, status=404)

    @http.route(
        "/certificate/<string:token>", type="http", auth="public", methods=["GET"], readonly=True, sitemap=False
    )
    def certificate_public(self, token, **kw):
        self._set_lang()
        return request.render("cert_portal.certificate_public_page", {"cert": self._facts(token)})

    @http.route(
        "/certificate/<string:token>/json", type="http", auth="public", methods=["GET"], readonly=True, sitemap=False
    )
    def certificate_public_json(self, token, **kw):
        self._set_lang()
        certificates = request.env["cert.certificate"]
        document = certificates._public_json(self._facts(token), request.httprequest.host_url.rstrip("/"))
        etag = certificates._public_etag(document)
        headers = [
            ("Access-Control-Allow-Origin", "*"),
            ("Cache-Control", "public, max-age=60"),
            ("ETag", f'"{etag}"'),
        ]
        if request.httprequest.if_none_match.contains(etag):
            return request.make_response("", headers=headers, status=304)
        return request.make_json_response(document, headers=headers)
