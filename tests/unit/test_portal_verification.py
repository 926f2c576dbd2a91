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


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("valid", {"zh_CN": "有效", "en_US": "Valid"}),
        ("suspended", {"zh_CN": "暂停", "en_US": "Suspended"}),
        ("withdrawn", {"zh_CN": "撤销", "en_US": "Withdrawn"}),
        ("cancelled", {"zh_CN": "注销", "en_US": "Cancelled"}),
        ("expired", {"zh_CN": "过期", "en_US": "Expired"}),
        ("superseded", {"zh_CN": "已换发", "en_US": "Superseded"}),
        ("unknown", {"zh_CN": "unknown", "en_US": "unknown"}),
    ],
)
def test_status_label_in_both_languages(vf, status, expected):
    assert vf.status_label(status) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"en_US": "Five stars", "zh_CN": "五星级"}, {"zh_CN": "五星级", "en_US": "Five stars"}),
        ({"en_US": "Five stars"}, {"zh_CN": "Five stars", "en_US": "Five stars"}),
        ({"zh_CN": "五星级"}, {"zh_CN": "五星级", "en_US": "五星级"}),
        ({"en_US": "Five stars", "zh_CN": ""}, {"zh_CN": "Five stars", "en_US": "Five stars"}),
        (None, {"zh_CN": "", "en_US": ""}),
    ],
)
def test_bilingual_falls_back_on_the_other_language(vf, names, expected):
    assert vf.bilingual(names) == expected


def test_etag_is_a_digest_of_the_facts(vf):
    facts = {"number": "CB-1", "status": "valid", "issue_date": dt.date(2030, 1, 1), "sites": [{"name": "HQ"}]}
    tag = vf.etag("page", facts)
    assert tag == vf.etag("page", dict(reversed(list(facts.items()))))  # key order does not count
    assert vf.etag("json", facts) != tag  # another representation
    for key, other in [("status", "expired"), ("issue_date", dt.date(2030, 1, 2)), ("sites", [{"name": "HQ2"}])]:
        assert vf.etag("page", dict(facts, **{key: other})) != tag, key
