"""CNCA monthly reporting (认证认可业务信息统一上报平台): months, deadlines, cell formats and the fingerprint of
what was reported (pure: no Odoo).

The reporting rules (认证机构管理体系认证、服务认证信息报告规范, revised 2021-09-24) ask each month's data by the
10th of the next month; a holiday does not move the deadline.
"""

import datetime
import hashlib
import json

DEFAULT_DUE_DAY = 10
#: cell formats a layout column may ask for
FORMATS = ("text", "upper", "date", "number", "code")


def month_start(day):
    """The first day of the month of ``day``."""
    return day.replace(day=1)


def next_month(day):
    """The first day of the month after the month of ``day``."""
    start = month_start(day)
    return (start + datetime.timedelta(days=32)).replace(day=1)


def previous_month(day):
    """The first day of the month before the month of ``day``."""
    return month_start(month_start(day) - datetime.timedelta(days=1))


def due_date(period, due_day=DEFAULT_DUE_DAY):
    """The day the data of the month ``period`` is due: ``due_day`` of the next month (a day past the end of
    a short month is its last day)."""
    if due_day < 1:
        raise ValueError("the due day is a day of the month (1-31)")
    following = next_month(period)
    last = (next_month(following) - datetime.timedelta(days=1)).day
    return following.replace(day=min(due_day, last))


def last_overdue_month(today, due_day=DEFAULT_DUE_DAY):
    """The latest month whose data is overdue on ``today`` (its due day has passed): every month up to it
    that is not reported is late."""
    month = previous_month(today)
    return month if today > due_date(month, due_day) else previous_month(month)


def is_overdue(period, today, due_day=DEFAULT_DUE_DAY):
    return today > due_date(period, due_day)


def format_value(value, fmt):
    """The cell text of ``value``: no leading/trailing spaces or invisible characters; numbers and codes in
    upper case without spaces (the platform refuses them otherwise); dates ``YYYY-MM-DD``; ``False``/``None``
    an empty cell."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if value is None or value is False:
        return ""
    if fmt == "date":
        if isinstance(value, datetime.datetime):
            value = value.date()
        return value.isoformat() if isinstance(value, datetime.date) else str(value).strip()[:10]
    if fmt == "number":
        if isinstance(value, bool):
            return "1" if value else "0"
        number = float(value)
        return f"{number:g}" if number != int(number) else str(int(number))
    text = " ".join(str(value).split())
    if fmt in ("upper", "code"):
        text = text.replace(" ", "").upper()
    return text


def values_hash(values):
    """SHA-256 of the reported values (``[(column code, cell text), ...]``) in canonical JSON: the same cells
    give the same hash whatever wrote them; any reported cell that changes gives another."""
    canonical = json.dumps([list(pair) for pair in values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
