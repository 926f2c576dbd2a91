"""The status timeline of a certification cycle as the client sees it (pure: no Odoo).

The portal shows one line of steps: submitted, reviewed, contracted, document review, audit planned,
audit confirmed, audit done, then — when those records exist in the database — findings, decision and
certificate. ``steps(facts)`` says for each step whether it is done, the current one, still to come,
skipped (a document review the scheme did without) or stopped (the application was rejected/cancelled);
``label_form(status)`` whether its label says what happened or what is awaited.
"""

from typing import NamedTuple

DONE = "done"
CURRENT = "current"
TODO = "todo"
SKIPPED = "skipped"
STOPPED = "stopped"
FAILED = "failed"

#: application states after its signature
CONTRACTED_STATES = ("contracted", "in_progress", "done")
#: application states after its review accepted it
ACCEPTED_STATES = ("accepted",) + CONTRACTED_STATES
#: application states after its submission
SUBMITTED_STATES = ("submitted", "rejected") + ACCEPTED_STATES
#: audit states, in order
AUDIT_ORDER = ("draft", "planned", "confirmed", "in_progress", "reported", "closed")
#: the optional tail of the line, in order: (step key, facts key)
OPTIONAL_STEPS = (("findings", "findings_open"), ("decision", "decision_date"), ("certificate", "certificate_date"))


class Audit(NamedTuple):
    audit_type: str
    state: str
    date_start: object = None
    date_end: object = None


class Step(NamedTuple):
    key: str
    status: str
    date: object = None


def _reached(audit, state):
    """True when ``audit`` got at least to ``state`` (cancelled audits reach nothing)."""
    return (
        audit is not None and audit.state in AUDIT_ORDER and AUDIT_ORDER.index(audit.state) >= AUDIT_ORDER.index(state)
    )


def _main_audit(audits):
    """The on-site audit the line follows: the furthest-advanced non-cancelled one, the latest on ties."""
    candidates = [a for a in audits if a.audit_type != "document_review" and a.state in AUDIT_ORDER]
    if not candidates:
        return None
    return max(enumerate(candidates), key=lambda pair: (AUDIT_ORDER.index(pair[1].state), pair[0]))[1]


def steps(facts):
    """The timeline of one application: a step is done only when its own records say so.

    :param facts: dict with ``state`` (application state), ``submit_date``, ``accept_date``,
        ``contract_date`` (signature), ``audits`` (list of :class:`Audit`) and, only when the model exists,
        ``findings_open`` (int), ``decision_date`` and ``certificate_date`` (``None`` while not reached);
        a missing key leaves its step out.
    :return: list of :class:`Step`

    No step is inferred from a later one: open findings stay open after a decision was taken on the
    audit (a surveillance finding, a minor finding closed later), and the page must say so.
    """
    state = facts["state"]
    audits = list(facts.get("audits") or ())
    review = [a for a in audits if a.audit_type == "document_review" and a.state in AUDIT_ORDER]
    main = _main_audit(audits)
    line = [
        ("submitted", bool(facts.get("submit_date")) or state in SUBMITTED_STATES, facts.get("submit_date")),
        ("reviewed", bool(facts.get("accept_date")) or state in ACCEPTED_STATES, facts.get("accept_date")),
        ("contracted", state in CONTRACTED_STATES, facts.get("contract_date")),
    ]
    if review:
        done = any(_reached(a, "reported") for a in review)
        line.append(("document_review", done, review[-1].date_end if done else review[-1].date_start))
    else:
        line.append(("document_review", SKIPPED if _reached(main, "planned") else False, None))
    line += [
        ("audit_planned", _reached(main, "planned"), main.date_start if main else None),
        ("audit_confirmed", _reached(main, "confirmed"), main.date_start if main else None),
        ("audit_done", _reached(main, "reported"), main.date_end if main else None),
    ]
    for key, fact in OPTIONAL_STEPS:
        if fact not in facts:
            continue
        value = facts[fact]
        if key == "findings":
            line.append((key, _reached(main, "reported") and not value, None))
        else:
            line.append((key, value is not None, value))
    result = []
    current_found = False
    for key, done, date in line:
        if done == SKIPPED:
            result.append(Step(key, SKIPPED, None))
            continue
        if done:
            result.append(Step(key, DONE, date))
        elif current_found:
            result.append(Step(key, TODO, date))
        elif state in ("rejected", "cancelled"):
            result.append(Step(key, FAILED if key == "reviewed" and state == "rejected" else STOPPED, date))
            current_found = True
        else:
            result.append(Step(key, CURRENT, date))
            current_found = True
    if state in ("rejected", "cancelled"):
        result = [s if s.status in (DONE, SKIPPED, FAILED) else Step(s.key, STOPPED, s.date) for s in result]
    return result


def label_form(status):
    """Which label a step carries: what happened (``"done"``) only once it happened; otherwise what is
    awaited (``"awaited"``), so that the current step never reads as if it were past."""
    return "done" if status == DONE else "awaited"
