"""Unit tests of the public verification rules (addons/cert_portal/lib/verification.py)."""

import datetime as dt

import pytest

from .conftest import load_pure

HOLDER = "顺安物流有限公司 (Shun'an Logistics Co., Ltd.)"


@pytest.fixture(scope="module")
def vf():
    return load_pure("cert_portal", "verification")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (HOLDER, True),
        ("顺安物流有限公司", True),
        ("  顺安物流 有限公司 ", True),
        ("shun'an logistics co., ltd.", True),
        ("SHUNAN LOGISTICS CO LTD", True),
        ("（Shun'an Logistics Co., Ltd.）", True),
        ("顺安物流", False),  # a fragment does not designate the holder
        ("Shun'an", False),
        ("", False),
        ("   ", False),
        ("美达家电股份有限公司", False),
    ],
)
def test_name_matches(vf, typed, expected):
    assert vf.name_matches(typed, HOLDER) is expected


def test_full_width_parentheses(vf):
    assert vf.name_matches("宏远电器", "宏远电器（Hongyuan）")
    assert vf.name_matches("hongyuan", "宏远电器（Hongyuan）")


@pytest.mark.parametrize(
    ("state", "expiry", "expected"),
    [
        ("valid", dt.date(2031, 1, 1), "valid"),
        ("valid", dt.date(2029, 12, 31), "expired"),
        ("valid", None, "valid"),
        ("suspended", dt.date(2029, 12, 31), "suspended"),
        ("withdrawn", dt.date(2031, 1, 1), "withdrawn"),
    ],
)
def test_public_status(vf, state, expiry, expected):
    assert vf.public_status(state, expiry, dt.date(2030, 1, 1)) == expected


NOW = dt.datetime(2030, 1, 1, 12, 0, 0)
WINDOW = dt.timedelta(minutes=10)


@pytest.mark.parametrize(
    ("failures", "oldest", "expected"),
    [
        (0, None, 0),
        (19, NOW - dt.timedelta(minutes=9), 0),
        (20, NOW - dt.timedelta(minutes=9), 60),
        (25, NOW - dt.timedelta(seconds=1), 599),
        (20, NOW, 600),
        (20, NOW - dt.timedelta(minutes=10), 1),
    ],
)
def test_retry_after(vf, failures, oldest, expected):
    assert vf.retry_after(failures, oldest, NOW, 20, WINDOW) == expected
