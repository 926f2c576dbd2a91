"""Audit mode and the basis of the auditor-days (pure: no Odoo).

- Audit modes as CNCA's reporting codes them (市监认证(司)函〔2021〕102号): FS01 on site (现场审核), FS02
  remote (远程审核), FS03 on site and remote combined (现场与远程相结合); a remote part names its means.
- ``table_row``: the row of the scheme's auditor-day table a headcount falls in, with its bounds, so that
  the audit records which row it was computed from.
- ``adjusted``: the standard days plus signed adjustments, each with a reason; never below zero.
"""

import math
from decimal import Decimal

MODES = ("FS01", "FS02", "FS03")
REMOTE_MODES = ("FS02", "FS03")


def needs_remote_means(mode):
    return mode in REMOTE_MODES


def table_row(employees, table):
    """(lowest headcount, highest headcount or None, days) of the row covering ``employees``.

    :param table: iterable of (maximum employees or None for no bound, days)
    """
    employees = int(employees or 0)
    if employees < 0:
        raise ValueError("negative number of employees")
    rows = sorted(table, key=lambda row: math.inf if row[0] is None else row[0])
    low = 0
    for maximum, days in rows:
        if maximum is None or employees <= maximum:
            return low, maximum, Decimal(str(days))
        low = maximum + 1
    raise ValueError("no row for %s employees" % employees)


def adjusted(standard, adjustments):
    """Standard days plus the adjustments (iterable of (days, reason)): a reason is required for each.

    :return: (total days, list of indexes of adjustments without a reason)
    """
    missing = [i for i, (_days, reason) in enumerate(adjustments) if not (reason or "").strip()]
    total = Decimal(str(standard)) + sum((Decimal(str(days)) for days, _reason in adjustments), Decimal(0))
    if total < 0:
        raise ValueError("the adjustments take the auditor-days below zero")
    return total, missing
