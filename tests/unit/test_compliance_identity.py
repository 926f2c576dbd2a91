"""Unit tests of the auditors' ID numbers (addons/cert_compliance/lib/identity.py)."""

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def ident():
    return load_pure("cert_compliance", "identity")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", True),  # GB 11643's own example
        ("11010519491231002x", True),
        (" 440106 19900101 1235 ", True),
        ("440106199001011234", False),  # wrong check character
        ("44010619900101123", False),  # 17 characters
        ("4401061990010112355", False),
        ("44010619900101123A", False),
        ("", False),
        (None, False),
    ],
)
def test_is_valid(ident, value, expected):
    assert ident.is_valid(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("440106199001011235", "4401**********1235"),
        ("11010519491231002x", "1101**********002X"),
        ("12345678", "********"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask(ident, value, expected):
    assert ident.mask(value) == expected
