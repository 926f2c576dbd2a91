import pytz

from odoo import fields
from odoo import models
from odoo.tools import format_datetime
from odoo.tools.translate import LazyTranslate

from ..lib import availability

_lt = LazyTranslate(__name__)


def _selection_label(env, model, field, value):
    return dict(env[model]._fields[field]._description_selection(env)).get(value)


def _period(audit, params):
    ongoing = audit.env._("ongoing")
    return "%s – %s" % (params["date_from"] or "…", params["date_to"] or ongoing)


#: refusal code of :mod:`availability` → (message, its parameters from (audit, refusal params, role))
REFUSAL_MESSAGES = {
    "grade": (
        _lt("a %(grade)s cannot be %(role)s of an audit team"),
        lambda audit, p, role: {
            "grade": _selection_label(audit.env, "cert.auditor", "grade", p["grade"]),
            "role": _selection_label(audit.env, "cert.audit.member", "role", role),
        },
    ),
    "not_qualified": (
        _lt("not qualified for the scheme %(scheme)s"),
        lambda audit, p, role: {"scheme": audit.scheme_id.display_name},
    ),
    "not_qualified_industry": (
        _lt("not qualified for the scheme %(scheme)s in the industry %(industry)s"),
        lambda audit, p, role: {
            "scheme": audit.scheme_id.display_name,
            "industry": audit.industry_code_id.display_name,
        },
    ),
    "qualification_expired": (
        _lt("the qualification for %(scheme)s expired on %(date)s, before the end of the audit"),
        lambda audit, p, role: {"scheme": audit.scheme_id.display_name, "date": p["date_to"]},
    ),
    "qualification_not_yet": (
        _lt("the qualification for %(scheme)s is valid only from %(date)s"),
        lambda audit, p, role: {"scheme": audit.scheme_id.display_name, "date": p["date_from"]},
    ),
    "conflict": (
        _lt("conflict of interest with %(partner)s (%(period)s) within the last %(months)s months"),
        lambda audit, p, role: {
            "partner": audit.env["res.partner"].sudo().browse(p["partner"]).display_name,
            "period": _period(audit, p),
            "months": audit._conflict_months(),
        },
    ),
    "consecutive": (
        _lt("already on the last %(count)s consecutive audits of %(client)s (limit %(limit)s)"),
        lambda audit, p, role: {"count": p["count"], "client": audit.partner_id.display_name, "limit": p["limit"]},
    ),
    "leave": (
        _lt("on leave from %(start)s to %(stop)s"),
        lambda audit, p, role: {"start": audit._fmt_dt(p["start"]), "stop": audit._fmt_dt(p["stop"])},
    ),
    "booked": (
        _lt("already booked on %(audit)s from %(start)s to %(stop)s"),
        lambda audit, p, role: {
            # the name comes with the refusal when the booking was read from another transaction
            "audit": p.get("name") or audit.sudo().browse(p["audit"]).name,
            "start": audit._fmt_dt(p["start"]),
            "stop": audit._fmt_dt(p["stop"]),
        },
    ),
    "bad_dates": (_lt("the audit must end after it starts"), lambda audit, p, role: {}),
}


class CertAudit(models.Model):
    """The bridge between an audit and the pure auditor rules of :mod:`availability` (domain.md §5).

    It gathers the facts about the candidates in a constant number of queries, asks the rules, and words
    their refusals in the reader's language (``REFUSAL_MESSAGES``).
    """

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    def _conflict_months(self):
        return self.env["res.config.settings"]._cert_param("cert_conflict_months")

    def _local_date(self, value):
        self.ensure_one()
        if not value:
            return None
        return pytz.utc.localize(value).astimezone(pytz.timezone(self.tz or "UTC")).date()

    def _availability_request(self):
        self.ensure_one()
        return availability.Request(
            scheme=self.scheme_id.id,
            partners=frozenset(p.id for p in self.partner_id | self.consultancy_id),
            start=self.date_start or None,
            stop=self.date_end or None,
            date_start=self._local_date(self.date_start),
            date_stop=self._local_date(self.date_end),
            industry=self.industry_code_id.id or None,
            audit=self.id or None,
            conflict_months=self._conflict_months(),
            consecutive_limit=self.scheme_id.consecutive_audit_limit or 6,
            today=fields.Date.context_today(self),
        )

    def _availability_facts(self, auditors):
        """The facts :mod:`availability` needs about ``auditors`` for this audit, in a constant number of queries.

        Read as superuser: a rule is not less binding because the planner cannot see the other bookings.
        """
        self.ensure_one()
        auditors = auditors.sudo()
        ids = auditors.ids
        quals, conflicts, leaves, bookings = {}, {}, {}, {}
        if self.scheme_id:
            for q in (
                self.env["cert.auditor.qualification"]
                .sudo()
                .search_fetch(
                    [("auditor_id", "in", ids), ("scheme_id", "=", self.scheme_id.id)],
                    ["auditor_id", "scheme_id", "date_from", "date_to", "industry_code_ids"],
                )
            ):
                quals.setdefault(q.auditor_id.id, []).append(
                    availability.Qualification(
                        q.scheme_id.id, q.date_from or None, q.date_to or None, frozenset(q.industry_code_ids.ids)
                    )
                )
        partners = (self.partner_id | self.consultancy_id).ids
        if partners:
            for c in (
                self.env["cert.auditor.conflict"]
                .sudo()
                .search_fetch(
                    [("auditor_id", "in", ids), ("partner_id", "in", partners)],
                    ["auditor_id", "partner_id", "date_from", "date_to"],
                )
            ):
                conflicts.setdefault(c.auditor_id.id, []).append(
                    availability.Conflict(c.partner_id.id, c.date_from or None, c.date_to or None)
                )
        if self.date_start and self.date_end:
            by_resource = {a.resource_id.id: a.id for a in auditors}
            for lv in (
                self.env["resource.calendar.leaves"]
                .sudo()
                .search_fetch(
                    [
                        ("resource_id", "in", list(by_resource)),
                        ("date_from", "<", self.date_end),
                        ("date_to", ">", self.date_start),
                    ],
                    ["resource_id", "date_from", "date_to"],
                )
            ):
                leaves.setdefault(by_resource[lv.resource_id.id], []).append((lv.date_from, lv.date_to))
            audit_id = self.id if isinstance(self.id, int) else None
            for booking in self.env["cert.audit.member"]._bookings(ids, self.date_start, self.date_end, audit_id):
                bookings.setdefault(booking[0], []).append(availability.Booking(*booking[1:]))
        runs = self._consecutive_runs(auditors)
        return {
            a.id: availability.Auditor(
                key=a.id,
                grade=a.grade,
                qualifications=tuple(quals.get(a.id, ())),
                conflicts=tuple(conflicts.get(a.id, ())),
                leaves=tuple(leaves.get(a.id, ())),
                bookings=tuple(bookings.get(a.id, ())),
                consecutive=runs.get(a.id, 0),
            )
            for a in auditors
        }

    def _consecutive_runs(self, auditors):
        """{auditor id: audits of this client in a row, just before this one, the auditor was a competent member of}."""
        self.ensure_one()
        if not self.partner_id:
            return {}
        limit = self.scheme_id.consecutive_audit_limit or 6
        domain = [("partner_id", "=", self.partner_id.id), ("state", "!=", "cancelled")]
        if self.id:
            domain.append(("id", "!=", self.id))
        if self.date_start:
            domain.append(("date_start", "<", self.date_start))
        elif self.id:
            domain.append(("id", "<", self.id))
        previous = self.sudo().search(domain, order="date_start desc, id desc", limit=limit)
        if not previous:
            return {}
        teams = {audit_id: set() for audit_id in previous.ids}
        for m in (
            self.env["cert.audit.member"]
            .sudo()
            .search_fetch(
                [("audit_id", "in", previous.ids), ("role", "in", list(availability.COMPETENT_ROLES))],
                ["audit_id", "auditor_id"],
            )
        ):
            teams[m.audit_id.id].add(m.auditor_id.id)
        history = [teams[audit_id] for audit_id in reversed(previous.ids)]  # oldest first
        return {a.id: availability.consecutive_run(history, a.id) for a in auditors}

    def _auditor_refusals(self, auditors, role="auditor", roles=None):
        """{auditor: [translated reasons]} for ``auditors`` in ``role`` (or ``roles``: {auditor id: role})."""
        self.ensure_one()
        facts = self._availability_facts(auditors)
        request = self._availability_request()
        result = {}
        for auditor in auditors:
            auditor_role = (roles or {}).get(auditor.id, role)
            reasons = availability.refusals(facts[auditor.id], request, auditor_role)
            result[auditor] = [self._refusal_message(r, auditor_role) for r in reasons]
        return result

    def _fmt_dt(self, value):
        """A UTC datetime in the reader's time zone (the audit's when the user has none), zone named."""
        if not value:
            return ""
        tz = self.env.context.get("tz") or self.env.user.tz or self.tz or "UTC"
        return "%s (%s)" % (format_datetime(self.env, value, tz=tz, dt_format="short"), tz)

    def _refusal_message(self, refusal, role):
        """The translated reason for an :class:`availability.Refusal` (its code when the code is unknown)."""
        entry = REFUSAL_MESSAGES.get(refusal.code)
        if not entry:
            return refusal.code
        message, params = entry
        template = self.env._(message)  # the reader's language; the parameters are known only now
        return template % params(self, refusal.params, role)

    def _team_refusal(self, auditor, reasons):
        """The one sentence that refuses ``auditor`` on this audit's team, with every reason."""
        return self.env._(
            "%(auditor)s cannot be on the team of %(audit)s: %(reasons)s.",
            auditor=auditor.name,
            audit=self.name,
            reasons="; ".join(reasons),
        )
