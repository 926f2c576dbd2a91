"""Unit tests of the pure auditor-availability rules (addons/cert_audit/lib/availability.py)."""

import datetime as dt

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def av():
    return load_pure("cert_audit", "availability")


MON = dt.datetime(2031, 3, 3, 1, 0)  # naive UTC


def request(av, **kw):
    values = {
        "scheme": "GBT",
        "partners": frozenset({"client", "consultancy"}),
        "start": MON,
        "stop": MON + dt.timedelta(hours=8),
        "audit": "this",
        "conflict_months": 24,
    }
    values.update(kw)
    return av.Request(**values)


def auditor(av, **kw):
    values = {
        "key": "a",
        "grade": "auditor",
        "qualifications": (av.Qualification("GBT", dt.date(2030, 1, 1), dt.date(2032, 12, 31)),),
    }
    values.update(kw)
    return av.Auditor(**values)


def codes(found):
    return [r.code for r in found]


def test_available(av):
    assert av.refusals(auditor(av), request(av)) == []


def test_not_qualified_for_the_scheme(av):
    assert codes(av.refusals(auditor(av, qualifications=()), request(av))) == ["not_qualified"]
    other = (av.Qualification("SBT", dt.date(2030, 1, 1)),)
    assert codes(av.refusals(auditor(av, qualifications=other), request(av))) == ["not_qualified"]


def test_qualification_expired_during_the_audit(av):
    quals = (av.Qualification("GBT", dt.date(2030, 1, 1), dt.date(2031, 3, 3)),)
    two_days = request(av, stop=MON + dt.timedelta(days=1))
    found = av.refusals(auditor(av, qualifications=quals), two_days)
    assert codes(found) == ["qualification_expired"]
    assert found[0].params["date_to"] == dt.date(2031, 3, 3)
    # a one-day audit on the last valid day is fine
    assert av.refusals(auditor(av, qualifications=quals), request(av)) == []


def test_qualification_not_yet_valid(av):
    quals = (av.Qualification("GBT", dt.date(2031, 4, 1)),)
    assert codes(av.refusals(auditor(av, qualifications=quals), request(av))) == ["qualification_not_yet"]


def test_industry(av):
    plain = auditor(av)
    assert codes(av.refusals(plain, request(av, industry="C38"))) == ["not_qualified_industry"]
    quals = (av.Qualification("GBT", dt.date(2030, 1, 1), None, frozenset({"C38"})),)
    assert av.refusals(auditor(av, qualifications=quals), request(av, industry="C38")) == []


def test_observers_need_no_qualification_but_stay_impartial(av):
    nobody = auditor(av, grade="trainee", qualifications=())
    assert av.refusals(nobody, request(av), role="observer") == []
    conflicted = auditor(av, grade="trainee", qualifications=(), conflicts=(av.Conflict("client"),))
    assert codes(av.refusals(conflicted, request(av), role="observer")) == ["conflict"]


def test_grade_per_role(av):
    assert codes(av.refusals(auditor(av), request(av), role="lead")) == ["grade"]
    assert av.refusals(auditor(av, grade="lead_auditor"), request(av), role="lead") == []
    assert codes(av.refusals(auditor(av, grade="trainee"), request(av), role="auditor")) == ["grade"]
    assert av.refusals(auditor(av, grade="technical_expert"), request(av), role="expert") == []


@pytest.mark.parametrize(
    ("date_from", "date_to", "refused"),
    [
        (dt.date(2020, 1, 1), None, True),  # ongoing
        (dt.date(2020, 1, 1), dt.date(2029, 3, 3), True),  # ended exactly 24 months before
        (dt.date(2020, 1, 1), dt.date(2029, 3, 2), False),  # ended a day earlier
        (dt.date(2031, 3, 3), None, True),  # starts on the audit day
        (dt.date(2031, 3, 4), None, False),  # starts after the audit
        (None, None, True),
    ],
)
def test_conflict_window(av, date_from, date_to, refused):
    a = auditor(av, conflicts=(av.Conflict("consultancy", date_from, date_to),))
    assert bool(av.refusals(a, request(av))) is refused


def test_conflict_with_another_partner_is_ignored_and_period_is_a_parameter(av):
    a = auditor(av, conflicts=(av.Conflict("someone else"),))
    assert av.refusals(a, request(av)) == []
    old = auditor(av, conflicts=(av.Conflict("client", None, dt.date(2028, 6, 1)),))
    assert av.refusals(old, request(av)) == []
    assert codes(av.refusals(old, request(av, conflict_months=36))) == ["conflict"]


def test_consecutive_limit(av):
    assert av.refusals(auditor(av, consecutive=5), request(av)) == []
    found = av.refusals(auditor(av, consecutive=6), request(av))
    assert codes(found) == ["consecutive"]
    assert found[0].params == {"count": 6, "limit": 6}
    assert codes(av.refusals(auditor(av, consecutive=2), request(av, consecutive_limit=2))) == ["consecutive"]
    # observers do not count
    assert av.refusals(auditor(av, consecutive=9), request(av), role="observer") == []


def test_consecutive_run(av):
    history = [{"a"}, {"a", "b"}, {"b"}, {"a", "b"}, {"a"}]
    assert av.consecutive_run(history, "a") == 2
    assert av.consecutive_run(history, "b") == 0
    assert av.consecutive_run([], "a") == 0


def test_leave_partial_day(av):
    afternoon = ((MON + dt.timedelta(hours=5), MON + dt.timedelta(days=1)),)
    assert codes(av.refusals(auditor(av, leaves=afternoon), request(av))) == ["leave"]
    tomorrow = ((MON + dt.timedelta(hours=8), MON + dt.timedelta(days=1)),)  # starts when the audit ends
    assert av.refusals(auditor(av, leaves=tomorrow), request(av)) == []


def test_booking_overlap(av):
    other = av.Booking("other", MON + dt.timedelta(hours=7), MON + dt.timedelta(hours=12))
    assert codes(av.refusals(auditor(av, bookings=(other,)), request(av))) == ["booked"]
    back_to_back = av.Booking("other", MON + dt.timedelta(hours=8), MON + dt.timedelta(hours=12))
    assert av.refusals(auditor(av, bookings=(back_to_back,)), request(av)) == []
    itself = av.Booking("this", MON, MON + dt.timedelta(hours=8))
    assert av.refusals(auditor(av, bookings=(itself,)), request(av)) == []


def test_time_zones_are_compared_in_utc(av):
    shanghai = dt.timezone(dt.timedelta(hours=8))
    berlin = dt.timezone(dt.timedelta(hours=1))
    # booked 09:00-17:00 in Shanghai = 01:00-09:00 UTC (naive)
    booking = av.Booking("other", MON, MON + dt.timedelta(hours=8))
    a = auditor(av, bookings=(booking,))
    morning_berlin = request(
        av, start=dt.datetime(2031, 3, 3, 8, tzinfo=berlin), stop=dt.datetime(2031, 3, 3, 10, tzinfo=berlin)
    )
    assert codes(av.refusals(a, morning_berlin)) == ["booked"]
    late_berlin = request(
        av, start=dt.datetime(2031, 3, 3, 10, tzinfo=berlin), stop=dt.datetime(2031, 3, 3, 12, tzinfo=berlin)
    )
    assert av.refusals(a, late_berlin) == []
    evening_shanghai = request(
        av, start=dt.datetime(2031, 3, 3, 17, tzinfo=shanghai), stop=dt.datetime(2031, 3, 3, 19, tzinfo=shanghai)
    )
    assert av.refusals(a, evening_shanghai) == []


def test_bad_dates(av):
    assert codes(av.refusals(auditor(av), request(av, stop=MON))) == ["bad_dates"]


def test_every_reason_is_reported(av):
    a = auditor(
        av,
        qualifications=(),
        conflicts=(av.Conflict("client"),),
        consecutive=6,
        leaves=((MON, MON + dt.timedelta(hours=1)),),
        bookings=(av.Booking("other", MON, MON + dt.timedelta(hours=1)),),
    )
    assert codes(av.refusals(a, request(av))) == ["not_qualified", "conflict", "consecutive", "leave", "booked"]


def test_conflict_period_uses_the_calendar_rule_of_cert_service(av):
    # one copy of add_months: the lower addon's, imported by the availability rules
    assert av.add_months is load_pure("cert_service", "dates").add_months


def test_rank_by_workload_then_city_then_name(av):
    cands = [
        av.Candidate("busy_local", "A", workload=3, same_city=True),
        av.Candidate("free_far", "B", workload=0, same_city=False),
        av.Candidate("free_local", "C", workload=0, same_city=True),
        av.Candidate("free_local_2", "a2", workload=0, same_city=True),
    ]
    assert [c.key for c in av.rank(cands)] == ["free_local_2", "free_local", "free_far", "busy_local"]
