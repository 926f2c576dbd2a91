"""Billing rules of domain.md §9 as pure functions (no Odoo import).

Which fee lines a milestone bills, the quantity of a line, when the yearly fees fall due, whether a
milestone is billable again after its invoice, and whether an invoice is overdue past the grace period.
"""

import datetime
from decimal import ROUND_CEILING
from decimal import Decimal

from .dates import add_months

#: milestones billed once per audit (the key's period is the audit)
AUDIT_MILESTONES = ("document_review_done", "audit_reported", "recertification_accepted")
#: milestones the daily cron bills when they fall due
SCHEDULED_MILESTONES = ("annual_fee", "surveillance_due")
#: the fees of a certificate whose non-payment suspends it (domain.md §7/§8)
CERTIFICATE_FEES = ("certificate_issued", *SCHEDULED_MILESTONES)


def line_applies(event_milestone, line_milestone, line_occurrence):
    """Whether a contract fee line (milestone, occurrence) is billed by an event of ``event_milestone``.

    A yearly fee is billed for its first year with the certificate and for each later year by its own
    ``annual_fee`` event; every other line by the events of its own milestone.
    """
    if event_milestone == "annual_fee":
        return line_occurrence == "per_year"
    if event_milestone == "certificate_issued":
        return line_milestone == "certificate_issued" or line_occurrence == "per_year"
    return line_milestone == event_milestone and line_occurrence != "per_year"


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))


def line_quantity(basis, quoted, ratio, actual_days=None):
    """Quantity to invoice: the actual auditor-days × ratio (rounded up to half a day) for a line based
    on auditor-days when the event knows them (an audit reported), else the quantity quoted on the contract.
    """
    if basis == "initial_days" and actual_days is not None:
        # ⅔ is stored as 0.6667: round to the cent first so that ⅔ of 6 days stays 4, not 4.5
        share = (_dec(actual_days) * _dec(ratio)).quantize(Decimal("0.01"))
        return (share * 2).to_integral_value(rounding=ROUND_CEILING) / 2
    return _dec(quoted)


def yearly_schedule(issue_date, validity_months, surveillances):
    """Keys and due dates of the fees that fall due during a certificate's validity.

    :param surveillances: the cycle's surveillance programme (``certificates.planned_surveillances``): one
        fee per surveillance, due at the limit of its window, so that the fees follow the audits

    :return: list of (milestone, period, due date): the annual fee of years 2…n on the anniversaries of
        ``issue_date``, and one surveillance fee per planned surveillance
    """
    years = max(int(validity_months) // 12, 1)
    schedule = [("annual_fee", f"year/{n}", add_months(issue_date, 12 * (n - 1))) for n in range(2, years + 1)]
    schedule += [("surveillance_due", f"surveillance/{w.number}", w.limit) for w in surveillances]
    return schedule


def invoice_state(move_state, payment_state):
    """State of a milestone from its current invoice: ``to_invoice`` when there is none, when it was
    cancelled or when credit notes reversed it in full; ``paid``; or ``invoiced`` (a partial credit note
    leaves it invoiced).
    """
    if not move_state or move_state == "cancel" or payment_state == "reversed":
        return "to_invoice"
    if move_state == "posted" and payment_state in ("paid", "in_payment"):
        return "paid"
    return "invoiced"


def overdue(due_date, today, grace_days):
    """An unpaid invoice blocks issuance once ``grace_days`` have passed after its due date."""
    return bool(due_date) and today > due_date + datetime.timedelta(days=int(grace_days or 0))


def unpaid_overdue(move_state, payment_state, due_date, today, grace_days):
    """A posted invoice still to pay (:func:`invoice_state` ``invoiced``) past its grace period: it blocks the
    issue of the cycle's certificate and, for :data:`CERTIFICATE_FEES`, suspends a valid one."""
    return (
        move_state == "posted"
        and invoice_state(move_state, payment_state) == "invoiced"
        and overdue(due_date, today, grace_days)
    )


def band_price(bands, count, default):
    """Price of the band that ``count`` (employees or outlets) falls in.

    :param bands: iterable of (from, price): a band applies from its threshold (inclusive) up to the next one
    :param default: the price when no band applies (none given, or ``count`` below the first threshold)
    """
    price = default
    for threshold, band in sorted(bands):
        if count >= threshold:
            price = band
    return price
