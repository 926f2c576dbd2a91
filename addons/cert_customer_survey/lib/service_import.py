"""Rows of a client's service-order file (CSV or XLSX) checked and turned into values. Pure.

Nothing is imported from a file with a bad row: ``parse_rows`` returns every problem with its row number
(the spreadsheet's, the header being row 1), and the caller imports only when there is none.
"""

import datetime
import re

#: column → accepted headers (English and Chinese, compared without case or surrounding spaces)
COLUMNS = {
    "customer_name": ("customer", "customer name", "客户", "客户姓名", "顾客"),
    "customer_phone": ("phone", "telephone", "电话", "联系电话", "手机"),
    "service_date": ("date", "service date", "日期", "服务日期"),
    "outlet": ("outlet", "site", "网点", "服务网点"),
    "service_type": ("service type", "type", "服务类型"),
    "order_ref": ("order ref", "order reference", "reference", "单号", "工单号", "订单号"),
}
REQUIRED = ("customer_name", "customer_phone", "service_date", "outlet", "order_ref")
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")


class Problem(tuple):
    """(row, code, value): row 0 for the file itself; code names the rule broken."""

    __slots__ = ()

    def __new__(cls, row, code, value=""):
        return super().__new__(cls, (row, code, value))

    row = property(lambda self: self[0])
    code = property(lambda self: self[1])
    value = property(lambda self: self[2])


def header_map(header):
    """{column: index} of the header row, and the problems of a header missing a required column."""
    found = {}
    names = [str(cell or "").strip().lower() for cell in header]
    for column, accepted in COLUMNS.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[column] = index
                break
    problems = [Problem(1, "missing_column", column) for column in REQUIRED if column not in found]
    return found, problems


def to_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_rows(rows, outlets, period=None, existing=()):
    """Check the rows of a file and return (values, problems).

    :param rows: the file's rows, the header first (lists of cell values)
    :param outlets: {outlet name: site id} of the application's sites
    :param period: (first day, last day) the orders must fall in, or None
    :param existing: the order references imported already (a second file adds to the first, never twice)
    :return: (list of dicts with the columns, outlet replaced by ``site_id``), list of ``Problem``
    """
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        return [], [Problem(0, "empty")]
    columns, problems = header_map(header)
    if problems:
        return [], problems
    values = []
    seen = {}
    for number, row in enumerate(rows, 2):
        cells = {column: cell_text(row[index]) if index < len(row) else "" for column, index in columns.items()}
        raw_date = row[columns["service_date"]] if columns["service_date"] < len(row) else None
        if not any(cells.values()):
            continue  # blank line
        bad = [Problem(number, "missing", column) for column in REQUIRED if not cells[column]]
        if bad:
            problems += bad
            continue
        date = to_date(raw_date)
        if date is None:
            problems.append(Problem(number, "bad_date", cells["service_date"]))
        elif period and not period[0] <= date <= period[1]:
            problems.append(Problem(number, "outside_period", date.isoformat()))
        if not PHONE.match(cells["customer_phone"]):
            problems.append(Problem(number, "bad_phone", cells["customer_phone"]))
        site = outlets.get(cells["outlet"])
        if site is None:
            problems.append(Problem(number, "unknown_outlet", cells["outlet"]))
        if cells["order_ref"] in seen:
            problems.append(Problem(number, "duplicate_ref", cells["order_ref"]))
        elif cells["order_ref"] in existing:
            problems.append(Problem(number, "existing_ref", cells["order_ref"]))
        seen.setdefault(cells["order_ref"], number)
        if problems and problems[-1].row == number:
            continue
        values.append(
            {
                "customer_name": cells["customer_name"],
                "customer_phone": cells["customer_phone"],
                "service_date": date,
                "site_id": site,
                "service_type": cells.get("service_type", ""),
                "order_ref": cells["order_ref"],
            }
        )
    if not values and not problems:
        problems.append(Problem(0, "empty"))
    return values, problems
