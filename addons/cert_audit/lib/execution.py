"""Audit execution rules as pure functions (domain.md §5–§7): finding deadlines, the offline checklist
sheet, and the evidence manifest of a decision.

This module imports nothing from Odoo: the models call it, tests load it on its own.
"""

import datetime
import hashlib
import json
from collections import namedtuple
from decimal import Decimal
from decimal import InvalidOperation

#: A problem of one sheet row: ``code`` names the rule, ``params`` the figures (the caller words it).
RowError = namedtuple("RowError", "row code params")
#: What the sheet import needs to know about a checklist line.
LineSpec = namedtuple("LineSpec", "max_points sampled excludable")
#: Columns of the offline checklist sheet, in order.
SHEET_COLUMNS = (
    "code",
    "name",
    "max_points",
    "sampled",
    "sample_size",
    "nonconforming",
    "points",
    "excluded",
    "exclusion_reason",
    "note",
)
TRUE_WORDS = {"1", "x", "y", "yes", "true", "是", "√", "✓"}


def finding_due_date(severity, last_day, major_days=30, minor_days=60):
    """Default deadline of a finding: ``major_days``/``minor_days`` after the audit's last day; None otherwise."""
    days = {"major": major_days, "minor": minor_days}.get(severity)
    if days is None or not last_day:
        return None
    return last_day + datetime.timedelta(days=int(days))


def repeat_audit_due(severity, state, last_day, today, repeat_days=90):
    """Whether a major finding still open ``repeat_days`` after the audit means the on-site audit is repeated."""
    return bool(
        severity == "major"
        and state != "closed"
        and last_day
        and today > last_day + datetime.timedelta(days=repeat_days)
    )


def _cell_text(value):
    return "" if value is None else str(value).strip()


def _number(value):
    if isinstance(value, float):
        value = repr(value)
    return Decimal(str(value).strip())


def parse_sheet(rows, lines):
    """Validate the filled checklist sheet.

    :param rows: iterable of (row number, {column: cell value}) — columns of :data:`SHEET_COLUMNS`
    :param lines: {indicator code: :class:`LineSpec`} of the audit's checklist
    :returns: (updates, errors): updates {code: {"points"|"sample_size"|"nonconforming"|"excluded"|
        "exclusion_reason"|"note": value}} for the rows that carry something; errors a list of
        :class:`RowError`. The caller writes nothing when ``errors`` is not empty.
    """
    updates, errors, seen = {}, [], {}
    for row, cells in rows:
        code = _cell_text(cells.get("code"))
        if not code and not any(_cell_text(v) for v in cells.values()):
            continue
        spec = lines.get(code)
        if spec is None:
            errors.append(RowError(row, "unknown_code", {"code": code}))
            continue
        if code in seen:
            errors.append(RowError(row, "duplicate_code", {"code": code, "first": seen[code]}))
            continue
        seen[code] = row
        values = {"note": _cell_text(cells.get("note"))}
        excluded = _cell_text(cells.get("excluded")).lower() in TRUE_WORDS
        reason = _cell_text(cells.get("exclusion_reason"))
        if excluded:
            if not spec.excludable:
                errors.append(RowError(row, "not_excludable", {"code": code}))
                continue
            if not reason:
                errors.append(RowError(row, "exclusion_without_reason", {"code": code}))
                continue
            values.update(excluded=True, exclusion_reason=reason)
            updates[code] = values
            continue
        values["excluded"] = False
        try:
            if spec.sampled:
                size, bad = _cell_text(cells.get("sample_size")), _cell_text(cells.get("nonconforming"))
                if size or bad:
                    size, bad = int(_number(size or 0)), int(_number(bad or 0))
                    if size <= 0 or bad < 0 or bad > size:
                        errors.append(
                            RowError(row, "bad_sample", {"code": code, "sampled": size, "nonconforming": bad})
                        )
                        continue
                    values.update(sample_size=size, nonconforming=bad)
                elif _cell_text(cells.get("points")):
                    errors.append(RowError(row, "sample_required", {"code": code}))
                    continue
            else:
                points = _cell_text(cells.get("points"))
                if points:
                    value = _number(points)
                    maximum = _number(spec.max_points)
                    if value < 0 or value > maximum or value != value.quantize(Decimal("0.01")):
                        errors.append(
                            RowError(row, "out_of_range", {"code": code, "points": points, "max": spec.max_points})
                        )
                        continue
                    values["points"] = float(value)
        except (InvalidOperation, ValueError):
            errors.append(RowError(row, "not_a_number", {"code": code}))
            continue
        updates[code] = values
    return updates, errors


def canonical_manifest(manifest):
    """The manifest as canonical bytes: sorted keys, no spaces, UTF-8 — what the SHA-256 is taken over."""
    return json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def manifest_digest(manifest):
    return hashlib.sha256(canonical_manifest(manifest)).hexdigest()


def manifest_differences(entries, current):
    """Entries whose evidence version no longer has the recorded bytes.

    :param entries: manifest entries, each a dict with ``version`` (id) and ``sha256``
    :param current: {version id: SHA-256 of the stored bytes now, or None when the file is missing}
    :returns: list of (entry, current SHA-256 or None)
    """
    return [
        (entry, current.get(entry["version"])) for entry in entries if current.get(entry["version"]) != entry["sha256"]
    ]
