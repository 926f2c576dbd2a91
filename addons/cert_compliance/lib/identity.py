"""Chinese resident identity numbers (居民身份证号码, GB 11643-1999) of auditors (pure: no Odoo).

CNCA's reporting asks for each auditor's ID number; it is personal information: shown in full to the CB
manager and the reporting officer only, masked for everyone else.
"""

import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise(value):
    """Upper case, without spaces."""
    return re.sub(r"\s+", "", value or "").upper()


def is_valid(value):
    """18 characters whose last one is the GB 11643 check character of the first 17 digits."""
    value = normalise(value)
    if not _SHAPE.match(value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == value[17]


def mask(value):
    """The first 4 and last 4 characters, the rest hidden: 4401**********0012 (empty stays empty)."""
    value = normalise(value)
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
