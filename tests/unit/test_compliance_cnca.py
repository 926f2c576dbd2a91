"""Unit tests of the CNCA reporting rules (addons/cert_compliance/lib/cnca_report.py)."""

import datetime as dt

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def cn():
    return load_pure("cert_compliance", "cnca_report")


D = dt.date


@pytest.mark.parametrize(
    ("period", "due_day", "expected"),
    [
        (D(2027, 3, 1), 10, D(2027, 4, 10)),
        (D(2027, 3, 17), 10, D(2027, 4, 10)),  # any day of the month: its month
        (D(2027, 12, 1), 10, D(2028, 1, 10)),  # the year turns
        (D(2027, 1, 1), 31, D(2027, 2, 28)),  # a short month: its last day
        (D(2028, 1, 1), 31, D(2028, 2, 29)),
        (D(2027, 5, 1), 1, D(2027, 6, 1)),
    ],
)
def test_due_date(cn, period, due_day, expected):
    assert cn.due_date(period, due_day) == expected


def test_due_day_below_one_refused(cn):
    with pytest.raises(ValueError):
        cn.due_date(D(2027, 3, 1), 0)


@pytest.mark.parametrize(
    ("today", "due_day", "expected"),
    [
        (D(2027, 4, 10), 10, D(2027, 2, 1)),  # March is due today: not late yet
        (D(2027, 4, 11), 10, D(2027, 3, 1)),  # the day after: March is late
        (D(2027, 4, 1), 10, D(2027, 2, 1)),
        (D(2027, 1, 11), 10, D(2026, 12, 1)),
        (D(2027, 1, 5), 10, D(2026, 11, 1)),
        (D(2027, 4, 6), 5, D(2027, 3, 1)),
    ],
)
def test_last_overdue_month(cn, today, due_day, expected):
    assert cn.last_overdue_month(today, due_day) == expected
    assert cn.is_overdue(expected, today, due_day)
    assert not cn.is_overdue(cn.next_month(expected), today, due_day)


@pytest.mark.parametrize(
    ("day", "start", "following", "before"),
    [
        (D(2027, 3, 31), D(2027, 3, 1), D(2027, 4, 1), D(2027, 2, 1)),
        (D(2027, 1, 1), D(2027, 1, 1), D(2027, 2, 1), D(2026, 12, 1)),
        (D(2027, 12, 15), D(2027, 12, 1), D(2028, 1, 1), D(2027, 11, 1)),
    ],
)
def test_months(cn, day, start, following, before):
    assert cn.month_start(day) == start
    assert cn.next_month(day) == following
    assert cn.previous_month(day) == before


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        ("  顺安物流 \n 有限公司\u3000", "text", "顺安物流 有限公司"),
        ("r001-2027 0001 ", "upper", "R001-20270001"),
        ("fs01", "code", "FS01"),
        (D(2027, 3, 5), "date", "2027-03-05"),
        (dt.datetime(2027, 3, 5, 9, 30), "date", "2027-03-05"),
        ("2027-03-05 09:30:00", "date", "2027-03-05"),
        (4.0, "number", "4"),
        (4.5, "number", "4.5"),
        (0, "number", "0"),
        (False, "text", ""),
        (None, "date", ""),
        (False, "number", ""),
    ],
)
def test_format_value(cn, value, fmt, expected):
    assert cn.format_value(value, fmt) == expected


def test_unknown_format_refused(cn):
    with pytest.raises(ValueError):
        cn.format_value("x", "money")


def test_values_hash(cn):
    values = [("plan_no", "R001"), ("mode", "FS01")]
    assert cn.values_hash(values) == cn.values_hash([["plan_no", "R001"], ["mode", "FS01"]])
    assert cn.values_hash(values) != cn.values_hash([("plan_no", "R001"), ("mode", "FS02")])
    assert cn.values_hash(values) != cn.values_hash(list(reversed(values)))  # the column order is reported too
    assert len(cn.values_hash([])) == 64
