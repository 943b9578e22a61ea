"""A lockdown announced ahead: households buy ahead over the counter before the seal.

With `notice_hours` on a lockdown, a share of the village's households (`notice_buy_share`)
go to the stores that will serve it (the command centre's choice from the ledger, as it would
be made now, for each food kind) and buy `notice_buy_days` of each food they eat. What the
shelves hold is shared in proportion to what each asked for; the shelves are drawn down before
the first online order, and the households start the lockdown with more at home.
"""

from __future__ import annotations

from sim.core.distributions import sampler
from sim.domain.policies import select_stores


def buy_ahead(model, village) -> None:
    """The notice of `village`'s lockdown reaches its households: they buy ahead now."""
    if village.locked:
        return
    hh = model.spec.households
    rng = model.streams.generator(f"notice.{village.name}")
    goes = sampler(hh.notice_buy_days, rng)
    unit = rng.random
    pantry_index = village.pantry_index
    wants: list[tuple[object, dict[int, float]]] = []
    for household in village.households:
        if unit() >= hh.notice_buy_share:
            continue
        days = goes()
        daily = household.pantry.daily
        wants.append((household, {i: daily[i] * days for i in range(len(daily)) if daily[i] > 0}))
    stores = _stores_that_will_serve(model, village)
    bought_units = 0.0
    for category, i in pantry_index.items():
        asked = sum(w.get(i, 0.0) for _, w in wants)
        selling = [s for s in stores if category in s.categories]
        on_shelf = sum(s.stock.get(category, 0.0) for s in selling)
        if asked <= 0 or on_shelf <= 0:
            continue
        share = min(1.0, on_shelf / asked)
        for store in selling:  # each store gives in proportion to its stock
            store.sell_over_the_counter(category, asked * share * store.stock.get(category, 0.0) / on_shelf)
        for household, w in wants:
            if i in w:
                household.bought_ahead(i, w[i] * share)
        bought_units += asked * share
    model.stats.notice_units += bought_units
    model.log_event("notice", village.name,
                    f"{village.name} warned of its lockdown: {len(wants)} households bought "
                    f"{bought_units:,.0f} units ahead at {len(stores)} stores")


def _stores_that_will_serve(model, village) -> list:
    """The stores the command centre would choose now for each food kind of the standard set
    (households know their shops whether or not the ledger was surveyed)."""
    known = {s.store_id for s in model.stores}
    chosen = []
    for kind in model.spec.standard_kinds:
        if kind not in model.goods.food_kinds:
            continue
        count = model.spec.store_kinds[kind].stores_per_village
        chosen += [s for s in select_stores(model, village, kind, known, count)
                   if s not in chosen]
    return chosen
