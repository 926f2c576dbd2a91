from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import certificates
from ..lib import scoring

#: who may see a client's certificates on the partner (a salesman or a plain employee has no access to them)
CERT_STAFF = (
    "cert_service.group_cert_officer,cert_service.group_cert_auditor,"
    "cert_service.group_cert_decision,cert_service.group_cert_finance"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    unified_social_credit_code = fields.Char(
        size=18,
        index="btree_not_null",
        help="统一社会信用代码 (18 characters, GB 32100-2015): printed on certificates and reported to the national platform.",
    )
    cert_certificate_ids = fields.One2many("cert.certificate", "partner_id", string="Certificates", groups=CERT_STAFF)
    cert_certificate_count = fields.Integer(
        "Certificate Count", compute="_compute_cert_certificate_count", groups=CERT_STAFF
    )
    cert_continuity_summary = fields.Text(
        "Consecutive Years Certified", compute="_compute_cert_continuity", groups=CERT_STAFF
    )
    cert_twelve_star = fields.Boolean("十二星 Held", compute="_compute_cert_continuity", groups=CERT_STAFF)
    # The client's certification billing: its milestones and their invoices (a tab on the partner).
    cert_billing_event_ids = fields.One2many(
        "cert.billing.event",
        "partner_id",
        string="Certification Billing",
        groups="cert_service.group_cert_finance,cert_service.group_cert_officer",
    )

    @api.constrains("unified_social_credit_code")
    def _check_unified_social_credit_code(self):
        messages = {
            "length": self.env._("%s: a unified social credit code has 18 characters."),
            "characters": self.env._(
                "%s: a unified social credit code uses digits and capital letters except I, O, Z, S and V."
            ),
            "check": self.env._("%s: the last character of the unified social credit code does not match (typo?)."),
        }
        for partner in self.filtered("unified_social_credit_code"):
            problem = certificates.credit_code_problem(partner.unified_social_credit_code)
            if problem:
                raise ValidationError(messages[problem] % partner.unified_social_credit_code)

    def _compute_cert_certificate_count(self):
        counts = dict(
            self.env["cert.certificate"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cert_certificate_count = counts.get(partner.commercial_partner_id, 0)

    def _compute_cert_continuity(self):
        info = self._cert_continuity()
        for partner in self:
            partner.cert_continuity_summary, partner.cert_twelve_star = info.get(partner.id, ("", False))

    def _cert_continuity(self, as_of=None):
        """{partner id: (summary text, 十二星 held now)} from the clients' certificate history.

        The facts are public (the verification page shows each certificate's dates and level), so they are
        read as superuser for whoever may see the partner; three queries for any number of partners.
        """
        if not self.ids:
            return {}
        as_of = as_of or fields.Date.context_today(self)
        commercial = {p.id: p.commercial_partner_id.id for p in self}
        certs = (
            self.env["cert.certificate"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", list(set(commercial.values()))), ("state", "not in", ("draft",))],
                ["partner_id", "scheme_id", "stars", "issue_date", "state", "state_date"],
            )
        )
        composites = self.env["cert.scheme"].sudo().search([("scheme_type", "=", "composite")])
        levels = {(lv.scheme_id.id, lv.stars): lv for lv in self.env["cert.level"].sudo().search([])}
        by_partner = {}
        for cert in certs:
            end = None if cert.state in ("valid", "suspended") else cert.state_date
            by_partner.setdefault(cert.partner_id.id, []).append(
                (cert.scheme_id.id, cert.stars, cert.issue_date, end, cert.state == "valid")
            )
        result = {}
        for partner_id, commercial_id in commercial.items():
            rows = by_partner.get(commercial_id, [])
            periods = certificates.held_periods([row[:4] for row in rows], as_of)
            years = {key: scoring.consecutive_years(spans, as_of) for key, spans in periods.items()}
            # per scheme, the highest level held without a gap, and how long
            best = {}
            for (scheme_id, stars), count in years.items():
                if count and (scheme_id not in best or stars > best[scheme_id][0]):
                    best[scheme_id] = (stars, count)
            lines = []
            for scheme_id, (stars, count) in sorted(best.items()):
                level = levels.get((scheme_id, stars))
                lines.append(
                    self.env._(
                        "%(scheme)s %(level)s: %(years)s consecutive year(s)",
                        scheme=level.scheme_id.display_name if level else "",
                        level=level.name if level else stars,
                        years=count,
                    )
                )
            holdings = [(row[0], row[1]) for row in rows if row[4]]
            twelve = False
            for composite in composites:
                requirements = [(r.required_scheme_id.id, r.required_level_id.stars) for r in composite.requirement_ids]
                if scoring.qualifies_composite(requirements, holdings):
                    twelve = True
                    held = min(years.get(req, 0) for req in requirements)
                    lines.append(
                        self.env._(
                            "%(scheme)s: held now, %(years)s consecutive year(s)",
                            scheme=composite.display_name,
                            years=held,
                        )
                    )
            result[partner_id] = ("\n".join(lines), twelve)
        return result

    def action_view_cert_certificates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_service.action_cert_certificate")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
