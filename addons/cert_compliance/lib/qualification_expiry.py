"""Warnings before an auditor's qualification expires (pure: no Odoo).

An auditor and the programme manager are warned 90, 60 and 30 days before a qualification's end date,
once each. A qualification first seen 25 days before its end gets the 30-day warning only (the earlier
ones would say less than the latest), and a new end date starts the warnings again.
"""

#: days before the end date at which a warning is due, largest first
DEFAULT_STAGES = (90, 60, 30)


def due_stage(days_left, sent, stages=DEFAULT_STAGES):
    """The warning stage due ``days_left`` days before the end date, or None.

    :param sent: stages already warned for this end date
    """
    if days_left is None or days_left < 0:
        return None
    reached = [stage for stage in stages if days_left <= stage]
    if not reached:
        return None
    stage = min(reached)
    if stage in sent or any(other in sent for other in reached if other < stage):
        return None
    return stage
