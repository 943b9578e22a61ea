"""Store staff are tested every morning; a positive takes the shift's contacts out.

One positive among a store's staff closes the store for `store_staff.closure_hours`: the
waiting orders are cancelled and the village's other stores take the new ones, as when a picker
at the hub tested positive (the drill's inject). Only stores serving a locked village are
followed: the others are not part of the emergency channel.
"""

from __future__ import annotations

from sim.distributions import Uniform, sampler

_UNIT = Uniform(dist="uniform", low=0, high=1)


def daily_staff_tests(model):
    """A process: each morning at `store_staff.test_hour`, each serving store's result."""
    settings = model.spec.store_staff
    if settings.positive_probability_per_day <= 0:
        return
    draw = sampler(_UNIT, model.streams.generator("store_staff.tests"))
    env = model.env
    for at in model.clock.clock_times(settings.test_hour, env.now):
        yield env.timeout(at - env.now)
        for store in model.stores:
            if store.active and draw() < settings.positive_probability_per_day:
                store.close_for(settings.closure_hours,
                                "a staff member tested positive: the shift's contacts isolate")
