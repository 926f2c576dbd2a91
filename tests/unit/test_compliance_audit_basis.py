"""Unit tests of the audit mode and auditor-days basis rules (addons/cert_compliance/lib/audit_basis.py)."""

from decimal import Decimal

import pytest

from .conftest import load_pure

TABLE = ((50, 2), (200, 3), (500, 4), (1000, 5), (None, 6))


@pytest.fixture(scope="module")
def ab():
    return load_pure("cert_compliance", "audit_basis")


@pytest.mark.parametrize(
    ("mode", "expected"), [("FS01", False), ("FS02", True), ("FS03", True), (None, False), ("", False)]
)
def test_needs_remote_means(ab, mode, expected):
    assert ab.needs_remote_means(mode) is expected


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (0, (0, 50, Decimal(2))),
        (50, (0, 50, Decimal(2))),
        (51, (51, 200, Decimal(3))),
        (320, (201, 500, Decimal(4))),
        (1000, (501, 1000, Decimal(5))),
        (1001, (1001, None, Decimal(6))),
        (None, (0, 50, Decimal(2))),
    ],
)
def test_table_row(ab, employees, expected):
    assert ab.table_row(employees, TABLE) == expected


def test_table_row_unsorted_and_bounded(ab):
    assert ab.table_row(120, [(200, 3), (50, 2)]) == (51, 200, Decimal(3))
    with pytest.raises(ValueError):
        ab.table_row(201, [(200, 3), (50, 2)])
    with pytest.raises(ValueError):
        ab.table_row(-1, TABLE)


@pytest.mark.parametrize(
    ("standard", "adjustments", "expected"),
    [
        (3.0, [], (Decimal("3.0"), [])),
        (3.0, [(0.5, "两个网点相距较远")], (Decimal("3.5"), [])),
        (3.0, [(-0.5, "复杂程度低"), (1, "")], (Decimal("3.5"), [1])),
        (1.5, [(-1.5, "remote review of records")], (Decimal("0.0"), [])),
    ],
)
def test_adjusted(ab, standard, adjustments, expected):
    assert ab.adjusted(standard, adjustments) == expected


def test_adjusted_never_negative(ab):
    with pytest.raises(ValueError):
        ab.adjusted(1, [(-1.5, "too much")])
