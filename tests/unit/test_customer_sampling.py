"""Stratified sample of service orders (sampling.py): sizes, split over outlets, same seed → same sample."""

import pytest


@pytest.mark.parametrize(
    "population, fixed, minimum, expected",
    [
        (0, 0, 10, 0),
        (5, 0, 10, 5),  # fewer orders than the minimum: all of them
        (10, 0, 10, 10),
        (100, 0, 10, 10),  # √100 = 10
        (101, 0, 10, 11),  # ⌈√101⌉
        (400, 0, 10, 20),
        (50000, 0, 10, 224),  # ⌈223.6⌉
        (400, 30, 10, 30),  # the scheme fixes the size
        (400, 5, 10, 10),  # never below the minimum
        (20, 30, 10, 20),  # never above the population
        (100, 0, 0, 10),
    ],
)
def test_sample_size(sampling, population, fixed, minimum, expected):
    assert sampling.sample_size(population, fixed, minimum) == expected


@pytest.mark.parametrize(
    "counts, total, expected",
    [
        ({"a": 50, "b": 50}, 10, {"a": 5, "b": 5}),
        ({"a": 90, "b": 10}, 10, {"a": 8, "b": 2}),  # one each, then 8 by size: 9×8/98 → 7.3, 9×… remainder
        ({"a": 1, "b": 99}, 10, {"a": 1, "b": 9}),
        ({"a": 3, "b": 3, "c": 3}, 2, {"a": 1, "b": 1, "c": 0}),  # fewer than the strata: first ones by name
        ({"a": 2, "b": 2}, 10, {"a": 2, "b": 2}),  # capped by the population
        ({"a": 0, "b": 4}, 2, {"b": 2}),
        ({"a": 10, "b": 10, "c": 10}, 10, {"a": 4, "b": 3, "c": 3}),  # ties: the first by name
    ],
)
def test_allocate(sampling, counts, total, expected):
    shares = sampling.allocate(counts, total)
    assert shares == expected
    assert sum(shares.values()) == min(total, sum(counts.values()))


def population(strata):
    orders = []
    next_id = 1
    for stratum, count in strata.items():
        orders += [(next_id + i, stratum) for i in range(count)]
        next_id += count
    return orders


@pytest.mark.parametrize(
    "strata, total",
    [({"hq": 40, "o1": 30, "o2": 30}, 10), ({"o1": 500, "o2": 3}, 23), ({"o1": 4}, 10), ({"o1": 12, "o2": 9}, 10)],
)
def test_draw_is_stratified_and_reproducible(sampling, strata, total):
    pop = population(strata)
    first = sampling.draw(pop, "seed-1", total)
    assert sampling.draw(list(reversed(pop)), "seed-1", total) == first  # order of the rows does not matter
    sample = [row for row in first if row[2] == "sample"]
    reserve = [row for row in first if row[2] == "reserve"]
    shares = sampling.allocate(strata, total)
    for stratum, share in shares.items():
        assert len([row for row in sample if row[1] == stratum]) == share
    picked = [row[0] for row in first]
    assert len(picked) == len(set(picked)), "an order is drawn once, in the sample or in the reserve"
    assert all(row[0] in dict(pop) for row in first)
    assert len(reserve) == sum(sampling.reserve_size(s, strata[k] - s) for k, s in shares.items())


def test_another_seed_draws_another_sample(sampling):
    pop = population({"o1": 200, "o2": 200})
    assert sampling.draw(pop, "a", 20) != sampling.draw(pop, "b", 20)


def test_other_outlets_keep_their_draw(sampling):
    """One generator per outlet: an order added to one outlet does not change the other outlet's draw."""
    pop = population({"o1": 50, "o2": 50})
    more = [*pop, (1000, "o1")]
    before = [row for row in sampling.draw(pop, "s", 10) if row[1] == "o2"]
    after = [row for row in sampling.draw(more, "s", 10) if row[1] == "o2"]
    assert before == after


@pytest.mark.parametrize("drawn, available, expected", [(0, 5, 0), (1, 5, 1), (5, 10, 3), (5, 1, 1), (4, 0, 0)])
def test_reserve_size(sampling, drawn, available, expected):
    assert sampling.reserve_size(drawn, available) == expected
