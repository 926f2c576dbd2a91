import hashlib
import json

from odoo import api
from odoo import fields
from odoo import models

from ..lib import verification

# Everything the public page and the JSON say, in ONE query whatever the number of certificates, sites
# or status changes (indexed look-up by token or number; translated columns in the reader's language).
_PUBLIC_QUERY = """
    SELECT c.id, c.name AS number, c.state, c.state_date, c.partner_name AS organisation,
           c.partner_address AS address, c.standard, c.issue_date, c.expiry_date, c.token,
           c.surveillance_due, c.surveillance_window_start, c.surveillance_window_end, c.stars,
           COALESCE(c.scope->>%(lang)s, c.scope->>'en_US') AS scope,
           COALESCE(s.name->>%(lang)s, s.name->>'en_US') AS scheme,
           COALESCE(l.name->>%(lang)s, l.name->>'en_US') AS level,
           co.name AS issuing_body,
           (SELECT json_agg(json_build_object('name', site.name, 'city', site.city) ORDER BY site.sequence, site.id)
              FROM cert_certificate_cert_site_rel rel JOIN cert_site site ON site.id = rel.cert_site_id
             WHERE rel.cert_certificate_id = c.id) AS sites,
           (SELECT json_agg(json_build_object(
                       'date', h.date, 'from', h.from_state, 'to', h.to_state,
                       'reason', COALESCE(r.name->>%(lang)s, r.name->>'en_US')) ORDER BY h.date, h.id)
              FROM cert_certificate_status h LEFT JOIN cert_certificate_reason r ON r.id = h.reason_id
             WHERE h.certificate_id = c.id) AS history
      FROM cert_certificate c
      JOIN cert_scheme s ON s.id = c.scheme_id
      JOIN res_company co ON co.id = c.company_id
 LEFT JOIN cert_level l ON l.id = c.level_id
     WHERE c.state != 'draft' AND {where}
     LIMIT 1
"""


class CertCertificate(models.Model):
    _name = "cert.certificate"
    _inherit = ["cert.certificate", "cert.portal.page.mixin"]
    _portal_section = "certificates"

    def init(self):  # pylint: disable=missing-return
        super().init()
        # the public look-up by number (the verification form); the token has its unique index
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS cert_certificate_name_idx ON cert_certificate (name)")

    # ------------------------------------------------------------------ public facts
    @api.model
    def _public_facts(self, token=None, number=None):
        """The public facts of an issued certificate found by its token or its number, or None (one query).

        Read straight from the tables: the visitor is anonymous and the page must not grow with the data.
        """
        where, value = ("c.token = %(value)s", token) if token else ("c.name = %(value)s", number)
        if not value:
            return None
        lang = self.env.lang or "en_US"
        self.env.cr.execute(_PUBLIC_QUERY.format(where=where), {"value": value, "lang": lang})
        row = self.env.cr.dictfetchone()
        if not row:
            return None
        today = fields.Date.context_today(self)
        status = verification.public_status(row["state"], row["expiry_date"], today)
        labels = dict(self._fields["state"]._description_selection(self.env))
        history = [dict(h, date=fields.Date.to_date(h["date"])) for h in row["history"] or []]
        row.update(
            status=status,
            status_label=labels.get(status, status),
            status_colour=verification.STATUS_COLOURS.get(status, "secondary"),
            is_valid=status in verification.VALID_STATES,
            status_since=row["expiry_date"] if status != row["state"] else row["state_date"],
            sites=row["sites"] or [],
            history=[dict(h, from_label=labels.get(h["from"], ""), to_label=labels.get(h["to"], "")) for h in history],
        )
        return row

    @api.model
    def _public_name_matches(self, typed, holder):
        return verification.name_matches(typed, holder)

    @api.model
    def _public_json(self, facts, base_url):
        """The JSON document of the public facts (English field names: see the addon's README)."""
        return {
            "number": facts["number"],
            "organisation": facts["organisation"],
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
            "verification_url": f"{base_url}/certificate/{facts['token']}",
        }

    @api.model
    def _public_etag(self, document):
        """A strong validator of the document: it changes whenever any public fact changes."""
        return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()[:32]
