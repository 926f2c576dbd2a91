"""Complaints and appeals rules (pure: no Odoo), ISO/IEC 17065 §7.13.

- ``involvement``: why a person may not investigate or decide a case — they were on the team of an audit,
  or took a decision, of the certification concerned (the person complained about does not judge the case).
- ``due_dates``: the acknowledgement and decision deadlines of a case received on a day.
- ``overdue``: is an open case past its decision deadline on a day?
- ``clean_contact``: the complainant's contact as typed on a public form, checked (refusals are keys of
  ``CONTACT_ERRORS`` the caller translates).
"""

import datetime as dt
import re

#: states in which a case is still open
OPEN_STATES = ("received", "investigating", "decided")
#: days to acknowledge a case, and to decide it (ISO/IEC 17065 asks for "timely"; CNCA practice: 60 days)
DEFAULT_ACK_DAYS = 5
DEFAULT_DECISION_DAYS = 60
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
#: longest texts accepted from the public form
MAX_NAME, MAX_EMAIL, MAX_PHONE, MAX_TEXT = 128, 254, 40, 5000


def involvement(user_id, involvements):
    """The involvements of ``user_id`` among ``involvements``.

    :param involvements: iterable of (user id, role, record name), e.g. (7, "lead", "AUD-0001") or
        (9, "decision", "DEC-0003")
    :return: list of (role, record name) of this user, in the given order, without repeats
    """
    found = []
    for uid, role, name in involvements:
        if uid and uid == user_id and (role, name) not in found:
            found.append((role, name))
    return found


def due_dates(received, ack_days=DEFAULT_ACK_DAYS, decision_days=DEFAULT_DECISION_DAYS):
    """(acknowledgement due, decision due) of a case received on ``received`` (a date); days of at least 1."""
    ack_days, decision_days = max(int(ack_days), 1), max(int(decision_days), 1)
    return received + dt.timedelta(days=ack_days), received + dt.timedelta(days=decision_days)


def overdue(state, decision_due, today):
    """An open case whose decision deadline passed (a decided case still open waits for its notice)."""
    return state in ("received", "investigating") and bool(decision_due) and decision_due < today


def clean_contact(name, email, phone, description):
    """(values, errors): the stripped contact and description, and the keys of what is wrong."""
    values = {
        "name": (name or "").strip(),
        "email": (email or "").strip(),
        "phone": (phone or "").strip(),
        "description": (description or "").strip(),
    }
    errors = []
    if not values["name"]:
        errors.append("name_missing")
    elif len(values["name"]) > MAX_NAME:
        errors.append("name_long")
    if not values["email"] and not values["phone"]:
        errors.append("contact_missing")
    if values["email"] and (len(values["email"]) > MAX_EMAIL or not _EMAIL.match(values["email"])):
        errors.append("email_invalid")
    if len(values["phone"]) > MAX_PHONE:
        errors.append("phone_long")
    if not values["description"]:
        errors.append("description_missing")
    elif len(values["description"]) > MAX_TEXT:
        errors.append("description_long")
    return values, errors
