"""Unit tests of the qualification expiry warnings (addons/cert_compliance/lib/qualification_expiry.py)."""

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def qe():
    return load_pure("cert_compliance", "qualification_expiry")


@pytest.mark.parametrize(
    ("days_left", "sent", "expected"),
    [
        (120, set(), None),
        (91, set(), None),
        (90, set(), 90),
        (75, {90}, None),
        (60, {90}, 60),
        (45, set(), 60),  # first seen at 45 days: the 60-day warning only
        (31, {90, 60}, None),
        (30, {90, 60}, 30),
        (25, set(), 30),  # first seen at 25 days: the 30-day warning only
        (10, {30}, None),
        (0, {90, 60}, 30),  # last day
        (-1, set(), None),  # expired: the scheduling refusal takes over
        (None, set(), None),
    ],
)
def test_due_stage(qe, days_left, sent, expected):
    assert qe.due_stage(days_left, sent) == expected


def test_custom_stages(qe):
    assert qe.due_stage(14, set(), (14, 7)) == 14
    assert qe.due_stage(7, {14}, (14, 7)) == 7
