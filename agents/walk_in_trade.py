"""Counter trade of a store's own, unlocked village while the store serves locked villages.

The source's hub supermarket in Xidaying took the online orders of locked Ma and Bajia and
still sold over the counter to Xidaying, which was not locked. Its shelves therefore fall
faster than the online orders alone say, and its overnight order must cover both. One event
an hour for the whole town: each serving store sells, in its opening hours, its hourly share
of its village's consumption of what it sells.
"""

from __future__ import annotations

from sim.core.units import MINUTES_PER_DAY
from sim.domain.demand import daily_share_through


def walk_in_per_day(model, store) -> dict[str, float]:
    """Units a day of each category the store's own village buys over its counter (shared
    with the village's other stores of the kind)."""
    sc = model.spec
    share = sc.walk_in.daily_consumption_share
    if share <= 0:
        return {}
    same_kind = sum(1 for s in model.stores if s.home is store.home and s.kind == store.kind)
    people = store.home.population * daily_share_through(sc.households, model.goods, store.kind)
    return {c: share * people * sc.consumption_per_person_day[c].mean() / max(1, same_kind)
            for c in store.categories}


def walk_in_trade(model):
    """Each hour, every store that serves a locked village from an unlocked home village, and
    is open, sells its hour of counter trade (a process; only when the scenario sets a share)."""
    env = model.env
    rates = {store: walk_in_per_day(model, store) for store in model.stores}
    for store, per_day in rates.items():
        store.walk_in_per_day = per_day  # the overnight order covers it too
    stats = model.stats
    while True:
        yield env.timeout(60)
        for store, per_day in rates.items():
            if not store.active or store.home.locked or store.pickers.servers == 0:
                continue
            hour_share = 60 / (store.opening_hours.hours_a_day() * 60 or MINUTES_PER_DAY)
            for category, units in per_day.items():
                stats.walk_in_units += store.sell_over_the_counter(category, units * hour_share)
