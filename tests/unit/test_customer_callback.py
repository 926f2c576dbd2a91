"""Call-back answers into indicator samples (callback.py) and masking of personal data (masking.py)."""

import pytest

MAPPING = {
    "5.2.4": [("on_time", frozenset({"no"})), ("fixed", frozenset({"no"}))],
    "5.3.1": [("satisfaction", frozenset({"1", "2"}))],
    "5.3.2": [("complaint", frozenset({"no"}))],
}


@pytest.mark.parametrize(
    "answers, expected",
    [
        ({"on_time": "yes", "fixed": "yes", "satisfaction": "5"}, {"5.2.4": False, "5.3.1": False}),
        ({"on_time": "no", "fixed": "yes", "satisfaction": "2"}, {"5.2.4": True, "5.3.1": True}),
        ({"fixed": "no", "complaint": "yes"}, {"5.2.4": True, "5.3.2": False}),
        ({"complaint": None}, {}),  # unanswered: does not count
        ({"complaint": "na", "on_time": "na", "fixed": "yes"}, {"5.2.4": False}),  # not applicable: not counted
        ({}, {}),
    ],
)
def test_outcomes(callback, answers, expected):
    assert callback.outcomes(answers, MAPPING) == expected


def test_aggregate_per_indicator_and_outlet(callback):
    responses = [
        ("o1", {"on_time": "yes", "fixed": "yes", "satisfaction": "5"}),
        ("o1", {"on_time": "no", "fixed": "yes", "satisfaction": "1", "complaint": "no"}),
        ("o2", {"on_time": "yes", "fixed": "yes", "satisfaction": "4", "complaint": "yes"}),
    ]
    totals, per_outlet = callback.aggregate(responses, MAPPING)
    assert totals == {"5.2.4": (3, 1), "5.3.1": (3, 1), "5.3.2": (2, 1)}
    assert per_outlet[("o1", "5.2.4")] == (2, 1)
    assert per_outlet[("o2", "5.3.2")] == (1, 0)


@pytest.mark.parametrize(
    "name, expected", [("张三丰", "张**"), ("李", "李*"), ("", ""), (None, ""), (" Wang Wei ", "W*******")]
)
def test_mask_name(masking, name, expected):
    assert masking.mask_name(name) == expected


@pytest.mark.parametrize(
    "phone, expected",
    [("13812345678", "138****5678"), ("020-8888 1234", "020******1234"), ("12345", "*****"), ("", ""), (None, "")],
)
def test_mask_phone(masking, phone, expected):
    assert masking.mask_phone(phone) == expected
