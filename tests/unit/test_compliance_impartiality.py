"""Unit tests of the impartiality risk register rules (addons/cert_compliance/lib/impartiality.py)."""

import datetime as dt

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def imp():
    return load_pure("cert_compliance", "impartiality")


@pytest.mark.parametrize(
    ("likelihood", "severity", "level"),
    [
        (1, 1, "low"),
        (1, 2, "low"),
        (2, 1, "low"),
        (1, 3, "medium"),
        (2, 2, "medium"),
        (3, 1, "medium"),
        (2, 3, "high"),
        (3, 2, "high"),
        (3, 3, "high"),
    ],
)
def test_risk_level(imp, likelihood, severity, level):
    assert imp.risk_level(likelihood, severity) == level


@pytest.mark.parametrize(("likelihood", "severity"), [(0, 1), (1, 4), (None, 2), ("2", 2)])
def test_risk_level_refuses_ratings_outside_the_scale(imp, likelihood, severity):
    with pytest.raises(ValueError, match="rating"):
        imp.risk_level(likelihood, severity)


@pytest.mark.parametrize(
    ("today", "date_from"),
    [
        (dt.date(2026, 12, 7), dt.date(2025, 12, 8)),
        (dt.date(2026, 1, 1), dt.date(2025, 1, 2)),
        (dt.date(2026, 12, 31), dt.date(2026, 1, 1)),
        (dt.date(2024, 2, 29), dt.date(2023, 3, 1)),  # 28 February 2023 + 1 day
        (dt.date(2025, 3, 1), dt.date(2024, 3, 2)),
    ],
)
def test_rolling_period_is_twelve_months_to_today(imp, today, date_from):
    period = imp.rolling_period(today)
    assert (period.kind, period.date_from, period.date_to) == ("rolling", date_from, today)
    assert period.key == f"{date_from.isoformat()}/{today.isoformat()}"


def test_year_period(imp):
    assert imp.year_period(2026) == ("year", "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with pytest.raises(ValueError, match="year"):
        imp.year_period(20260)


SHARES = [
    # name, rows (client, consultancy, amount), threshold, total, clients, consultancies, over
    ("empty", [], 15, 0.0, [], [], []),
    (
        "one client, no consultancy",
        [("A", None, 1000.0)],
        15,
        1000.0,
        [("A", 1000.0, 100.0)],
        [],
        [],
    ),
    (
        "credit note nets the invoice",
        [("A", "X", 1000.0), ("A", "X", -250.0), ("B", None, 250.0)],
        15,
        1000.0,
        [("A", 750.0, 75.0), ("B", 250.0, 25.0)],
        [("X", 750.0, 75.0)],
        ["X"],
    ),
    (
        "two consultancies, one above",
        [("A", "X", 300.0), ("B", "Y", 100.0), ("C", None, 600.0)],
        20,
        1000.0,
        [("C", 600.0, 60.0), ("A", 300.0, 30.0), ("B", 100.0, 10.0)],
        [("X", 300.0, 30.0), ("Y", 100.0, 10.0)],
        ["X"],
    ),
    (
        "exactly at the threshold is not above",
        [("A", "X", 200.0), ("B", None, 800.0)],
        20,
        1000.0,
        [("B", 800.0, 80.0), ("A", 200.0, 20.0)],
        [("X", 200.0, 20.0)],
        [],
    ),
    (
        "a consultancy summed over its clients",
        [("A", "X", 100.0), ("B", "X", 150.0), ("C", None, 750.0)],
        20,
        1000.0,
        [("C", 750.0, 75.0), ("B", 150.0, 15.0), ("A", 100.0, 10.0)],
        [("X", 250.0, 25.0)],
        ["X"],
    ),
    (
        "fully refunded client left out",
        [("A", "X", 500.0), ("A", "X", -500.0), ("B", None, 400.0)],
        15,
        400.0,
        [("B", 400.0, 100.0)],
        [],
        [],
    ),
    (
        "revenue without a client counts in the total",
        [(None, None, 500.0), ("A", None, 500.0)],
        15,
        1000.0,
        [("A", 500.0, 50.0)],
        [],
        [],
    ),
    (
        "no positive total: no share",
        [("A", "X", -100.0)],
        15,
        -100.0,
        [("A", -100.0, 0.0)],
        [("X", -100.0, 0.0)],
        [],
    ),
    (
        "threshold zero: every consultancy with revenue",
        [("A", "X", 10.0), ("B", "Y", 990.0)],
        0,
        1000.0,
        [("B", 990.0, 99.0), ("A", 10.0, 1.0)],
        [("Y", 990.0, 99.0), ("X", 10.0, 1.0)],
        ["Y", "X"],
    ),
]


@pytest.mark.parametrize(
    ("rows", "threshold", "total", "clients", "consultancies", "over"),
    [case[1:] for case in SHARES],
    ids=[case[0] for case in SHARES],
)
def test_revenue_shares(imp, rows, threshold, total, clients, consultancies, over):
    shares = imp.revenue_shares(rows, threshold)
    assert shares.total == pytest.approx(total)
    assert [(s.partner, s.amount, s.share) for s in shares.clients] == [
        (p, pytest.approx(a), pytest.approx(s)) for p, a, s in clients
    ]
    assert [(s.partner, s.amount, s.share) for s in shares.consultancies] == [
        (p, pytest.approx(a), pytest.approx(s)) for p, a, s in consultancies
    ]
    assert [s.partner for s in shares.over] == over


@pytest.mark.parametrize("threshold", [-1, 100.5])
def test_revenue_shares_refuses_a_threshold_outside_percent(imp, threshold):
    with pytest.raises(ValueError, match="threshold"):
        imp.revenue_shares([], threshold)


@pytest.mark.parametrize(
    ("last", "today", "lead", "expected"),
    [
        (None, dt.date(2026, 12, 7), 30, dt.date(2026, 12, 7)),  # never met: now
        (dt.date(2026, 1, 10), dt.date(2026, 12, 7), 30, None),  # anniversary 34 days away
        (dt.date(2026, 1, 6), dt.date(2026, 12, 7), 30, dt.date(2027, 1, 6)),  # 30 days away
        (dt.date(2025, 3, 1), dt.date(2026, 12, 7), 30, dt.date(2026, 3, 1)),  # overdue: its date
        (dt.date(2024, 2, 29), dt.date(2025, 2, 1), 30, dt.date(2025, 2, 28)),
        (dt.date(2026, 1, 6), dt.date(2026, 12, 7), 0, None),
    ],
)
def test_review_to_schedule(imp, last, today, lead, expected):
    assert imp.review_to_schedule(last, today, lead) == expected


def test_review_lead_days_cannot_be_negative(imp):
    with pytest.raises(ValueError, match="lead days"):
        imp.review_to_schedule(None, dt.date(2026, 1, 1), -1)
