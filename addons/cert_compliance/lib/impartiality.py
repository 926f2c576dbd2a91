"""Impartiality risk register rules (ISO/IEC 17065 §4.2): threat levels, revenue periods and shares.

Plain Python, no Odoo import: the models feed these functions and turn their ``ValueError``s into
translated errors.
"""

import datetime as dt
from typing import NamedTuple

#: likelihood and severity are rated 1 (low) to 3 (high)
RATINGS = (1, 2, 3)
#: the default share of the CB's revenue above which one consultancy's referrals are warned of (percent)
DEFAULT_THRESHOLD = 15.0
#: days before the anniversary of the last committee review at which the next one is scheduled
DEFAULT_REVIEW_LEAD_DAYS = 30


def risk_level(likelihood, severity):
    """Level of a threat from its likelihood and severity (1–3 each): the product, low ≤ 2 < medium ≤ 4 < high.

    :raises ValueError: a rating outside 1–3
    """
    for rating in (likelihood, severity):
        if rating not in RATINGS:
            raise ValueError(f"rating {rating!r} is not one of {RATINGS}")
    score = likelihood * severity
    if score <= 2:
        return "low"
    if score <= 4:
        return "medium"
    return "high"


class Period(NamedTuple):
    """A revenue period: ``kind`` ("rolling" or "year"), a stable ``key``, and its first and last days."""

    kind: str
    key: str
    date_from: dt.date
    date_to: dt.date


def _same_day_years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def rolling_period(today):
    """The twelve months ending on ``today`` (both days included): the dependence the CB has now."""
    start = _same_day_years_before(today, 1) + dt.timedelta(days=1)
    return Period("rolling", f"{start.isoformat()}/{today.isoformat()}", start, today)


def year_period(year):
    """The calendar year ``year``: what the yearly review and the accreditor's annual file compare."""
    if not 1900 <= year <= 9999:
        raise ValueError(f"year {year!r} out of range")
    return Period("year", str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))


class Share(NamedTuple):
    partner: object
    amount: float
    share: float  # percent of the total, 0 when the total is not positive


class Shares(NamedTuple):
    total: float
    clients: tuple  # of Share, largest first
    consultancies: tuple  # of Share, largest first
    over: tuple  # the consultancies' Shares above the threshold


def revenue_shares(rows, threshold=DEFAULT_THRESHOLD):
    """Each client's and each referring consultancy's share of the CB's revenue.

    :param rows: iterable of ``(client, consultancy or None, amount)``: revenue net of credit notes
        (credit notes negative), in one currency; a row without client counts in the total only
    :param threshold: percent; a consultancy whose referrals bring strictly more is listed in ``over``
    :returns: ``Shares``; a client or consultancy whose net revenue is 0 is left out
    :raises ValueError: a negative threshold or one above 100
    """
    if not 0 <= threshold <= 100:
        raise ValueError(f"threshold {threshold!r} is not a percentage")
    total = 0.0
    clients, consultancies = {}, {}
    for client, consultancy, amount in rows:
        total += amount
        if client:
            clients[client] = clients.get(client, 0.0) + amount
        if consultancy:
            consultancies[consultancy] = consultancies.get(consultancy, 0.0) + amount

    def shares(amounts):
        listed = [
            Share(partner, amount, (amount / total * 100.0) if total > 0 else 0.0)
            for partner, amount in amounts.items()
            if round(amount, 6)
        ]
        return tuple(sorted(listed, key=lambda s: (-s.amount, str(s.partner))))

    by_consultancy = shares(consultancies)
    return Shares(
        round(total, 6),
        shares(clients),
        by_consultancy,
        tuple(s for s in by_consultancy if s.share > threshold),
    )


def next_review_date(last_review, today):
    """When the impartiality committee meets next: the anniversary of its last review (28 February for
    a 29 February), or ``today`` when it never met."""
    if not last_review:
        return today
    try:
        return last_review.replace(year=last_review.year + 1)
    except ValueError:
        return last_review.replace(year=last_review.year + 1, day=28)


def review_to_schedule(last_review, today, lead_days=DEFAULT_REVIEW_LEAD_DAYS):
    """The date of the review to schedule now, or ``None`` when its anniversary is more than ``lead_days``
    away."""
    if lead_days < 0:
        raise ValueError("lead days cannot be negative")
    due = next_review_date(last_review, today)
    return due if (due - today).days <= lead_days else None
