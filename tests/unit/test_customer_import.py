"""Service-order files (service_import.py): good rows to values, every bad row named, nothing half-parsed."""

import datetime

import pytest

OUTLETS = {"天河店": 1, "越秀店": 2}
HEADER = ["客户", "电话", "日期", "网点", "服务类型", "单号"]


def good(ref="A1", date="2025-03-01", outlet="天河店", phone="13812345678"):
    return ["张三", phone, date, outlet, "维修", ref]


def test_good_file(service_import):
    rows = [HEADER, good("A1"), ["", "", "", "", "", ""], good("A2", datetime.datetime(2025, 3, 2), "越秀店")]
    values, problems = service_import.parse_rows(rows, OUTLETS)
    assert problems == []
    assert [v["order_ref"] for v in values] == ["A1", "A2"]
    assert values[1]["service_date"] == datetime.date(2025, 3, 2)
    assert values[1]["site_id"] == 2
    assert values[0]["customer_name"] == "张三"


def test_english_headers_and_numbers(service_import):
    rows = [["Customer", "Phone", "Date", "Outlet", "Order Ref"], ["Li", 13812345678.0, "2025/03/01", "天河店", 77]]
    values, problems = service_import.parse_rows(rows, OUTLETS)
    assert problems == []
    assert values[0]["customer_phone"] == "13812345678"
    assert values[0]["order_ref"] == "77"


@pytest.mark.parametrize(
    "row, code, value",
    [
        (good(date="2025-02-30"), "bad_date", "2025-02-30"),
        (good(date="yesterday"), "bad_date", "yesterday"),
        (good(outlet="海珠店"), "unknown_outlet", "海珠店"),
        (good(phone="call me"), "bad_phone", "call me"),
        (good(ref=""), "missing", "order_ref"),
        (good(date="2024-12-31"), "outside_period", "2024-12-31"),
    ],
)
def test_bad_row_named(service_import, row, code, value):
    rows = [HEADER, good("OK1"), row]
    period = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    values, problems = service_import.parse_rows(rows, OUTLETS, period)
    assert (3, code, value) in problems
    assert [v["order_ref"] for v in values] == ["OK1"]


def test_duplicate_reference(service_import):
    values, problems = service_import.parse_rows([HEADER, good("A1"), good("A1")], OUTLETS)
    assert problems == [(3, "duplicate_ref", "A1")]


def test_reference_imported_already_named_with_its_row(service_import):
    rows = [HEADER, good("A1"), ["", "", "", "", "", ""], good("A2"), good("A3")]
    values, problems = service_import.parse_rows(rows, OUTLETS, existing={"A2"})
    assert problems == [(4, "existing_ref", "A2")], "the blank line counts: A2 is row 4 of the file"
    assert [v["order_ref"] for v in values] == ["A1", "A3"]


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([], [(0, "empty", "")]),
        ([HEADER], [(0, "empty", "")]),
        ([["客户", "电话", "日期", "单号"]], [(1, "missing_column", "outlet")]),
    ],
)
def test_bad_file(service_import, rows, expected):
    assert service_import.parse_rows(rows, OUTLETS)[1] == expected
