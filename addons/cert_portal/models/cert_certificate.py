from odoo import api
from odoo import fields
from odoo import models

from ..lib import verification
from .cert_portal_signing_key import ACTIVE_KEY_COLUMNS
from .cert_portal_signing_key import ACTIVE_KEY_JOIN

# Everything the public page and the JSON say, in ONE query returning one row whatever the number of
# certificates, sites or status changes (indexed look-up by token or number). Translated columns come
# whole (every language): the pages are bilingual whatever the reader's language. The ETag is a digest of
# this row, so that a conditional request costs this one query.
_PUBLIC_QUERY = """
    SELECT c.id, c.name AS number, c.state, c.state_date, c.partner_name AS organisation,
           c.partner_address AS address, c.credit_code, c.standard, c.issue_date, c.expiry_date, c.token,
           c.surveillance_due, c.surveillance_window_start, c.surveillance_window_end, c.stars,
           c.scope AS scope_names, s.name AS scheme_names, l.name AS level_names,
           co.name AS cb_name, co.cert_name_en AS cb_name_en, co.cert_approval_number AS cb_approval_number,
           cp.unified_social_credit_code AS cb_credit_code, cp.street AS cb_street, cp.street2 AS cb_street2,
           cp.city AS cb_city, cp.zip AS cb_zip, cp.website AS cb_website{signing_columns},
           (SELECT json_agg(json_build_object('name', site.name, 'city', site.city) ORDER BY site.sequence, site.id)
              FROM cert_certificate_cert_site_rel rel JOIN cert_site site ON site.id = rel.cert_site_id
             WHERE rel.cert_certificate_id = c.id) AS sites,
           (SELECT json_agg(json_build_object(
                       'date', h.date, 'from', h.from_state, 'to', h.to_state, 'reason', r.name)
                       ORDER BY h.date, h.id)
              FROM cert_certificate_status h LEFT JOIN cert_certificate_reason r ON r.id = h.reason_id
             WHERE h.certificate_id = c.id) AS history
      FROM cert_certificate c
      JOIN cert_scheme s ON s.id = c.scheme_id
      JOIN res_company co ON co.id = c.company_id
      JOIN res_partner cp ON cp.id = co.partner_id
 LEFT JOIN cert_level l ON l.id = c.level_id{signing_join}
     WHERE c.state != 'draft' AND {where}
     LIMIT 1
"""
#: the day the public status is judged on, where the certification body works
PUBLIC_TZ = "Asia/Shanghai"


class CertCertificate(models.Model):
    _name = "cert.certificate"
    _inherit = ["cert.certificate", "cert.portal.page.mixin"]
    _portal_section = "certificates"

    def init(self):  # pylint: disable=missing-return
        super().init()
        # the public look-up by number (the verification form); the token has its unique index
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS cert_certificate_name_idx ON cert_certificate (name)")

    def _compute_verification_url(self):
        """Its public verification page, which the QR code of its PDF points to."""
        for cert in self:
            page = verification.page_path(cert.token) if cert.token else False
            cert.verification_url = page and cert.get_base_url().rstrip("/") + page

    # ------------------------------------------------------------------ public facts
    @api.model
    def _public_facts(self, token=None, number=None, signing=False):
        """The public facts of an issued certificate found by its token or its number, or None (one query).

        Read straight from the tables: the visitor is anonymous and the page must not grow with the data.
        Names are {"zh_CN": …, "en_US": …}: the public pages print both languages, as the certificate does.

        :param signing: also read the active answer signing key (``signing_kid``, and ``signing_secret``, its
            private half, which ``_public_etag`` leaves out) in the same query, for the signed JSON answer
        """
        where, value = ("c.token = %(value)s", token) if token else ("c.name = %(value)s", number)
        if not value:
            return None
        query = _PUBLIC_QUERY.format(
            where=where,
            signing_columns=ACTIVE_KEY_COLUMNS if signing else "",
            signing_join=ACTIVE_KEY_JOIN if signing else "",
        )
        self.env.cr.execute(query, {"value": value})
        row = self.env.cr.dictfetchone()
        if not row:
            return None
        today = fields.Date.context_today(self.with_context(tz=PUBLIC_TZ))
        status = verification.public_status(row["state"], row["expiry_date"], today)
        history = [
            dict(
                h,
                date=fields.Date.to_date(h["date"]),
                from_label=verification.status_label(h["from"]) if h["from"] else None,
                to_label=verification.status_label(h["to"]),
                reason=verification.bilingual(h["reason"]) if h["reason"] else None,
            )
            for h in row["history"] or []
        ]
        row.update(
            status=status,
            status_label=verification.status_label(status),
            status_colour=verification.STATUS_COLOURS.get(status, "secondary"),
            is_valid=status in verification.VALID_STATES,
            status_since=row["expiry_date"] if status != row["state"] else row["state_date"],
            scheme=verification.bilingual(row["scheme_names"]),
            level=verification.bilingual(row["level_names"]) if row["level_names"] else None,
            scope=verification.bilingual(row["scope_names"]) if row["scope_names"] else None,
            sites=row["sites"] or [],
            history=history,
            issuing_body=self._public_body(
                row["cb_name"],
                row["cb_name_en"],
                row["cb_approval_number"],
                row["cb_credit_code"],
                [row["cb_city"], row["cb_street"], row["cb_street2"], row["cb_zip"]],
                row["cb_website"],
            ),
        )
        return row

    @api.model
    def _public_body(self, name, name_en, approval_number, credit_code, address_parts, website):
        """The certification body as the public pages name it (its company's identity, set in Settings)."""
        city, street, street2, zip_code = address_parts
        # a Chinese address: city then street, the postcode last
        address = " ".join(filter(None, ["".join(filter(None, [city, street, street2])), zip_code]))
        return {
            "name": {"zh_CN": name, "en_US": name_en or name},
            "approval_number": approval_number or None,
            "credit_code": credit_code or None,
            "address": address or None,
            "website": website or None,
        }

    @api.model
    def _public_issuing_body(self):
        """The identity of the visitor's site's certification body, for the pages without a certificate."""
        company = self.env.company.sudo()  # sudo: public identity of the company, read-only, no record data
        return self._public_body(
            company.name,
            company.cert_name_en,
            company.cert_approval_number,
            company.cert_credit_code,
            [company.city, company.street, company.street2, company.zip],
            company.website,
        )

    @api.model
    def _public_etag(self, facts, kind):
        """The ETag of one representation (``"page"`` or ``"json"``) of the facts (no query).

        The JSON's covers the signing key's id (a rotation gives a new validator: the next answer is signed
        with the new key), never its private half; nor the signing time, which changes with every answer:
        the route sends it as a weak validator (same facts, same key: semantically the same answer).
        """
        return verification.etag(kind, {key: value for key, value in facts.items() if key != "signing_secret"})

    @api.model
    def _public_name_matches(self, typed, holder):
        return verification.name_matches(typed, holder)

    @api.model
    def _public_json(self, facts, base_url):
        """The JSON document of the public facts (English field names, Chinese and English values: see the
        addon's README)."""
        return {
            "number": facts["number"],
            "organisation": facts["organisation"],
            "credit_code": facts["credit_code"] or None,
            "scheme": facts["scheme"],
            "standard": facts["standard"],
            "level": facts["level"],
            "stars": facts["stars"],
            "scope": facts["scope"],
            "sites": facts["sites"],
            "issue_date": fields.Date.to_string(facts["issue_date"]),
            "expiry_date": fields.Date.to_string(facts["expiry_date"]),
            "status": facts["status"],
            "status_label": facts["status_label"],
            "valid": facts["is_valid"],
            "status_since": fields.Date.to_string(facts["status_since"]),
            "issuing_body": facts["issuing_body"],
            "history": [
                {"date": fields.Date.to_string(h["date"]), "from": h["from"], "to": h["to"], "reason": h["reason"]}
                for h in facts["history"]
            ],
            "verification_url": base_url + verification.page_path(facts["token"]),
        }
