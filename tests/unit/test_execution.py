"""Audit execution rules (domain.md §5–§7) on the pure module alone: deadlines, the offline sheet, the manifest."""

import datetime

import pytest

DAY = datetime.date(2031, 3, 7)


@pytest.mark.parametrize(
    ("severity", "expected"),
    [("major", DAY + datetime.timedelta(days=30)), ("minor", DAY + datetime.timedelta(days=60)), ("observation", None)],
)
def test_finding_due_date(execution, severity, expected):
    assert execution.finding_due_date(severity, DAY) == expected


def test_finding_due_date_per_scheme(execution):
    assert execution.finding_due_date("major", DAY, major_days=15) == DAY + datetime.timedelta(days=15)
    assert execution.finding_due_date("minor", None) is None


@pytest.mark.parametrize(
    ("severity", "state", "days_after", "expected"),
    [
        ("major", "open", 91, True),
        ("major", "open", 90, False),
        ("major", "closed", 200, False),
        ("minor", "open", 200, False),
        ("major", "action_accepted", 91, True),
    ],
)
def test_repeat_audit_due(execution, severity, state, days_after, expected):
    today = DAY + datetime.timedelta(days=days_after)
    assert execution.repeat_audit_due(severity, state, DAY, today) is expected


@pytest.fixture
def lines(execution):
    Spec = execution.LineSpec
    return {"5.1.1": Spec(6, False, False), "5.1.2": Spec(6, True, False), "5.2.6": Spec(5, False, True)}


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ({"code": "9.9", "points": 1}, "unknown_code"),
        ({"code": "5.1.1", "points": 6.01}, "out_of_range"),
        ({"code": "5.1.1", "points": -1}, "out_of_range"),
        ({"code": "5.1.1", "points": 1.005}, "out_of_range"),
        ({"code": "5.1.1", "points": "six"}, "not_a_number"),
        ({"code": "5.1.1", "excluded": "yes", "exclusion_reason": "n/a"}, "not_excludable"),
        ({"code": "5.2.6", "excluded": "是", "exclusion_reason": " "}, "exclusion_without_reason"),
        ({"code": "5.1.2", "sample_size": 3, "nonconforming": 4}, "bad_sample"),
        ({"code": "5.1.2", "sample_size": 0, "nonconforming": 0}, "bad_sample"),
        ({"code": "5.1.2", "points": 3}, "sample_required"),
    ],
)
def test_sheet_row_errors(execution, lines, cells, code):
    updates, errors = execution.parse_sheet([(2, cells)], lines)
    assert [e.code for e in errors] == [code]
    assert errors[0].row == 2


def test_sheet_valid_rows(execution, lines):
    rows = [
        (2, {"code": "5.1.1", "points": 5.5, "note": " late "}),
        (3, {"code": "5.1.2", "sample_size": 10, "nonconforming": 3}),
        (4, {"code": "5.2.6", "excluded": "x", "exclusion_reason": "nothing recycled"}),
        (5, {"code": None, "points": None}),
    ]
    updates, errors = execution.parse_sheet(rows, lines)
    assert errors == []
    assert updates["5.1.1"] == {"note": "late", "excluded": False, "points": 5.5}
    assert updates["5.1.2"]["sample_size"] == 10 and updates["5.1.2"]["nonconforming"] == 3
    assert updates["5.2.6"]["excluded"] is True


def test_sheet_duplicate_code(execution, lines):
    _updates, errors = execution.parse_sheet([(2, {"code": "5.1.1"}), (3, {"code": "5.1.1"})], lines)
    assert [(e.row, e.code, e.params["first"]) for e in errors] == [(3, "duplicate_code", 2)]


def test_manifest_is_canonical(execution):
    a = {"b": 1, "a": [{"y": "配送", "x": 2}]}
    b = {"a": [{"x": 2, "y": "配送"}], "b": 1}
    assert execution.canonical_manifest(a) == execution.canonical_manifest(b)
    assert execution.canonical_manifest(a) == '{"a":[{"x":2,"y":"配送"}],"b":1}'.encode()
    assert len(execution.manifest_digest(a)) == 64


def test_manifest_differences(execution):
    entries = [{"version": 1, "sha256": "aa"}, {"version": 2, "sha256": "bb"}, {"version": 3, "sha256": "cc"}]
    found = execution.manifest_differences(entries, {1: "aa", 2: "zz"})
    assert found == [(entries[1], "zz"), (entries[2], None)]
