"""Scoring rules of GB/T 27922-2011 clause 6, as pure functions.

This module imports nothing from Odoo: the models call it, tests load it on its own.
Every figure is a ``decimal.Decimal`` so that thresholds compare exactly (94.95 -> 95.0 -> 五星).

Rules (``domain.md`` §3):
- an indicator with sub-items takes the sum of its sub-items; categories take the sum of their indicators;
- excluded indicators (删减) count neither in the awarded nor in the applicable total;
- score = awarded / applicable x 100 - special deductions + special bonus (at most one),
  capped to 0..100 and rounded half up to one decimal, *then* compared with inclusive thresholds;
- fail below the lowest level, or with ``fail_deductions`` (default 5) special deductions or more;
- every applicable leaf must be scored before the score counts.
"""

import datetime
from collections import namedtuple
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal("100")

#: One node of a scheme's indicator tree. ``parent`` is the key of the parent node or None for a category.
Indicator = namedtuple("Indicator", "key parent max_points name", defaults=(None,))
#: A level (达标 / 三星 / ...): inclusive lower bound ``min_score``.
Level = namedtuple("Level", "key min_score stars name", defaults=(0, None))
#: A consistency problem: ``code`` names the rule, ``params`` the figures (the caller words the message).
Problem = namedtuple("Problem", "code params")


class ScoringError(ValueError):
    """Input that cannot be scored. ``code`` and ``params`` let the caller word a translated message."""

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


class ScoreResult(
    namedtuple(
        "ScoreResult",
        "complete missing subtotals awarded applicable raw_score score level passed failure",
    )
):
    """Outcome of :func:`compute_score`.

    - ``complete``: every applicable leaf was scored; when False, ``score``/``level``/``passed`` are None.
    - ``subtotals``: {category key: (awarded, applicable)} — excluded points removed from both.
    - ``raw_score``: awarded / applicable x 100 before special items and rounding.
    - ``failure``: None, ``"below_minimum"`` or ``"special_deductions"``.
    """


def to_decimal(value, places=CENT):
    """Convert a float/int/str/Decimal to a Decimal rounded half up to ``places``.

    Floats go through ``repr`` (shortest round-trip), so 89.3 becomes Decimal('89.3'), not 89.29999….
    """
    if value is None or value is False:
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ScoringError("not_a_number", value=value) from exc


def round_score(value):
    """Round half up to one decimal (94.95 -> 95.0, 94.949 -> 94.9)."""
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def _tree(indicators):
    nodes = {}
    for ind in indicators:
        if ind.key in nodes:
            raise ScoringError("duplicate_indicator", key=ind.key)
        nodes[ind.key] = ind
    children = {key: [] for key in nodes}
    roots = []
    for ind in indicators:
        if ind.parent is None:
            roots.append(ind.key)
        elif ind.parent not in nodes:
            raise ScoringError("unknown_parent", key=ind.key, parent=ind.parent)
        else:
            children[ind.parent].append(ind.key)
    return nodes, children, roots


def validate_scheme(indicators, total=HUNDRED, levels=()):
    """Return the list of :class:`Problem` that prevent a scheme from being activated (empty = consistent).

    Checks: at least one indicator; no negative maxima; each parent's maximum equals the sum of its
    children; the categories add up to ``total``; levels exist, their thresholds are strictly increasing,
    their stars never decrease, and no threshold exceeds the total.
    """
    problems = []
    total = to_decimal(total)
    nodes, children, roots = _tree(indicators)
    if not nodes:
        problems.append(Problem("no_indicators", {}))
    for key, ind in nodes.items():
        maximum = to_decimal(ind.max_points or 0)
        if maximum < 0:
            problems.append(Problem("negative_max", {"indicator": ind.name or key, "max": maximum}))
        if children[key]:
            child_sum = sum((to_decimal(nodes[c].max_points or 0) for c in children[key]), Decimal(0))
            if child_sum != maximum:
                problems.append(
                    Problem("children_sum", {"indicator": ind.name or key, "max": maximum, "sum": child_sum})
                )
    if nodes:
        root_sum = sum((to_decimal(nodes[r].max_points or 0) for r in roots), Decimal(0))
        if root_sum != total:
            problems.append(Problem("total_sum", {"total": total, "sum": root_sum}))
    if not levels:
        problems.append(Problem("no_levels", {}))
    ordered = sorted(levels, key=lambda lv: to_decimal(lv.min_score))
    for low, high in zip(ordered, ordered[1:], strict=False):
        if to_decimal(low.min_score) == to_decimal(high.min_score):
            problems.append(Problem("levels_equal", {"first": low.name or low.key, "second": high.name or high.key}))
        elif (high.stars or 0) < (low.stars or 0):
            problems.append(Problem("levels_stars", {"first": low.name or low.key, "second": high.name or high.key}))
    for lv in levels:
        if to_decimal(lv.min_score) > total or to_decimal(lv.min_score) < 0:
            problems.append(Problem("level_out_of_range", {"level": lv.name or lv.key, "min": lv.min_score}))
    return problems


def level_for(score, levels):
    """The highest level whose inclusive threshold the (already rounded) score reaches, or None."""
    best = None
    for lv in levels:
        threshold = to_decimal(lv.min_score, TENTH)
        if score >= threshold and (best is None or threshold > to_decimal(best.min_score, TENTH)):
            best = lv
    return best


def compute_score(
    indicators,
    awarded,
    excluded=(),
    special_deductions=0,
    special_bonus=False,
    levels=(),
    fail_deductions=5,
):
    """Score an audit.

    :param indicators: iterable of :class:`Indicator` (the scheme's tree with maxima)
    :param awarded: {leaf key: points} — points between 0 and the leaf's maximum
    :param excluded: keys of excluded nodes (a node's exclusion excludes its whole subtree)
    :param special_deductions: number of 特别扣分项 (1 point each)
    :param special_bonus: whether the one 特别加分项 applies (+1 point)
    :param levels: iterable of :class:`Level`
    :param fail_deductions: this many special deductions or more fail the audit whatever the score
    :returns: :class:`ScoreResult`
    :raises ScoringError: unknown indicator, points on a non-leaf, points out of range, nothing applicable
    """
    indicators = list(indicators)
    levels = list(levels)
    nodes, children, roots = _tree(indicators)
    excluded = set(excluded or ())
    for key in excluded:
        if key not in nodes:
            raise ScoringError("unknown_indicator", key=key)
    special_deductions = int(special_deductions or 0)
    if special_deductions < 0:
        raise ScoringError("negative_deductions", count=special_deductions)

    points = {}
    for key, value in (awarded or {}).items():
        if key not in nodes:
            raise ScoringError("unknown_indicator", key=key)
        if children[key]:
            raise ScoringError("not_a_leaf", key=key, indicator=nodes[key].name or key)
        value = to_decimal(value)
        if value is None:
            continue
        maximum = to_decimal(nodes[key].max_points or 0)
        if value < 0 or value > maximum:
            raise ScoringError("out_of_range", key=key, indicator=nodes[key].name or key, points=value, max=maximum)
        points[key] = value

    missing = []

    def walk(key, is_excluded):
        """Return (awarded, applicable) of the subtree, collecting unscored applicable leaves."""
        is_excluded = is_excluded or key in excluded
        if is_excluded:
            return Decimal(0), Decimal(0)
        if not children[key]:
            if key not in points:
                missing.append(key)
                return Decimal(0), to_decimal(nodes[key].max_points or 0)
            return points[key], to_decimal(nodes[key].max_points or 0)
        got, applicable = Decimal(0), Decimal(0)
        for child in children[key]:
            child_got, child_applicable = walk(child, False)
            got += child_got
            applicable += child_applicable
        return got, applicable

    subtotals = {root: walk(root, False) for root in roots}
    got = sum((s[0] for s in subtotals.values()), Decimal(0))
    applicable = sum((s[1] for s in subtotals.values()), Decimal(0))
    if applicable <= 0:
        raise ScoringError("nothing_applicable")
    raw = got / applicable * HUNDRED
    if missing:
        return ScoreResult(False, missing, subtotals, got, applicable, raw, None, None, None, None)

    adjusted = raw - special_deductions + (1 if special_bonus else 0)
    score = round_score(min(max(adjusted, Decimal(0)), HUNDRED))
    level = level_for(score, levels)
    failure = None
    if special_deductions >= fail_deductions:
        failure = "special_deductions"
    elif level is None:
        failure = "below_minimum"
    if failure:
        level = None
    return ScoreResult(True, [], subtotals, got, applicable, raw, score, level, failure is None, failure)


def sampled_points(max_points, sampled, nonconforming):
    """Points of a sampled indicator: the maximum less the share of non-conforming samples.

    3 of 10 sampled records fail -> 30 % of the points lost. Two decimals, half up.
    """
    maximum = to_decimal(max_points)
    try:
        sampled = int(sampled)
        nonconforming = int(nonconforming)
    except (TypeError, ValueError) as exc:
        raise ScoringError("bad_sample", sampled=sampled, nonconforming=nonconforming) from exc
    if sampled <= 0:
        raise ScoringError("no_sample", sampled=sampled)
    if nonconforming < 0 or nonconforming > sampled:
        raise ScoringError("bad_sample", sampled=sampled, nonconforming=nonconforming)
    lost = maximum * Decimal(nonconforming) / Decimal(sampled)
    return (maximum - lost).quantize(CENT, rounding=ROUND_HALF_UP)


def qualifies_composite(requirements, holdings):
    """Whether a client qualifies for a composite level such as 十二星.

    :param requirements: iterable of (scheme code, minimum stars) that must all be held at once
    :param holdings: iterable of (scheme code, stars) of the client's *valid* certificates
    """
    held = {}
    for code, stars in holdings:
        held[code] = max(held.get(code, 0), stars or 0)
    requirements = list(requirements)
    return bool(requirements) and all(held.get(code, -1) >= stars for code, stars in requirements)


def consecutive_years(periods, as_of):
    """Consecutive calendar years, up to ``as_of``, in which ``periods`` held a level without a gap.

    Counted the way certification bodies and their clients say it ("连续9年五星"): the year of the
    first certificate of the unbroken chain up to and including the year of ``as_of``.

    :param periods: iterable of (date_from, date_to) during which a level was held (inclusive dates)
    :param as_of: the reference date; a chain of periods must reach it (gaps of one day are tolerated:
        a new certificate starting the day after the old one ends is continuous)
    """
    spans = sorted((start, end) for start, end in periods if start and end and start <= as_of)
    if not spans:
        return 0
    chain_start = chain_end = None
    for start, end in spans:
        if chain_end is None or start > chain_end + datetime.timedelta(days=1):
            chain_start, chain_end = start, end
        else:
            chain_end = max(chain_end, end)
    if chain_end < as_of:
        return 0
    return as_of.year - chain_start.year + 1
