"""Auditor-days (人日) and outlet sampling of domain.md §5, as pure functions (no Odoo import).

Every figure is a parameter with the spec's *default*: the scheme carries the CB's own values.
"""

import math
from decimal import ROUND_CEILING
from decimal import Decimal

HALF = Decimal("0.5")

#: (maximum employees, auditor-days) of an initial audit; ``None`` = no upper bound.
DEFAULT_TABLE = ((50, Decimal(2)), (200, Decimal(3)), (500, Decimal(4)), (1000, Decimal(5)), (None, Decimal(6)))
#: share of ⌈√n⌉ outlets visited per audit type (IAF MD 1 practice)
DEFAULT_SAMPLING = {"initial": Decimal(1), "surveillance": Decimal("0.6"), "recertification": Decimal("0.8")}
#: share of the initial auditor-days per audit type
DEFAULT_RATIOS = {"surveillance": Decimal(1) / Decimal(3), "recertification": Decimal(2) / Decimal(3)}


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)


def round_up_half(value):
    """Round up to the next half day: 1.01 -> 1.5, 1.5 -> 1.5, 1.6 -> 2.0."""
    return (_dec(value) * 2).to_integral_value(rounding=ROUND_CEILING) / 2


def sample_size(outlets, factor=1):
    """Outlets to visit among ``outlets`` active ones: ⌈factor·√n⌉ (0 when there are none)."""
    outlets = int(outlets or 0)
    if outlets < 0:
        raise ValueError("negative number of outlets")
    if not outlets:
        return 0
    # √n in Decimal so that perfect squares stay exact (⌈0.6·√25⌉ = 3, not 4 from float noise)
    return min(outlets, int((_dec(factor) * Decimal(outlets).sqrt()).to_integral_value(rounding=ROUND_CEILING)))


def table_days(employees, table=DEFAULT_TABLE):
    """Auditor-days of the table row that covers ``employees``."""
    employees = int(employees or 0)
    if employees < 0:
        raise ValueError("negative number of employees")
    rows = sorted(table, key=lambda row: math.inf if row[0] is None else row[0])
    for maximum, days in rows:
        if maximum is None or employees <= maximum:
            return _dec(days)
    raise ValueError("the auditor-day table has no row for %s employees" % employees)


def initial_days(employees, sampled_outlets, table=DEFAULT_TABLE, per_outlet=HALF):
    """Initial audit: the table's days for the headcount plus ``per_outlet`` for each sampled outlet."""
    return table_days(employees, table) + _dec(per_outlet) * int(sampled_outlets or 0)


def derived_days(initial, ratio, minimum=1):
    """Surveillance (⅓) or recertification (⅔) days: a share of the initial days, up to 0.5, at least 1."""
    # Ratios are stored with 4 decimals (⅔ = 0.6667): settle the product to the cent first, so that
    # ⅔ of 6 days stays 4 instead of creeping to 4.0002 and rounding up to 4.5.
    share = (_dec(initial) * _dec(ratio)).quantize(Decimal("0.01"))
    return max(_dec(minimum), round_up_half(share))
