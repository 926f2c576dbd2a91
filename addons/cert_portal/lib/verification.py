"""Public certificate verification rules (pure: no Odoo).

- ``name_matches``: does the organisation name a visitor typed designate the certificate's holder?
  Case, spaces and punctuation do not count; the Chinese name alone (before the parenthesis) or the
  English name alone (inside it) is enough, a fragment is not.
- ``public_status``: the status the public page states — a certificate still marked valid after its
  expiry date is expired, whatever the daily job has done yet.
- ``retry_after``: the seconds a client IP must wait after too many failed look-ups (0: go ahead).
"""

import datetime as dt
import hashlib
import json
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


def page_path(token):
    """The path of a certificate's public verification page (the route of ``controllers/verification.py``)."""
    return f"/certificate/{token}"


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


#: each status in Chinese and in English, as the public pages print it whatever languages are installed
#: (the terms of the CNCA certificate register: 有效 / 暂停 / 撤销 / 注销 / 过期)
STATUS_LABELS = {
    "draft": ("草稿", "Draft"),
    "valid": ("有效", "Valid"),
    "suspended": ("暂停", "Suspended"),
    "withdrawn": ("撤销", "Withdrawn"),
    "cancelled": ("注销", "Cancelled"),
    "expired": ("过期", "Expired"),
    "superseded": ("已换发", "Superseded"),
}
#: bump when the pages or the JSON change shape: cached copies must not be reused
ETAG_VERSION = "2"


def status_label(status):
    """{"zh_CN": …, "en_US": …} of a status (the code itself for an unknown one)."""
    zh, en = STATUS_LABELS.get(status, (status, status))
    return {"zh_CN": zh, "en_US": en}


def bilingual(names):
    """{"zh_CN": …, "en_US": …} of a translated value (a jsonb dict by language), each language falling
    back on the other: a term that exists in one language only is printed in it."""
    names = names or {}
    zh = names.get("zh_CN") or names.get("en_US") or ""
    en = names.get("en_US") or zh
    return {"zh_CN": zh, "en_US": en}


def etag(kind, facts):
    """The validator of one representation (``kind``: page or JSON) of a certificate's public facts: a
    digest of the facts themselves (the public status of today included), so that it changes exactly
    when something the visitor reads changes, whichever record it comes from.

    :param facts: JSON-serialisable public facts (dates and other values are turned into strings)
    """
    raw = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{ETAG_VERSION}:{kind}:{raw}".encode()).hexdigest()[:32]
