"""Public certificate verification rules (pure: no Odoo).

- ``name_matches``: does the organisation name a visitor typed designate the certificate's holder?
  Case, spaces and punctuation do not count; the Chinese name alone (before the parenthesis) or the
  English name alone (inside it) is enough, a fragment is not.
- ``public_status``: the status the public page states — a certificate still marked valid after its
  expiry date is expired, whatever the daily job has done yet.
- ``retry_after``: the seconds a client IP must wait after too many failed look-ups (0: go ahead).
"""

import datetime as dt
import math
import re
import unicodedata

#: statuses in which a certificate may be relied on
VALID_STATES = ("valid",)
#: colour of each status on the public page (Bootstrap-like names)
STATUS_COLOURS = {
    "valid": "success",
    "suspended": "warning",
    "withdrawn": "danger",
    "cancelled": "danger",
    "expired": "secondary",
    "superseded": "info",
}
_PARENTHESES = re.compile(r"^(?P<outer>[^(（]*)[(（](?P<inner>[^)）]*)[)）]\s*$")


def normalise(text):
    """Casefolded, without spaces, punctuation or symbols (full-width ones too)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(c for c in text if unicodedata.category(c)[0] in ("L", "N"))


def name_variants(holder):
    """The normalised names that designate ``holder``: the whole name, and each part of "中文名 (English)"."""
    variants = {normalise(holder)}
    found = _PARENTHESES.match(holder or "")
    if found:
        variants |= {normalise(found["outer"]), normalise(found["inner"])}
    return {v for v in variants if v}


def name_matches(typed, holder):
    typed = normalise(typed)
    return bool(typed) and typed in name_variants(holder)


def public_status(state, expiry_date, today):
    """``state`` as the public must read it on ``today``."""
    if state == "valid" and expiry_date and expiry_date < today:
        return "expired"
    return state


def retry_after(failures, oldest, now, limit, window):
    """Seconds to wait, or 0.

    :param failures: failed look-ups of this IP within the window
    :param oldest: the oldest of them (naive UTC datetime) or None
    :param now: naive UTC datetime
    :param limit: failures allowed per window
    :param window: the window, a ``datetime.timedelta``
    """
    if failures < limit or oldest is None:
        return 0
    wait = (oldest + window - now) / dt.timedelta(seconds=1)
    return max(math.ceil(wait), 1)
