"""Store staff are tested every morning; a positive takes the shift's contacts out.

One positive among a store's staff closes the store for `store_staff.closure_hours`: the
waiting orders are cancelled and the village's other stores take the new ones, as when a picker
at the hub tested positive (the drill's inject). Only stores serving a locked village are
followed: the others are not part of the emergency channel. Every store has a result every
morning, whether it serves or not, so a store's result on a day is the same whichever stores a
policy sets to serve: by default from the store's own sequence, keyed by its id; with
`run.random_numbers = "per_village"` from one stream, store after store.
"""

from __future__ import annotations

from sim.core.distributions import UNIT
from sim.core.entity_draws import DrawKind

STORE_STAFF = DrawKind(sequence=lambda _purpose: "store_staff.tests",
                       stream=lambda _store_id, purpose: ("store_staff.tests", purpose))
"""A store's staff test results, keyed by the store's id."""
_TEST_SPECS = {"test": UNIT}  # one dict for every store: the draws factory reads it once


def daily_staff_tests(model):
    """A process: each morning at `store_staff.test_hour`, each serving store's result."""
    settings = model.spec.store_staff
    if settings.positive_probability_per_day <= 0:
        return
    positive = settings.positive_probability_per_day
    env = model.env
    result = {store: model.entity_draws.draws(STORE_STAFF, store.store_id, _TEST_SPECS).test
              for store in model.stores}
    for at in model.clock.clock_times(settings.test_hour, env.now):
        yield env.timeout(at - env.now)
        for store in model.stores:
            if result[store]() < positive and store.active:
                store.close_for(settings.closure_hours,
                                "a staff member tested positive: the shift's contacts isolate")
