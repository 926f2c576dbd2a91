"""Settings stored as text (system parameters), read back as numbers (pure: no Odoo import)."""


def parse_number(text, default, kind=int, minimum=None):
    """A numeric setting stored as text: ``default`` when missing, unreadable or below ``minimum``."""
    try:
        value = kind(str(text).strip())
    except (TypeError, ValueError):
        return default
    if value != value or (minimum is not None and value < minimum):  # NaN, or out of range
        return default
    return value
