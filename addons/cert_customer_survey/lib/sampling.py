"""Stratified random sample of a client's service orders, reproducible from a recorded seed.

Pure: no Odoo import. The audit records the seed; drawing again from the same population and seed gives
the same sample and the same reserve list.
"""

import math
import random


def sample_size(population, fixed=0, minimum=10):
    """How many orders to call: ``fixed`` when the scheme sets it, else ⌈√n⌉; at least ``minimum``, at most n."""
    population = int(population)
    if population <= 0:
        return 0
    size = int(fixed) if fixed and int(fixed) > 0 else math.ceil(math.sqrt(population))
    return min(population, max(size, int(minimum or 0)))


def allocate(counts, total):
    """Split ``total`` over the strata ``counts`` ({stratum: orders}) in proportion to their size.

    Every stratum gets one order first when there are enough for all (an outlet is never left out), the rest
    goes by largest remainder; ties go to the stratum that sorts first, so that the split is deterministic.
    """
    strata = sorted(key for key, count in counts.items() if count > 0)
    total = min(int(total), sum(counts[key] for key in strata))
    shares = dict.fromkeys(strata, 0)
    if total <= 0:
        return shares
    if total >= len(strata):
        shares = dict.fromkeys(strata, 1)
    capacity = {key: counts[key] - shares[key] for key in strata}
    rest = total - sum(shares.values())
    room = sum(capacity.values())
    if rest <= 0 or room <= 0:
        return shares
    quotas = {key: rest * capacity[key] / room for key in strata}
    for key in strata:
        shares[key] += int(quotas[key])
    left = total - sum(shares.values())
    order = sorted(strata, key=lambda key: (-(quotas[key] - int(quotas[key])), str(key)))
    while left > 0:
        for key in order:
            if left and shares[key] < counts[key]:
                shares[key] += 1
                left -= 1
    return shares


def reserve_size(drawn, available):
    """Reserve orders per stratum: half the drawn ones (at least one), as far as the stratum has them."""
    if drawn <= 0:
        return 0
    return min(available, max(1, math.ceil(drawn / 2)))


def draw(population, seed, total):
    """Draw the sample and the reserve list.

    :param population: iterable of (order id, stratum) pairs
    :param seed: the recorded seed (str or int)
    :param total: sample size (see ``sample_size``)
    :return: list of (order id, stratum, role, rank) with role "sample" or "reserve", rank 1… within the
        stratum and role (the reserve is used in rank order)
    """
    strata = {}
    for order, stratum in population:
        strata.setdefault(stratum, []).append(order)
    shares = allocate({key: len(orders) for key, orders in strata.items()}, total)
    result = []
    for stratum in sorted(strata, key=str):
        orders = sorted(strata[stratum])
        take = shares.get(stratum, 0)
        spare = reserve_size(take, len(orders) - take)
        # one generator per stratum: adding orders to one outlet leaves the others' draws unchanged
        rng = random.Random(f"{seed}|{stratum}")
        picked = rng.sample(orders, take + spare)
        result += [(order, stratum, "sample", rank) for rank, order in enumerate(picked[:take], 1)]
        result += [(order, stratum, "reserve", rank) for rank, order in enumerate(picked[take:], 1)]
    return result
