"""Certificate rules of domain.md §7/§8/§3 on the pure modules alone."""

import datetime

import pytest

from .conftest import load_pure

D = datetime.date


@pytest.fixture(scope="module")
def certificates():
    return load_pure("cert_service", "certificates")


@pytest.mark.parametrize(
    "validity, interval, expected",
    [(36, 12, 2), (24, 12, 1), (12, 12, 0), (36, 6, 5), (0, 12, 0), (36, 0, 0)],
)
def test_surveillances_per_cycle(certificates, validity, interval, expected):
    assert certificates.surveillances_per_cycle(validity, interval) == expected


@pytest.mark.parametrize(
    "anchor, interval, window, due, start, end",
    [
        (D(2027, 1, 1), 12, 2, D(2027, 11, 1), D(2027, 9, 1), D(2028, 1, 1)),
        (D(2027, 1, 31), 12, 2, D(2027, 11, 30), D(2027, 9, 30), D(2028, 1, 30)),  # month ends clamp
        (D(2028, 1, 10), 12, 1, D(2028, 12, 10), D(2028, 11, 10), D(2029, 1, 10)),
        (D(2027, 3, 1), 12, 0, D(2028, 3, 1), D(2028, 3, 1), D(2028, 3, 1)),
    ],
)
def test_window_never_past_the_limit(certificates, anchor, interval, window, due, start, end):
    result = certificates.surveillance_window(anchor, 1, interval, window)
    assert (result.due, result.start, result.end) == (due, start, end)
    assert result.end <= result.limit


@pytest.mark.parametrize(
    "validity, interval, expiry, done, limits",
    [
        (36, 12, D(2030, 1, 1), 0, [D(2028, 1, 1), D(2029, 1, 1)]),
        (36, 12, D(2030, 1, 1), 1, [D(2028, 1, 1)]),  # one behind: counted from its last day
        (36, 12, D(2030, 1, 1), 2, []),
        (36, 6, D(2030, 1, 1), 0, [D(2027, 7, 1), D(2028, 1, 1), D(2028, 7, 1), D(2029, 1, 1), D(2029, 7, 1)]),
        (36, 12, D(2027, 9, 1), 0, []),  # the window would open after the expiry: recertification instead
        (12, 12, D(2028, 1, 1), 0, []),
    ],
)
def test_planned_surveillances(certificates, validity, interval, expiry, done, limits):
    programme = certificates.planned_surveillances(D(2027, 1, 1), validity, interval, 2, expiry=expiry, done=done)
    assert [w.limit for w in programme] == limits
    assert [w.number for w in programme] == list(range(done + 1, done + 1 + len(limits)))


WINDOW = (D(2027, 11, 1), D(2027, 9, 1), D(2028, 1, 1))


@pytest.mark.parametrize(
    "today, reminded, remind, plan, overdue",
    [
        (D(2027, 7, 2), 0, None, False, False),
        (D(2027, 7, 3), 0, 0, True, False),  # 60 days before 1 Sep
        (D(2027, 7, 3), 1, None, True, False),  # already sent
        (D(2027, 8, 2), 1, 1, True, False),  # 30 days before
        (D(2027, 8, 20), 0, 1, True, False),  # late start: only the latest reminder
        (D(2027, 8, 20), 2, None, True, False),
        (D(2028, 1, 1), 2, None, True, False),  # last day of the window
        (D(2028, 1, 2), 2, None, True, True),
    ],
)
def test_surveillance_actions(certificates, today, reminded, remind, plan, overdue):
    window = certificates.Window(1, *WINDOW, None)
    actions = certificates.surveillance_actions(today, window, (60, 30), 60, reminded)
    assert actions == {"remind": remind, "plan": plan, "overdue": overdue}


@pytest.mark.parametrize(
    "today, expected",
    [(D(2029, 6, 30), False), (D(2029, 7, 1), True), (D(2030, 2, 1), True)],
)
def test_recertification_due(certificates, today, expected):
    assert certificates.recertification_due(today, D(2030, 1, 1), 6) is expected


@pytest.mark.parametrize("today, expected", [(D(2028, 7, 1), False), (D(2028, 7, 2), True)])
def test_suspension_elapsed(certificates, today, expected):
    assert certificates.suspension_elapsed(today, D(2028, 1, 2), 6) is expected


@pytest.mark.parametrize(
    "code, problem",
    [
        ("91350100M000100Y43", None),  # published example of GB 32100-2015
        ("91350100M000100Y44", "check"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100I43", "characters"),
        ("", "length"),
    ],
)
def test_credit_code(certificates, code, problem):
    assert certificates.credit_code_problem(code) == problem


def test_held_periods_count_higher_levels(certificates):
    as_of = D(2026, 6, 1)
    periods = certificates.held_periods(
        [("GBT", 4, D(2018, 5, 1), D(2021, 4, 1)), ("GBT", 5, D(2021, 4, 1), None), ("SSC", 7, D(2024, 1, 1), None)],
        as_of,
    )
    assert periods[("GBT", 4)] == [(D(2018, 5, 1), D(2021, 4, 1)), (D(2021, 4, 1), as_of)]
    assert periods[("GBT", 5)] == [(D(2021, 4, 1), as_of)]
    assert periods[("SSC", 7)] == [(D(2024, 1, 1), as_of)]


def test_missing_font_names_the_package(tmp_path):
    pdf = load_pure("cert_service", "certificate_pdf")
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    cff = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # CFF outlines: reportlab refuses them
    with pytest.raises(pdf.FontMissing, match="fonts-wqy-zenhei") as caught:
        pdf.load_font([str(tmp_path / "missing.ttf"), str(broken), cff])
    assert "broken.ttf" in str(caught.value)


@pytest.mark.parametrize(
    "action, expiry, successor, expected",
    [
        ("action_expire", D(2029, 5, 1), False, "not_expired"),  # valid until 2029: no early expiry
        ("action_expire", D(2027, 6, 2), False, "not_expired"),  # the day before
        ("action_expire", D(2027, 6, 1), False, None),  # on the expiry date
        ("action_expire", D(2027, 1, 1), False, None),  # the daily job did not run yet
        ("action_expire", None, False, "not_expired"),  # no expiry date: never expired
        ("action_restore", D(2029, 5, 1), False, None),
        ("action_restore", D(2027, 6, 1), False, "expired"),  # valid past its expiry date: never
        ("action_issue", D(2027, 6, 1), False, "expired"),
        ("action_issue", D(2027, 6, 2), False, None),
        ("action_supersede", D(2029, 5, 1), False, "no_successor"),  # only through the successor's issue
        ("action_supersede", D(2029, 5, 1), True, None),
        ("action_suspend", D(2027, 1, 1), False, None),  # the others state no date condition
        ("action_withdraw", D(2027, 1, 1), False, None),
        ("action_cancel", D(2029, 5, 1), False, None),
    ],
)
def test_transition_blocker(certificates, action, expiry, successor, expected):
    assert certificates.transition_blocker(action, D(2027, 6, 1), expiry, successor) == expected


@pytest.mark.parametrize("url", ["https://cb.example.cn/certificate/abc", False])
def test_pdf_points_to_the_verification_page_only_when_there_is_one(url):
    pdf = load_pure("cert_service", "certificate_pdf")
    data = pdf.CertificateData(
        number="CB-SAS-2026-00001",
        organisation="顺安物流有限公司",
        organisation_en="Shun'an Logistics Co., Ltd.",
        address="广东省佛山市",
        credit_code="91440606MA4W0F5X2X",
        scheme_zh="商品售后服务评价",
        scheme_en="After-sales service rating",
        standard="GB/T 27922-2011",
        level_zh="五星级",
        level_en="Five stars",
        stars=5,
        scope_zh="物流服务",
        scope_en="Logistics service",
        sites=["总部, 佛山"],
        issue_date="2026-01-05",
        expiry_date="2029-01-04",
        cb_name_zh="华衡认证有限公司",
        cb_name_en="Huaheng Certification Co., Ltd.",
        cb_address="北京市",
        url=url,
        status_note=None,
    )
    rendered = pdf.render(data)
    assert rendered.startswith(b"%PDF")
    # the QR code's link: to the page when the portal gives one, none without it (no page to point to)
    assert (b"/URI" in rendered) is bool(url)
