"""Certificate rules (domain.md §7, §8, §12) as pure functions: no Odoo import.

- the surveillance windows of a certification cycle and what the daily job must do about one today;
- the unified social credit code (统一社会信用代码, GB 32100-2015) check character;
- the 十二星 continuity periods.
"""

import datetime
from collections import namedtuple

from .dates import add_months

#: One surveillance of a cycle. ``limit`` is the latest date allowed (``interval`` months after the
#: anchor: the issue date, or the previous surveillance); the window never goes past it.
Window = namedtuple("Window", "number due start end limit")

#: GB 32100-2015: the 31 characters of the code (no I, O, Z, S, V) and the weights of positions 1-17.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def surveillances_per_cycle(validity_months, interval_months):
    """Surveillance audits in a cycle: one per interval except the recertification year (36/12 -> 2)."""
    if validity_months <= 0 or interval_months <= 0:
        return 0
    return max(validity_months // interval_months - 1, 0)


def surveillance_window(anchor, number, interval_months=12, window_months=2):
    """The ``number``-th surveillance counted from ``anchor`` (issue date or the previous surveillance).

    The limit is ``interval_months`` after the anchor; the due date lies ``window_months`` before the limit
    so that the window (due ± ``window_months``) ends at the limit at the latest. With the defaults
    (12, 2): issued 1 Jan → due 1 Nov, window 1 Sep – 1 Jan of the next year.
    """
    limit = add_months(anchor, interval_months)
    due = add_months(limit, -window_months)
    start = add_months(due, -window_months)
    end = min(add_months(due, window_months), limit)
    return Window(number, due, start, end, limit)


def planned_surveillances(anchor, validity_months, interval_months=12, window_months=2, expiry=None, done=0):
    """The surveillances still to come in a cycle, each counted from the limit of the one before it.

    The one programme read by the daily job (the first of them is the next window) and by billing (one
    surveillance fee per surveillance): ``done`` surveillances of the cycle are behind, ``anchor`` is the
    issue date or the last day of the last one. A window opening on or after ``expiry`` is not planned:
    the recertification audit takes its place.
    """
    windows = []
    for number in range(done + 1, surveillances_per_cycle(validity_months, interval_months) + 1):
        window = surveillance_window(anchor, number, interval_months, window_months)
        if expiry and window.start >= expiry:
            break
        windows.append(window)
        anchor = window.limit
    return windows


def surveillance_actions(today, window, reminder_days=(60, 30), plan_days=60, reminded=0):
    """What the daily job does today about ``window``.

    :param reminded: how many of ``reminder_days`` (sorted from the earliest) were already sent
    :returns: dict with ``remind`` (index of the reminder to send now, or None: only the latest one that
        is due, so that a late start does not send a pile of them), ``plan`` (create the audit) and
        ``overdue`` (the window closed)
    """
    offsets = sorted((int(d) for d in reminder_days if d), reverse=True)
    due_index = None
    for index, days in enumerate(offsets):
        if today >= window.start - datetime.timedelta(days=days):
            due_index = index
    remind = due_index if due_index is not None and due_index >= reminded else None
    return {
        "remind": remind,
        "plan": today >= window.start - datetime.timedelta(days=plan_days),
        "overdue": today > window.end,
    }


def recertification_due(today, expiry, lead_months=6):
    """Whether the recertification audit must be planned (``lead_months`` before expiry)."""
    return today >= add_months(expiry, -lead_months)


def suspension_elapsed(today, suspended_on, max_months=6):
    """Whether a suspension that started on ``suspended_on`` reached its maximum."""
    return today >= add_months(suspended_on, max_months)


#: the states in which a certificate is in force (shown as valid or suspended, counted in its cycle)
IN_FORCE = ("valid", "suspended")


def transition_blocker(action, today, expiry_date=None, successor_pending=False):
    """Why a certificate's life-cycle move cannot happen today, besides its source states (domain.md §7).

    - expire: only once the expiry date is reached (the daily job does it that day); ending a certificate
      earlier is a withdrawal or a cancellation, which need their reasons;
    - restore (and issue): never to a certificate whose expiry date is reached: it is expired, not valid;
    - supersede: only by the issue of the certificate that replaces it.

    :param successor_pending: a draft that replaces this certificate is being issued
    :returns: None when the move may happen, else a problem code: ``not_expired``, ``expired``,
        ``no_successor``
    """
    reached = bool(expiry_date) and today >= expiry_date
    if action == "action_expire" and not reached:
        return "not_expired"
    if action in ("action_restore", "action_issue") and reached:
        return "expired"
    if action == "action_supersede" and not successor_pending:
        return "no_successor"
    return None


def credit_code_problem(code):
    """None when ``code`` is a well-formed unified social credit code, else a problem code.

    ``"length"`` (not 18 characters), ``"characters"`` (outside the 31 allowed), ``"check"`` (the 18th
    character does not match the weighted sum of the first 17).
    """
    code = (code or "").strip().upper()
    if len(code) != 18:
        return "length"
    if any(char not in CREDIT_CODE_CHARS for char in code):
        return "characters"
    return None if code[17] == credit_code_check(code[:17]) else "check"


def credit_code_check(first17):
    """The check character of the first 17 characters of a unified social credit code."""
    total = sum(
        CREDIT_CODE_CHARS.index(char) * weight for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def held_periods(certificates, as_of):
    """{(scheme, stars): [(date_from, date_to)]} from ``certificates``.

    :param certificates: iterable of (scheme, stars, issue_date, end_date or None) where the end is the
        day the certificate stopped being valid (superseded, withdrawn, …) or None while it is valid
        (then it counts up to ``as_of``). A certificate of a higher level counts for the lower ones too,
        as a client holding 五星 also holds at least 四星.
    """
    by_scheme = {}
    for scheme, stars, start, end in certificates:
        if not start:
            continue
        by_scheme.setdefault(scheme, []).append((stars or 0, start, min(end or as_of, as_of)))
    periods = {}
    for scheme, rows in by_scheme.items():
        for level_stars in {stars for stars, _s, _e in rows}:
            periods[(scheme, level_stars)] = [(s, e) for stars, s, e in rows if stars >= level_stars and s <= e]
    return periods
