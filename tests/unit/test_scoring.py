"""GB/T 27922-2011 clause 6 scoring rules (domain.md §3), on the pure module alone."""

import datetime
from decimal import Decimal

import pytest

D = Decimal


@pytest.fixture
def gbt(scoring):
    """A 100-point tree shaped like GB/T 27922: A=40 (a1 40), B=35 (delivery 5, b2 30), C=25 (c1 25)."""
    Ind = scoring.Indicator
    return [
        Ind("A", None, 40),
        Ind("a1", "A", 40),
        Ind("B", None, 35),
        Ind("delivery", "B", 5),
        Ind("b2", "B", 30),
        Ind("C", None, 25),
        Ind("c1", "C", 25),
    ]


@pytest.fixture
def levels(scoring):
    Lv = scoring.Level
    return [Lv("compliant", 70, 0), Lv("three", 80, 3), Lv("four", 90, 4), Lv("five", 95, 5)]


def score_of(scoring, gbt, levels, points, **kw):
    """Award ``points`` out of 100 spread over the applicable leaves (all but what is excluded)."""
    tree = [scoring.Indicator("A", None, 100), scoring.Indicator("x", "A", 100)]
    return scoring.compute_score(tree, {"x": points}, levels=levels, **kw)


@pytest.mark.parametrize(
    "points, expected_level",
    [
        ("69.9", None),
        ("70.0", "compliant"),
        ("79.9", "compliant"),
        ("80.0", "three"),
        ("89.9", "three"),
        ("90.0", "four"),
        ("94.9", "four"),
        ("95.0", "five"),
        ("100", "five"),
        ("0", None),
    ],
)
def test_thresholds_are_inclusive(scoring, gbt, levels, points, expected_level):
    result = score_of(scoring, gbt, levels, points)
    assert result.score == D(points).quantize(D("0.1"))
    assert (result.level.key if result.level else None) == expected_level
    assert result.passed is (expected_level is not None)
    if expected_level is None:
        assert result.failure == "below_minimum"


@pytest.mark.parametrize(
    "points, score, level",
    [
        ("94.95", "95.0", "five"),  # reaches 五星 only by rounding half up
        ("94.94", "94.9", "four"),
        ("69.95", "70.0", "compliant"),
        ("69.94", "69.9", None),
        ("79.95", "80.0", "three"),
        ("89.95", "90.0", "four"),
    ],
)
def test_rounding_half_up_before_thresholds(scoring, gbt, levels, points, score, level):
    result = score_of(scoring, gbt, levels, points)
    assert str(result.score) == score
    assert (result.level.key if result.level else None) == level


def test_worked_examples_of_the_spec(scoring, gbt, levels):
    """domain.md §3: 配送 (5 points) excluded -> applicable 95."""
    base = {"a1": 40, "c1": 25}
    r = scoring.compute_score(
        gbt, dict(base, b2="24.3"), excluded={"delivery"}, special_deductions=1, special_bonus=True, levels=levels
    )
    assert (r.awarded, r.applicable, str(r.score), r.level.key) == (D("89.30"), D("95.00"), "94.0", "four")
    r = scoring.compute_score(
        gbt, dict(base, b2="25.3"), excluded={"delivery"}, special_deductions=1, special_bonus=True, levels=levels
    )
    assert (str(r.score), r.level.key) == ("95.1", "five")
    assert r.raw_score.quantize(D("0.0001")) == D("95.0526")
    r = scoring.compute_score(gbt, dict(base, b2="25.2"), excluded={"delivery"}, levels=levels)
    assert (str(r.score), r.level.key) == ("94.9", "four")


def test_category_subtotals(scoring, gbt, levels):
    r = scoring.compute_score(gbt, {"a1": 35, "delivery": 4, "b2": 30, "c1": "20.5"}, levels=levels)
    assert r.subtotals == {"A": (D("35.00"), D("40.00")), "B": (D("34.00"), D("35.00")), "C": (D("20.50"), D("25.00"))}
    assert str(r.score) == "89.5"


def test_exclusion_leaves_the_applicable_total(scoring, gbt, levels):
    r = scoring.compute_score(gbt, {"a1": 40, "b2": 30, "c1": 25}, excluded={"delivery"}, levels=levels)
    assert (r.awarded, r.applicable, str(r.score)) == (D("95.00"), D("95.00"), "100.0")
    assert r.subtotals["B"] == (D("30.00"), D("30.00"))
    # Points given to an excluded indicator do not count.
    r2 = scoring.compute_score(gbt, {"a1": 40, "b2": 30, "c1": 25, "delivery": 0}, excluded={"delivery"}, levels=levels)
    assert r2.score == r.score
    # Excluding a category excludes its whole subtree.
    r3 = scoring.compute_score(gbt, {"a1": 40, "c1": 25}, excluded={"B"}, levels=levels)
    assert (r3.applicable, str(r3.score)) == (D("65.00"), "100.0")


def test_everything_excluded_cannot_be_scored(scoring, gbt):
    with pytest.raises(scoring.ScoringError) as err:
        scoring.compute_score(gbt, {}, excluded={"A", "B", "C"})
    assert err.value.code == "nothing_applicable"


@pytest.mark.parametrize("deductions, passed", [(4, True), (5, False), (6, False)])
def test_special_deductions_four_vs_five(scoring, gbt, levels, deductions, passed):
    r = score_of(scoring, gbt, levels, "100", special_deductions=deductions)
    assert r.score == D(100 - deductions)
    assert r.passed is passed
    assert r.failure == (None if passed else "special_deductions")
    assert (r.level is None) is (not passed)


def test_special_deductions_cost_one_point_each(scoring, gbt, levels):
    r = score_of(scoring, gbt, levels, "80.4", special_deductions=1)
    assert (str(r.score), r.level.key) == ("79.4", "compliant")


def test_bonus_adds_one_and_is_capped(scoring, gbt, levels):
    assert str(score_of(scoring, gbt, levels, "94.0", special_bonus=True).score) == "95.0"
    assert score_of(scoring, gbt, levels, "94.0", special_bonus=True).level.key == "five"
    assert str(score_of(scoring, gbt, levels, "99.8", special_bonus=True).score) == "100.0"


def test_score_never_below_zero(scoring, gbt, levels):
    r = score_of(scoring, gbt, levels, "2", special_deductions=4)
    assert r.score == D("0.0")
    assert r.failure == "below_minimum"


@pytest.mark.parametrize("points", ["-0.01", "40.01", "41"])
def test_out_of_range_points(scoring, gbt, points):
    with pytest.raises(scoring.ScoringError) as err:
        scoring.compute_score(gbt, {"a1": points, "delivery": 5, "b2": 30, "c1": 25})
    assert err.value.code == "out_of_range"
    assert err.value.params["key"] == "a1"


def test_points_on_a_parent_or_unknown_key_are_refused(scoring, gbt):
    with pytest.raises(scoring.ScoringError) as err:
        scoring.compute_score(gbt, {"A": 40})
    assert err.value.code == "not_a_leaf"
    with pytest.raises(scoring.ScoringError) as err:
        scoring.compute_score(gbt, {"zz": 1})
    assert err.value.code == "unknown_indicator"
    with pytest.raises(scoring.ScoringError) as err:
        scoring.compute_score(gbt, {}, excluded={"zz"})
    assert err.value.code == "unknown_indicator"
    with pytest.raises(scoring.ScoringError) as err:
        scoring.compute_score(gbt, {"a1": "forty"})
    assert err.value.code == "not_a_number"


def test_missing_indicators_make_the_score_incomplete(scoring, gbt, levels):
    r = scoring.compute_score(gbt, {"a1": 40, "b2": 30}, levels=levels)
    assert not r.complete
    assert sorted(r.missing) == ["c1", "delivery"]
    assert r.score is None and r.level is None and r.passed is None
    # Partial subtotals are still shown to the auditor.
    assert r.subtotals["A"] == (D("40.00"), D("40.00"))


def test_sub_items_sum_into_their_indicator(scoring, levels):
    Ind = scoring.Indicator
    tree = [Ind("A", None, 100), Ind("a1", "A", 60), Ind("s1", "a1", 30), Ind("s2", "a1", 30), Ind("a2", "A", 40)]
    r = scoring.compute_score(tree, {"s1": 30, "s2": "25.5", "a2": 40}, levels=levels)
    assert str(r.score) == "95.5"
    with pytest.raises(scoring.ScoringError):
        scoring.compute_score(tree, {"a1": 60, "a2": 40})
    r = scoring.compute_score(tree, {"s1": 30, "a2": 40}, excluded={"s2"}, levels=levels)
    assert (r.applicable, str(r.score)) == (D("70.00"), "100.0")


def test_binary_floats_do_not_shift_boundaries(scoring, levels):
    """0.1 + 0.2 style float noise must not turn 94.95 into 94.9."""
    Ind = scoring.Indicator
    tree = [Ind("A", None, 100), Ind("x", "A", 50), Ind("y", "A", 50)]
    r = scoring.compute_score(tree, {"x": 44.95, "y": 50.0}, levels=levels)
    assert (str(r.score), r.level.key) == ("95.0", "five")


def test_validate_consistent_scheme(scoring, gbt, levels):
    assert scoring.validate_scheme(gbt, 100, levels) == []


def test_validate_maxima_that_do_not_add_up(scoring, levels):
    Ind = scoring.Indicator
    tree = [Ind("A", None, 40, "System"), Ind("a1", "A", 30), Ind("B", None, 50, "Product"), Ind("b1", "B", 50)]
    problems = scoring.validate_scheme(tree, 100, levels)
    codes = {p.code: p.params for p in problems}
    assert codes["children_sum"] == {"indicator": "System", "max": D("40.00"), "sum": D("30.00")}
    assert codes["total_sum"] == {"total": D("100.00"), "sum": D("90.00")}


def test_validate_levels(scoring, gbt):
    Lv = scoring.Level
    assert {p.code for p in scoring.validate_scheme(gbt, 100, [])} == {"no_levels"}
    same = [Lv("a", 70, 0), Lv("b", 70, 3)]
    assert {p.code for p in scoring.validate_scheme(gbt, 100, same)} == {"levels_equal"}
    fewer = [Lv("a", 70, 3), Lv("b", 80, 0)]
    assert {p.code for p in scoring.validate_scheme(gbt, 100, fewer)} == {"levels_stars"}
    above = [Lv("a", 70, 0), Lv("b", 101, 3)]
    assert {p.code for p in scoring.validate_scheme(gbt, 100, above)} == {"level_out_of_range"}
    assert {p.code for p in scoring.validate_scheme([], 100, [Lv("a", 70, 0)])} == {"no_indicators"}
    negative = [scoring.Indicator("A", None, 100), scoring.Indicator("a", "A", 101), scoring.Indicator("b", "A", -1)]
    assert "negative_max" in {p.code for p in scoring.validate_scheme(negative, 100, [Lv("a", 70, 0)])}


def test_broken_tree(scoring):
    Ind = scoring.Indicator
    with pytest.raises(scoring.ScoringError) as err:
        scoring.validate_scheme([Ind("a", "nope", 1)], 100)
    assert err.value.code == "unknown_parent"
    with pytest.raises(scoring.ScoringError) as err:
        scoring.validate_scheme([Ind("a", None, 1), Ind("a", None, 1)], 100)
    assert err.value.code == "duplicate_indicator"


@pytest.mark.parametrize(
    "maximum, sampled, nonconforming, points",
    [
        (10, 10, 3, "7.00"),
        (8, 10, 3, "5.60"),
        (5, 3, 1, "3.33"),
        (5, 3, 2, "1.67"),
        (6, 4, 0, "6.00"),
        (6, 4, 4, "0.00"),
    ],
)
def test_sampled_points(scoring, maximum, sampled, nonconforming, points):
    assert str(scoring.sampled_points(maximum, sampled, nonconforming)) == points


@pytest.mark.parametrize(
    "sampled, nonconforming, code",
    [(0, 0, "no_sample"), (5, 6, "bad_sample"), (5, -1, "bad_sample"), ("x", 1, "bad_sample")],
)
def test_sampled_points_bad_input(scoring, sampled, nonconforming, code):
    with pytest.raises(scoring.ScoringError) as err:
        scoring.sampled_points(10, sampled, nonconforming)
    assert err.value.code == code


def test_twelve_stars_needs_both_at_once(scoring):
    req = [("GBT27922", 5), ("CTEAS-SSC", 7)]
    assert scoring.qualifies_composite(req, [("GBT27922", 5), ("CTEAS-SSC", 7)])
    assert not scoring.qualifies_composite(req, [("GBT27922", 4), ("CTEAS-SSC", 7)])
    assert not scoring.qualifies_composite(req, [("GBT27922", 5)])
    assert not scoring.qualifies_composite([], [("GBT27922", 5)])


def test_consecutive_years(scoring):
    d = datetime.date
    # Three back-to-back certificates 2017-2026, held today: 9 consecutive calendar years up to 2025.
    periods = [(d(2017, 3, 1), d(2020, 2, 29)), (d(2020, 3, 1), d(2023, 2, 28)), (d(2023, 3, 1), d(2026, 2, 28))]
    assert scoring.consecutive_years(periods, d(2025, 6, 1)) == 9
    # A gap breaks the chain: only the latest unbroken run counts.
    gap = [(d(2015, 1, 1), d(2017, 12, 31)), (d(2019, 1, 1), d(2021, 12, 31))]
    assert scoring.consecutive_years(gap, d(2021, 6, 1)) == 3
    # Not held on the reference date: no current run.
    assert scoring.consecutive_years(gap, d(2022, 6, 1)) == 0
    assert scoring.consecutive_years([], d(2022, 6, 1)) == 0
