"""Billing rules (domain.md §9) on the pure module alone."""

import datetime
from decimal import Decimal

import pytest

from unit.conftest import load_pure

billing = load_pure("cert_service", "billing")
certificates = load_pure("cert_service", "certificates")


@pytest.mark.parametrize(
    "event, line_milestone, occurrence, expected",
    [
        ("application_accepted", "application_accepted", "once", True),
        ("application_accepted", "audit_reported", "once", False),
        ("audit_reported", "audit_reported", "once", True),
        ("certificate_issued", "certificate_issued", "once", True),
        ("certificate_issued", "certificate_issued", "per_year", True),
        ("certificate_issued", "annual_fee", "per_year", True),
        ("annual_fee", "certificate_issued", "per_year", True),
        ("annual_fee", "certificate_issued", "once", False),
        ("surveillance_due", "surveillance_due", "per_surveillance", True),
        ("surveillance_due", "certificate_issued", "per_year", False),
        ("recertification_accepted", "recertification_accepted", "once", True),
    ],
)
def test_line_applies(event, line_milestone, occurrence, expected):
    assert billing.line_applies(event, line_milestone, occurrence) is expected


@pytest.mark.parametrize(
    "basis, quoted, ratio, actual, expected",
    [
        ("fixed", 1, 1, None, "1"),
        ("fixed", 1, 1, 7, "1"),  # a fixed fee ignores the days
        ("initial_days", 5, 1, None, "5"),  # no audit: the quoted figure
        ("initial_days", 5, 1, 6.5, "6.5"),  # the team's actual days, not the planned ones
        ("initial_days", 5, 0.5, 5, "2.5"),
        ("initial_days", 5, 0.6667, 5, "3.5"),  # ⅔ of 5 rounded up to half a day
        ("initial_days", 6, 0.6667, 6, "4"),  # ⅔ stored with 4 decimals does not creep up to 4.5
        ("initial_days", 4, 1, 0, "0"),
    ],
)
def test_line_quantity(basis, quoted, ratio, actual, expected):
    assert billing.line_quantity(basis, quoted, ratio, actual) == Decimal(expected)


def schedule_of(issued, validity, interval=12, window=2):
    return billing.yearly_schedule(
        issued, validity, certificates.planned_surveillances(issued, validity, interval, window, expiry=None)
    )


def test_yearly_schedule_three_year_certificate():
    issued = datetime.date(2026, 1, 31)
    assert schedule_of(issued, 36) == [
        ("annual_fee", "year/2", datetime.date(2027, 1, 31)),
        ("annual_fee", "year/3", datetime.date(2028, 1, 31)),
        ("surveillance_due", "surveillance/1", datetime.date(2027, 1, 31)),
        ("surveillance_due", "surveillance/2", datetime.date(2028, 1, 31)),
    ]


@pytest.mark.parametrize(
    "validity, interval, annual, surveillances",
    [(36, 12, 2, 2), (36, 6, 2, 5), (24, 12, 1, 1), (12, 12, 0, 0), (36, 0, 2, 0)],
)
def test_one_surveillance_fee_per_surveillance_of_the_programme(validity, interval, annual, surveillances):
    # the fees follow the surveillance programme: 36 months at a 6-month interval → 5 audits, 5 fees
    issued = datetime.date(2026, 1, 5)
    schedule = schedule_of(issued, validity, interval)
    assert [m for m, _p, _d in schedule].count("annual_fee") == annual
    assert [m for m, _p, _d in schedule].count("surveillance_due") == surveillances
    assert surveillances == certificates.surveillances_per_cycle(validity, interval)


@pytest.mark.parametrize(
    "move_state, payment_state, expected",
    [
        (False, False, "to_invoice"),
        ("draft", "not_paid", "invoiced"),
        ("posted", "not_paid", "invoiced"),
        ("posted", "partial", "invoiced"),  # a partial credit note: still billed
        ("posted", "reversed", "to_invoice"),  # reversed in full: billable again
        ("cancel", "not_paid", "to_invoice"),
        ("posted", "in_payment", "paid"),
        ("posted", "paid", "paid"),
    ],
)
def test_invoice_state(move_state, payment_state, expected):
    assert billing.invoice_state(move_state, payment_state) == expected


@pytest.mark.parametrize(
    "today, expected",
    [(datetime.date(2026, 3, 31), False), (datetime.date(2026, 4, 1), True)],
)
def test_overdue_after_grace(today, expected):
    assert billing.overdue(datetime.date(2026, 3, 1), today, 30) is expected
    assert billing.overdue(False, today, 30) is False


@pytest.mark.parametrize(
    "move_state, payment_state, today, expected",
    [
        ("posted", "not_paid", datetime.date(2026, 4, 1), True),
        ("posted", "partial", datetime.date(2026, 4, 1), True),
        ("posted", "not_paid", datetime.date(2026, 3, 31), False),  # within the grace period
        ("posted", "in_payment", datetime.date(2026, 4, 1), False),
        ("posted", "paid", datetime.date(2026, 4, 1), False),
        ("posted", "reversed", datetime.date(2026, 4, 1), False),
        ("draft", "not_paid", datetime.date(2026, 4, 1), False),  # not sent: nothing to pay yet
        ("cancel", "not_paid", datetime.date(2026, 4, 1), False),
    ],
)
def test_unpaid_overdue(move_state, payment_state, today, expected):
    assert billing.unpaid_overdue(move_state, payment_state, datetime.date(2026, 3, 1), today, 30) is expected


@pytest.mark.parametrize(
    "count, expected",
    [(0, 2000), (50, 2000), (300, 2000), (301, 3000), (1000, 3000), (1001, 4000)],
)
def test_band_price_from_thresholds(count, expected):
    bands = [(1001, 4000), (0, 2000), (301, 3000)]
    assert billing.band_price(bands, count, 999) == expected


def test_band_price_without_bands_or_below_them():
    assert billing.band_price([], 10, 2000) == 2000
    assert billing.band_price([(10, 3000)], 5, 2000) == 2000
