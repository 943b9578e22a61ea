"""Mesa's own batch runner drives the town model (dotted overrides as `__` keywords)."""

from __future__ import annotations

import mesa

from sim.model.town_model import TownModel
from tests.support.sweep_fixtures import SMALL_TOWN


def test_mesa_batch_run_runs_the_town_to_its_horizon_with_common_demand():
    results = mesa.batch_run(
        TownModel,
        parameters={"scenario": str(SMALL_TOWN), "run__horizon_days": 0.5,
                    "couriers__whitelist_size": [1, 10]},
        rng=[11, 12], max_steps=100, number_processes=1, display_progress=False,
        data_collection_period=1)
    final = [r for r in results if r["Step"] == 12]  # 0.5 days of 60-minute ticks, not max_steps
    assert len(final) == 4 and max(r["Step"] for r in results) == 12
    # the first orders, before any delivery could change what households do next: the same
    # households and demand whatever the couriers (common random numbers), other with the seed
    first = min(r["Step"] for r in results if r["orders_placed"] > 0)
    placed = {(r["couriers__whitelist_size"], r["seed"]): r["orders_placed"]
              for r in results if r["Step"] == first}
    assert placed[(1, 11)] == placed[(10, 11)] > 0
    assert placed[(1, 11)] != placed[(1, 12)]
