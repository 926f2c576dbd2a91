"""Numeric settings read from text (lib/params.py)."""

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def params():
    return load_pure("cert_service", "params")


@pytest.mark.parametrize(
    "text, default, kind, minimum, expected",
    [
        ("6", 6, int, 0, 6),
        (" 10 ", 6, int, 0, 10),
        ("", 6, int, 0, 6),
        (None, 6, int, 0, 6),
        ("six", 6, int, 0, 6),
        ("-1", 6, int, 0, 6),
        ("2.5", 50.0, float, 0, 2.5),
        ("nan", 50.0, float, 0, 50.0),
        ("0.001", 50.0, float, None, 0.001),
        ("-3", 1, int, None, -3),
    ],
)
def test_parse_number(params, text, default, kind, minimum, expected):
    assert params.parse_number(text, default, kind, minimum) == expected


@pytest.mark.parametrize(
    "text, default, expected",
    [
        (None, True, True),  # missing: the field's default
        (None, False, False),
        ("True", False, True),  # as Odoo stores a ticked box
        ("1", False, True),
        ("0", True, False),
        ("false", True, False),
        ("maybe", True, True),  # unreadable: the default
    ],
)
def test_parse_flag(params, text, default, expected):
    assert params.parse_flag(text, default) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", 7),  # as Odoo stores a many2one
        (" 12 ", 12),
        (None, None),  # missing
        ("", None),
        ("False", None),  # as Odoo stores an emptied many2one
        ("0", None),
        ("-3", None),
        ("7.5", None),
        ("cb_manager", None),  # a login, not an id
    ],
)
def test_parse_id(params, text, expected):
    assert params.parse_id(text) == expected
