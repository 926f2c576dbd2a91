"""The verdict of "check a PDF you received" (cert_esign), on the pure rules alone: each combination of
what the file and the database say gives the checks passed/failed and one verdict."""

import pytest

from unit.conftest import load_pure

v = load_pure("cert_esign", "verdict")
F = v.Facts
Y, N, _ = True, False, None


@pytest.mark.parametrize(
    "facts, verdict, checks",
    [
        # (signed, unmodified, our key, exists, in force today)
        (F(is_pdf=False), v.NOT_PDF, (_, _, _, _, _)),
        (F(is_pdf=True), v.NOT_OURS, (N, _, _, _, _)),
        (F(True, True, True, True, "current", found=True, status="valid"), v.AUTHENTIC, (Y, Y, Y, Y, Y)),
        (F(True, True, True, True, "former", found=True, status="valid"), v.AUTHENTIC, (Y, Y, Y, Y, Y)),
        (
            F(True, True, True, True, "current", found=True, status="suspended"),
            v.AUTHENTIC_NOT_IN_FORCE,
            (Y, Y, Y, Y, N),
        ),
        (F(True, True, True, True, "former", found=True, status="expired"), v.AUTHENTIC_NOT_IN_FORCE, (Y, Y, Y, Y, N)),
        (
            F(True, True, True, True, "current", found=True, status="superseded"),
            v.AUTHENTIC_NOT_IN_FORCE,
            (Y, Y, Y, Y, N),
        ),
        (F(True, True, True, True, "current", found=False), v.AUTHENTIC_UNKNOWN, (Y, Y, Y, N, _)),
        # a changed byte, or bytes appended after the signature: modified, whatever the certificate says
        (F(True, True, False, True, "current", found=True, status="valid"), v.MODIFIED, (Y, N, Y, Y, Y)),
        (F(True, True, True, False, "current", found=True, status="valid"), v.MODIFIED, (Y, N, Y, Y, Y)),
        # another key, intact or not: not ours, nothing said about a certificate
        (F(True, True, True, True, None), v.NOT_OURS, (Y, Y, N, _, _)),
        (F(True, True, False, True, None), v.NOT_OURS, (Y, N, N, _, _)),
        # the demo key outside a demo database is not this CB's
        (F(True, True, True, True, "demo_refused", demo=True), v.NOT_OURS, (Y, Y, N, _, _)),
    ],
)
def test_verdicts(facts, verdict, checks):
    answer = v.answer(facts)
    assert answer.verdict == verdict
    assert tuple(answer.checks[name] for name in v.CHECKS) == checks


@pytest.mark.parametrize(
    "signed, demo, expected",
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_the_demo_key_is_said(signed, demo, expected):
    facts = F(True, signed, True, True, "current" if signed else None, demo=demo, found=True, status="valid")
    assert v.answer(facts).demo is expected


@pytest.mark.parametrize(
    "fingerprint, demo_database, expected",
    [
        ("aa", True, "current"),
        ("aa", False, "current"),
        ("bb", True, "former"),
        ("dd", True, "current"),
        ("dd", False, "demo_refused"),
        ("ee", False, "demo_refused"),
        ("ee", True, "former"),
        ("zz", True, None),
    ],
)
def test_key_roles(fingerprint, demo_database, expected):
    keys = {"aa": (True, False), "bb": (False, False), "dd": (True, True), "ee": (False, True)}
    assert v.key_role(fingerprint, keys, demo_database) == expected


@pytest.mark.parametrize(
    "reason, number",
    [
        (v.reason_for("CB-SAS-2026-00001"), "CB-SAS-2026-00001"),
        ("证书 Certificate No. ", None),
        ("Certificate CB-1", None),
        (None, None),
        (42, None),
    ],
)
def test_number_from_reason(reason, number):
    assert v.number_from_reason(reason) == number
