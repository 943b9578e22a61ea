"""Store staff are tested every morning; a positive takes the shift's contacts out.

One positive among a store's staff closes the store for `store_staff.closure_hours`: the
waiting orders are cancelled and the village's other stores take the new ones, as when a picker
at the hub tested positive (the drill's inject). Only stores serving a locked village are
followed: the others are not part of the emergency channel. By default each store's results
come from its own sequence (`run.random_numbers`).
"""

from __future__ import annotations

from sim.distributions import UNIT, sampler
from sim.random_streams import entity_number


def daily_staff_tests(model):
    """A process: each morning at `store_staff.test_hour`, each serving store's result."""
    settings = model.spec.store_staff
    if settings.positive_probability_per_day <= 0:
        return
    positive = settings.positive_probability_per_day
    env = model.env
    if model.spec.run.random_numbers == "per_entity":
        # each store's own results, one a day whether it serves or not: its day-d result is
        # the same whichever stores a policy sets to serve
        own = {store: model.streams.own_uniform("store_staff.tests", entity_number(store.store_id))
               for store in model.stores}

        def tested_positive(store) -> bool:
            return own[store]() < positive and store.active
    else:  # one stream for all serving stores, in the stores' order
        draw = sampler(UNIT, model.streams.generator("store_staff.tests"))

        def tested_positive(store) -> bool:
            return store.active and draw() < positive
    for at in model.clock.clock_times(settings.test_hour, env.now):
        yield env.timeout(at - env.now)
        for store in model.stores:
            if tested_positive(store):
                store.close_for(settings.closure_hours,
                                "a staff member tested positive: the shift's contacts isolate")
