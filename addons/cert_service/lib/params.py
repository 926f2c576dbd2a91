"""Settings stored as text (system parameters), read back as numbers or record ids (pure: no Odoo import)."""


def parse_number(text, default, kind=int, minimum=None):
    """A numeric setting stored as text: ``default`` when missing, unreadable or below ``minimum``."""
    try:
        value = kind(str(text).strip())
    except (TypeError, ValueError):
        return default
    if value != value or (minimum is not None and value < minimum):  # NaN, or out of range
        return default
    return value


def parse_flag(text, default=False):
    """A yes/no setting stored as text (Odoo stores ``True``; a missing parameter is ``default``)."""
    if text is None or text is False:
        return default
    value = str(text).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    return default


def parse_id(text):
    """A record setting stored as text (Odoo stores the id of a many2one): the id, or ``None`` when missing or
    not a positive whole number."""
    return parse_number(text, None, int, minimum=1)
