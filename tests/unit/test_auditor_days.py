"""Auditor-days and outlet sampling (domain.md §5) and calendar rules, on the pure modules alone."""

import datetime
from decimal import Decimal

import pytest

from unit.conftest import load_pure

days = load_pure("cert_service", "auditor_days")
dates = load_pure("cert_service", "dates")


@pytest.mark.parametrize(
    "employees, expected",
    [(0, 2), (50, 2), (51, 3), (200, 3), (201, 4), (500, 4), (501, 5), (1000, 5), (1001, 6), (100000, 6)],
)
def test_table_rows_are_inclusive(employees, expected):
    assert days.table_days(employees) == Decimal(expected)


@pytest.mark.parametrize(
    "outlets, factor, sampled",
    [
        (0, 1, 0),
        (1, 1, 1),
        (3, 1, 2),
        (4, 1, 2),
        (5, 1, 3),
        (9, 1, 3),
        (10, 1, 4),
        (25, "0.6", 3),
        (25, "0.8", 4),
        (2, "0.6", 1),
        (100, 1, 10),
    ],
)
def test_outlet_sample_size(outlets, factor, sampled):
    assert days.sample_size(outlets, Decimal(factor)) == sampled


def test_initial_days_add_half_a_day_per_sampled_outlet():
    assert days.initial_days(320, days.sample_size(3)) == Decimal("5.0")
    assert days.initial_days(45, 0) == Decimal(2)


@pytest.mark.parametrize(
    "initial, ratio, expected",
    [
        ("5", "surveillance", "2.0"),
        ("5", "recertification", "3.5"),
        ("2", "surveillance", "1"),
        ("6", "surveillance", "2.0"),
        ("6", "recertification", "4.0"),
        ("4.5", "surveillance", "1.5"),
    ],
)
def test_surveillance_and_recertification_days(initial, ratio, expected):
    assert days.derived_days(Decimal(initial), days.DEFAULT_RATIOS[ratio]) == Decimal(expected)


def test_round_up_half():
    assert [days.round_up_half(Decimal(x)) for x in ("1", "1.01", "1.5", "1.51")] == [
        1,
        Decimal("1.5"),
        Decimal("1.5"),
        2,
    ]


def test_bad_input():
    with pytest.raises(ValueError):
        days.sample_size(-1)
    with pytest.raises(ValueError):
        days.table_days(-5)
    with pytest.raises(ValueError):
        days.table_days(10, table=((5, 2),))


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),  # clamped to the month's end
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2026, 11, 15), 36, datetime.date(2029, 11, 15)),
        (datetime.date(2026, 3, 31), -1, datetime.date(2026, 2, 28)),  # backwards (conflict periods)
        (datetime.date(2031, 3, 3), -24, datetime.date(2029, 3, 3)),
        (datetime.date(2031, 12, 15), 1, datetime.date(2032, 1, 15)),  # across the year
        (datetime.date(2031, 1, 15), -1, datetime.date(2030, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert dates.add_months(day, months) == expected


def test_months_between():
    d = datetime.date
    assert dates.months_between(d(2026, 8, 29), d(2026, 11, 29)) == 3
    assert dates.months_between(d(2026, 8, 30), d(2026, 11, 29)) == 2
    assert dates.months_between(d(2026, 12, 1), d(2026, 11, 29)) == 0


def test_stored_ratios_do_not_round_multiples_of_three_up():
    """⅔ is stored as 0.6667 on the scheme: ⅔ of 3 days is still 2, of 6 days 4 (not 2.5 / 4.5)."""
    assert days.derived_days(3, Decimal("0.6667")) == 2
    assert days.derived_days(6, Decimal("0.6667")) == 4
    assert days.derived_days(6, Decimal("0.3333")) == 2
    assert days.derived_days(5, Decimal("0.3333")) == 2
