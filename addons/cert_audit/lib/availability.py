"""Auditor availability rules of domain.md §5, as pure functions (no Odoo import).

The model fetches the facts in a few batched queries and asks :func:`refusals` why an auditor cannot
take part in an audit. Datetimes are compared in UTC: naive datetimes are taken as UTC (Odoo's storage),
aware ones are converted. Every figure (conflict period, consecutive-audit limit) is a parameter.
"""

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

# the calendar rule of the addon below (a pure module as well): one copy of each date rule
from ...cert_service.lib.dates import add_months

#: roles whose holder must be qualified for the scheme and counts for the consecutive-audit limit
COMPETENT_ROLES = frozenset({"lead", "auditor", "expert"})
#: grades allowed per team role
ROLE_GRADES = {
    "lead": frozenset({"lead_auditor"}),
    "auditor": frozenset({"lead_auditor", "auditor"}),
    "expert": frozenset({"lead_auditor", "auditor", "technical_expert"}),
    "observer": frozenset({"lead_auditor", "auditor", "technical_expert", "trainee"}),
}


@dataclass(frozen=True)
class Qualification:
    """The auditor may audit ``scheme`` (for ``industries``, empty = no industry) from ``date_from`` to ``date_to``."""

    scheme: object
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    industries: frozenset = frozenset()


@dataclass(frozen=True)
class Conflict:
    """The auditor consulted for or worked at ``partner`` from ``date_from`` to ``date_to`` (None: ongoing)."""

    partner: object
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class Booking:
    """Another audit (``audit``) the auditor is booked on, from ``start`` to ``stop``."""

    audit: object
    start: dt.datetime
    stop: dt.datetime


@dataclass(frozen=True)
class Auditor:
    key: object
    grade: str
    qualifications: tuple = ()
    conflicts: tuple = ()
    leaves: tuple = ()  # (start, stop) pairs
    bookings: tuple = ()  # Booking
    consecutive: int = 0  # audits of the same client in a row, just before this one, the auditor was on


@dataclass(frozen=True)
class Request:
    """An audit to staff: scheme, industry, the client and its consultancy, dates and the CB's figures."""

    scheme: object
    partners: frozenset  # the client and its referring consultancy
    start: dt.datetime | None = None
    stop: dt.datetime | None = None
    date_start: dt.date | None = None  # local (audit time zone) dates; derived from start/stop if not given
    date_stop: dt.date | None = None
    industry: object = None
    audit: object = None
    conflict_months: int = 0  # the setting's (res.config.settings), given by the model
    consecutive_limit: int = 6
    today: dt.date | None = None


@dataclass(frozen=True)
class Refusal:
    """Why an auditor is refused: a code and the parameters a translated message needs."""

    code: str
    params: dict = field(default_factory=dict)


def to_utc(value):
    """A naive UTC datetime: aware datetimes are converted, naive ones are taken as UTC already."""
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def overlaps(start_a, stop_a, start_b, stop_b):
    """Half-open intervals overlap (back-to-back bookings do not): a partial-day overlap counts."""
    return to_utc(start_a) < to_utc(stop_b) and to_utc(start_b) < to_utc(stop_a)


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def refusals(auditor, request, role="auditor"):
    """Every reason why ``auditor`` cannot take ``role`` in the audit ``request``; empty when available."""
    found = []
    start, stop = to_utc(request.start), to_utc(request.stop)
    date_start = request.date_start or _day(start) or request.today
    date_stop = request.date_stop or _day(stop) or date_start
    if start and stop and stop <= start:
        found.append(Refusal("bad_dates"))
        return found
    allowed = ROLE_GRADES.get(role, frozenset())
    if auditor.grade not in allowed:
        found.append(Refusal("grade", {"grade": auditor.grade, "role": role}))
    if role in COMPETENT_ROLES and date_start:
        reason = _qualification_refusal(auditor, request, date_start, date_stop)
        if reason:
            found.append(reason)
    reference = date_start or request.today
    if reference:
        conflict = _conflict(auditor, request, reference, date_stop or reference)
        if conflict:
            found.append(
                Refusal(
                    "conflict",
                    {"partner": conflict.partner, "date_from": conflict.date_from, "date_to": conflict.date_to},
                )
            )
    if role in COMPETENT_ROLES and auditor.consecutive + 1 > request.consecutive_limit:
        found.append(Refusal("consecutive", {"count": auditor.consecutive, "limit": request.consecutive_limit}))
    if start and stop:
        for leave_start, leave_stop in auditor.leaves:
            if overlaps(start, stop, leave_start, leave_stop):
                found.append(Refusal("leave", {"start": to_utc(leave_start), "stop": to_utc(leave_stop)}))
                break
        for booking in auditor.bookings:
            if booking.audit != request.audit and overlaps(start, stop, booking.start, booking.stop):
                found.append(
                    Refusal(
                        "booked", {"audit": booking.audit, "start": to_utc(booking.start), "stop": to_utc(booking.stop)}
                    )
                )
                break
    return found


def _qualification_refusal(auditor, request, date_start, date_stop):
    for_scheme = [q for q in auditor.qualifications if q.scheme == request.scheme]
    if request.industry:
        for_scheme = [q for q in for_scheme if request.industry in q.industries]
    if not for_scheme:
        return Refusal("not_qualified_industry" if request.industry else "not_qualified", {})
    for qual in for_scheme:
        if (qual.date_from is None or qual.date_from <= date_start) and (
            qual.date_to is None or qual.date_to >= date_stop
        ):
            return None
    latest = max(for_scheme, key=lambda q: q.date_to or dt.date.max)
    if latest.date_from and latest.date_from > date_start:
        return Refusal("qualification_not_yet", {"date_from": latest.date_from})
    return Refusal("qualification_expired", {"date_to": latest.date_to})


def _conflict(auditor, request, date_start, date_stop):
    """The first conflict of interest with a partner of the request within the period before the audit."""
    window_start = add_months(date_start, -request.conflict_months)
    for conflict in auditor.conflicts:
        if conflict.partner not in request.partners:
            continue
        begins_before_end = conflict.date_from is None or conflict.date_from <= date_stop
        ends_after_window = conflict.date_to is None or conflict.date_to >= window_start
        if begins_before_end and ends_after_window:
            return conflict
    return None


def consecutive_run(history, auditor_key):
    """How many of the most recent audits in ``history`` (oldest first; sets of auditor keys) had the auditor."""
    run = 0
    for team in reversed(list(history)):
        if auditor_key not in team:
            break
        run += 1
    return run


@dataclass(frozen=True)
class Candidate:
    key: object
    name: str
    workload: float = 0.0  # auditor-days already booked in the period
    same_city: bool = False


def rank(candidates):
    """Available auditors, best first: the least booked first, then the local ones (same city), then by name."""
    return sorted(candidates, key=lambda c: (c.workload, not c.same_city, (c.name or "").lower(), str(c.key)))
