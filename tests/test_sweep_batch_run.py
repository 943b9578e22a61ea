"""Mesa's own batch runner drives the town model (dotted overrides as `__` keywords)."""

from __future__ import annotations

import mesa

from sim.model import TownModel
from tests.test_sweep_fixtures import SMALL_TOWN


def test_mesa_batch_run_runs_the_town_to_its_horizon_with_common_demand():
    results = mesa.batch_run(
        TownModel,
        parameters={"scenario": str(SMALL_TOWN), "run__horizon_days": 0.5,
                    "couriers__whitelist_size": [1, 10]},
        rng=[11, 12], max_steps=100, number_processes=1, display_progress=False)
    assert len(results) == 4
    assert all(r["Step"] == 12 for r in results)  # 0.5 days of 60-minute ticks, not max_steps
    placed = {(r["couriers__whitelist_size"], r["seed"]): r["orders_placed"] for r in results}
    assert placed[(1, 11)] == placed[(10, 11)] > 0  # couriers do not change demand
    assert placed[(1, 11)] != placed[(1, 12)]
