"""Unit tests of the portal's status timeline (addons/cert_portal/lib/timeline.py)."""

import datetime as dt

import pytest

from .conftest import load_pure

D1, D2, D3, D4 = (dt.datetime(2031, 3, day) for day in (1, 2, 3, 4))


@pytest.fixture(scope="module")
def tl():
    return load_pure("cert_portal", "timeline")


def facts(tl, state="draft", audits=(), **kw):
    values = {"state": state, "submit_date": None, "accept_date": None, "contract_date": None}
    values.update(kw)
    values["audits"] = [tl.Audit(*a) for a in audits]
    return values


CASES = [
    # (name, facts kwargs, expected statuses in order)
    ("draft", {}, ["current", "todo", "todo", "todo", "todo", "todo", "todo"]),
    (
        "submitted",
        {"state": "submitted", "submit_date": D1},
        ["done", "current", "todo", "todo", "todo", "todo", "todo"],
    ),
    (
        "rejected at review",
        {"state": "rejected", "submit_date": D1},
        ["done", "failed", "stopped", "stopped", "stopped", "stopped", "stopped"],
    ),
    (
        "contracted, document review planned",
        {
            "state": "contracted",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("document_review", "planned", D3, D4)],
        },
        ["done", "done", "done", "current", "todo", "todo", "todo"],
    ),
    (
        "initial audit planned without a document review",
        {"state": "contracted", "submit_date": D1, "accept_date": D2, "audits": [("initial", "planned", D3, D4)]},
        ["done", "done", "done", "skipped", "done", "current", "todo"],
    ),
    (
        "audit confirmed after a reported document review",
        {
            "state": "contracted",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("document_review", "reported", D1, D2), ("initial", "confirmed", D3, D4)],
        },
        ["done", "done", "done", "done", "done", "done", "current"],
    ),
    (
        "a cancelled audit is not followed",
        {
            "state": "in_progress",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("initial", "reported", D3, D4), ("initial", "cancelled", D3, D4)],
        },
        ["done", "done", "done", "skipped", "done", "done", "done"],
    ),
    (
        "findings still open after the audit",
        {
            "state": "in_progress",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("initial", "reported", D3, D4)],
            "findings_open": 2,
            "decision_date": None,
        },
        ["done", "done", "done", "skipped", "done", "done", "done", "current", "todo"],
    ),
    (
        "decided and certified",
        {
            "state": "done",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("initial", "closed", D3, D4)],
            "findings_open": 0,
            "decision_date": D4,
            "certificate_date": D4,
        },
        ["done"] * 3 + ["skipped"] + ["done"] * 6,
    ),
    (
        "accepted, the contract not signed yet: the contract is awaited",
        {"state": "accepted", "submit_date": D1, "accept_date": D2, "findings_open": 0, "decision_date": None},
        ["done", "done", "current", "todo", "todo", "todo", "todo", "todo", "todo"],
    ),
    (
        "a finding still open after the decision and the certificate is not answered",
        {
            "state": "in_progress",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("initial", "reported", D3, D4), ("initial", "planned", D4, D4)],
            "findings_open": 1,
            "decision_date": D4,
            "certificate_date": D4,
        },
        ["done", "done", "done", "skipped", "done", "done", "done", "current", "done", "done"],
    ),
    (
        "a decision recorded without a reported audit does not mark the audit done",
        {
            "state": "in_progress",
            "submit_date": D1,
            "accept_date": D2,
            "audits": [("initial", "confirmed", D3, D4)],
            "findings_open": 0,
            "decision_date": D4,
        },
        ["done", "done", "done", "skipped", "done", "done", "current", "todo", "done"],
    ),
    (
        "cancelled after the contract",
        {"state": "cancelled", "submit_date": D1, "accept_date": D2},
        ["done", "done", "stopped", "stopped", "stopped", "stopped", "stopped"],
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_timeline_statuses(tl, name, kwargs, expected):
    audits = kwargs.pop("audits", ())
    result = tl.steps(facts(tl, audits=audits, **kwargs))
    assert [s.status for s in result] == expected, name


def test_optional_steps_only_when_known(tl):
    keys = [s.key for s in tl.steps(facts(tl))]
    assert keys == [
        "submitted",
        "reviewed",
        "contracted",
        "document_review",
        "audit_planned",
        "audit_confirmed",
        "audit_done",
    ]
    keys = [s.key for s in tl.steps(facts(tl, findings_open=0, decision_date=None, certificate_date=None))]
    assert keys[-3:] == ["findings", "decision", "certificate"]


def test_dates_follow_the_main_audit(tl):
    result = tl.steps(
        facts(tl, state="contracted", submit_date=D1, accept_date=D2, audits=[("initial", "planned", D3, D4)])
    )
    dates = {s.key: s.date for s in result}
    assert dates["submitted"] == D1
    assert dates["audit_planned"] == D3
    assert dates["audit_done"] == D4


def test_the_application_state_says_the_first_steps_were_passed(tl):
    # an application recorded directly as contracted (an import) has no submission date
    result = tl.steps(facts(tl, state="contracted", audits=[("initial", "planned", D3, D4)]))
    assert [s.status for s in result][:3] == ["done", "done", "done"]


@pytest.mark.parametrize(
    ("status", "form"),
    [
        ("done", "done"),
        ("current", "awaited"),
        ("todo", "awaited"),
        ("skipped", "awaited"),
        ("stopped", "awaited"),
        ("failed", "awaited"),
    ],
)
def test_only_a_done_step_reads_as_past(tl, status, form):
    assert tl.label_form(status) == form
