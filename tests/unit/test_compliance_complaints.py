"""Unit tests of the complaints and appeals rules (addons/cert_compliance/lib/complaints.py)."""

import datetime as dt

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def cp():
    return load_pure("cert_compliance", "complaints")


INVOLVEMENTS = [
    (7, "lead", "AUD-1"),
    (8, "auditor", "AUD-1"),
    (7, "auditor", "AUD-2"),
    (9, "decision", "DEC-1"),
    (7, "lead", "AUD-1"),  # the same line twice (two member rows): said once
    (False, "decision", "DEC-0"),  # a decision not taken yet
]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (7, [("lead", "AUD-1"), ("auditor", "AUD-2")]),
        (8, [("auditor", "AUD-1")]),
        (9, [("decision", "DEC-1")]),
        (10, []),
        (False, []),
    ],
)
def test_involvement(cp, user, expected):
    assert cp.involvement(user, INVOLVEMENTS) == expected


@pytest.mark.parametrize(
    ("received", "ack", "decision", "expected"),
    [
        (dt.date(2026, 1, 30), 5, 60, (dt.date(2026, 2, 4), dt.date(2026, 3, 31))),
        (dt.date(2024, 2, 28), 1, 1, (dt.date(2024, 2, 29), dt.date(2024, 2, 29))),
        (dt.date(2026, 12, 31), 0, -3, (dt.date(2027, 1, 1), dt.date(2027, 1, 1))),  # at least a day
        (dt.date(2026, 5, 1), "7", "30", (dt.date(2026, 5, 8), dt.date(2026, 5, 31))),
    ],
)
def test_due_dates(cp, received, ack, decision, expected):
    assert cp.due_dates(received, ack, decision) == expected


@pytest.mark.parametrize(
    ("state", "due", "today", "expected"),
    [
        ("received", dt.date(2026, 3, 1), dt.date(2026, 3, 2), True),
        ("investigating", dt.date(2026, 3, 1), dt.date(2026, 3, 2), True),
        ("investigating", dt.date(2026, 3, 1), dt.date(2026, 3, 1), False),  # due today: not yet late
        ("decided", dt.date(2026, 3, 1), dt.date(2026, 3, 9), False),
        ("closed", dt.date(2026, 3, 1), dt.date(2026, 3, 9), False),
        ("received", None, dt.date(2026, 3, 9), False),
    ],
)
def test_overdue(cp, state, due, today, expected):
    assert cp.overdue(state, due, today) is expected


@pytest.mark.parametrize(
    ("name", "email", "phone", "description", "errors"),
    [
        ("张三", "zhang@example.com", "", "证书上的地址不对", []),
        ("  张三 ", "", "13800000000", " 网点已关闭 ", []),
        ("", "zhang@example.com", "", "x", ["name_missing"]),
        ("张三", "", "", "x", ["contact_missing"]),
        ("张三", "not-an-email", "", "x", ["email_invalid"]),
        ("张三", "a@b.c", "1" * 41, "x", ["phone_long"]),
        ("张三", "a@b.c", "", "   ", ["description_missing"]),
        ("张" * 129, "a@b.c", "", "x" * 5001, ["name_long", "description_long"]),
        (None, None, None, None, ["name_missing", "contact_missing", "description_missing"]),
    ],
)
def test_clean_contact(cp, name, email, phone, description, errors):
    values, found = cp.clean_contact(name, email, phone, description)
    assert found == errors
    assert values["name"] == (name or "").strip()
