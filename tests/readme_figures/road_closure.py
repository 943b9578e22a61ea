"""The Roads section's example (experiments/small-town-roads.toml): what the closure of V1's
only road held up, at the scenario's own seed, as `rehearse run` reports it."""

from __future__ import annotations

from tests.readme_figures.wording import paragraph
from tests.support.paths import ROOT

SCENARIO = ROOT / "experiments" / "small-town-roads.toml"


def road_closure_sentence(workers: int = 1) -> str:
    from sim.model.town_model import TownModel

    kpis = TownModel(SCENARIO).run_episode()
    return paragraph(
        f"As measured (seed {kpis['seed']}), V1 was cut off for {kpis['unreachable_village_hours']:g} "
        f"hours (`unreachable_village_hours`) and {kpis['orders_blocked_by_road']} of its orders "
        f"waited at the shops by the bridge for the road (`orders_blocked_by_road`); "
        f"{kpis['orders_delivered']} of {kpis['orders_placed']} orders were delivered by the end "
        f"of the day.")
