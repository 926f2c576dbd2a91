from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..lib import verification

#: anonymous answers that any cache may keep: no session, so no cookie (``save_session=False``)
PUBLIC_ROUTE = {"type": "http", "auth": "public", "methods": ["GET"], "readonly": True, "sitemap": False}
CACHE_HEADERS = [("Cache-Control", "public, max-age=60"), ("Vary", "Accept-Encoding")]


class CertificateVerification(http.Controller):
    """Public certificate verification, for anyone (a tender committee): anonymous, read-only routes.

    The pages print Chinese and English together, as the certificate does, whatever languages the
    database has. No session is saved nor any cookie set, so that shared caches keep the answers and a
    visitor leaves no session behind. ``readonly=True``: Odoo 18 serves them from a read replica
    (``db_replica_host``) when one is set; the only write, counting a failed look-up for the rate limit,
    makes Odoo retry the request on the primary. A certificate's page and JSON cost one query whatever
    the data, and a conditional request (``If-None-Match``) answers 304 from the same one-row query.
    """

    def _facts(self, token, signing=False):
        facts = request.env["cert.certificate"]._public_facts(token=token, signing=signing)
        if not facts:
            raise NotFound()
        return facts

    @staticmethod
    def _not_modified(etag, headers):
        # If-None-Match compares weakly (RFC 9110 §13.1.2): the JSON's validator is a weak one
        if request.httprequest.if_none_match.contains_weak(etag):
            return request.make_response("", headers=headers, status=304)
        return None

    @http.route("/certificate/verify", save_session=False, **PUBLIC_ROUTE)
    def certificate_verify(self, number=None, name=None, **kw):
        """The form: number and organisation name, both required. One answer for every failure."""
        number, name = (number or "").strip(), (name or "").strip()
        values = {"number": number, "name": name, "error": None}
        if "number" not in request.params and "name" not in request.params:
            return request.render("cert_portal.certificate_verify_page", values)
        if not number or not name:
            values["error"] = "missing"
            return request.render("cert_portal.certificate_verify_page", values, status=400)
        failures = request.env["cert.portal.verify.failure"]
        ip = request.httprequest.remote_addr or "unknown"
        wait = failures._retry_after(ip)
        if wait:
            values["error"] = "too_many"
            response = request.render("cert_portal.certificate_verify_page", values, status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        facts = request.env["cert.certificate"]._public_facts(number=number)
        if facts and request.env["cert.certificate"]._public_name_matches(name, facts["organisation"]):
            return request.redirect(verification.page_path(facts["token"]), code=303)
        # wrong name and unknown number: the same answer, the same count
        failures._record(ip)
        values["error"] = "no_match"
        return request.render("cert_portal.certificate_verify_page", values, status=404)

    @http.route("/certificate/<string:token>", save_session=False, **PUBLIC_ROUTE)
    def certificate_public(self, token, **kw):
        facts = self._facts(token)
        etag = request.env["cert.certificate"]._public_etag(facts, "page")
        headers = [*CACHE_HEADERS, ("ETag", f'"{etag}"')]
        not_modified = self._not_modified(etag, headers)
        if not_modified:
            return not_modified
        # a minimal rendering context: the page needs its facts only, not the visitor's user and company
        qweb = request.env["ir.qweb"].with_context(minimal_qcontext=True)
        html = qweb._render("cert_portal.certificate_public_page", {"cert": facts})
        return request.make_response(html, headers=[("Content-Type", "text/html; charset=utf-8"), *headers])

    @http.route("/certificate/<string:token>/json", save_session=False, **PUBLIC_ROUTE)
    def certificate_public_json(self, token, **kw):
        """The public facts as JSON, with a ``signature`` member: a detached JWS of the rest of the answer
        (see the addon's README and ``lib/signed_answer.py``), signed with the active key, read with the facts.

        The ETag is weak: two answers of the same facts signed with the same key at different times are the
        same answer; a cache revalidating its copy keeps a signature that still verifies, and its signing
        time says when the certification body gave it.
        """
        certificates = request.env["cert.certificate"]
        facts = self._facts(token, signing=True)
        etag = certificates._public_etag(facts, "json")
        headers = [("Access-Control-Allow-Origin", "*"), *CACHE_HEADERS, ("ETag", f'W/"{etag}"')]
        not_modified = self._not_modified(etag, headers)
        if not_modified:
            return not_modified
        # the body's own address (web.base.url, cached), never the request's Host header: the answer is a
        # signed statement, and a caller must not choose the site it sends the reader to
        document = certificates._public_json(facts, certificates.get_base_url().rstrip("/"))
        document = request.env["cert.portal.signing.key"]._sign_answer(document, facts)
        return request.make_json_response(document, headers=headers)

    @http.route("/.well-known/jwks.json", save_session=False, **PUBLIC_ROUTE)
    def signing_keys(self, **kw):
        """The certification body's answer signing keys (RFC 7517 JWK set), active and retired, each with its
        validity (``nbf``/``exp``): the keys with which anyone checks a signed answer, old ones included."""
        jwks = request.env["cert.portal.signing.key"]._published_keys()
        etag = verification.etag("jwks", jwks)
        headers = [("Access-Control-Allow-Origin", "*"), *CACHE_HEADERS, ("ETag", f'"{etag}"')]
        not_modified = self._not_modified(etag, headers)
        if not_modified:
            return not_modified
        return request.make_json_response(
            jwks, headers=[("Content-Type", "application/jwk-set+json; charset=utf-8"), *headers]
        )
