"""What the depot costs: a standing reserve costs money every day of the year, a lockdown only
adds to it. A town official signs for the year's bill (the building, holding the stock,
selling it on before it expires or throwing it out) and for what a lockdown spends on top, so
the model reports both, apart from the costs over the days run.

The year is the rotation steady state (`agents/depot_lots.py`): each category's standing
stock S (its target times the fill share) leaves at age R, rotated at a markdown when the
depot rotates, else spoiled when it expires, and is bought again; so 365 / R times S leaves a
year. The lockdown's cost is what the run spent beyond that steady state over its days
(holding, spoilage, markdown) plus the purchase value of the packs the depot gave away.
"""

from __future__ import annotations

import math

from sim.core.units import MINUTES_PER_DAY

DAYS_PER_YEAR = 365
YEAR_PARTS = ("capacity", "holding", "rotation", "spoilage")


def annual_costs(costs, capacity_kg: float, standing_units: dict[str, float],
                 rotation_days: dict[str, float], rotate: bool) -> dict[str, float]:
    """Yuan a year of the standing reserve: `capacity` per kg of capacity, `holding` per kg
    held all year, the markdown on what is rotated (`rotate`) or the purchase value of what
    spoils (not rotated), each category turned over every `rotation_days` of it (inf: never),
    and their `total`. `costs` is the scenario's `[depot.costs]`."""
    turned_over = sum(units * DAYS_PER_YEAR / rotation_days[c]
                      for c, units in standing_units.items() if not math.isinf(rotation_days[c]))
    price = costs.purchase_per_kg
    figures = {
        "capacity": costs.capacity_per_kg_year * capacity_kg,
        "holding": costs.holding_per_kg_day * DAYS_PER_YEAR * sum(standing_units.values()),
        "rotation": price * costs.rotation_markdown_share * turned_over if rotate else 0.0,
        "spoilage": 0.0 if rotate else price * turned_over,
    }
    figures["total"] = sum(figures.values())
    return figures


def run_costs(costs, capacity_kg: float, days: float, unit_minutes_held: float,
              spoiled_units: float, rotated_units: float) -> dict[str, float]:
    """Yuan over the `days` run: the capacity's annual cost for those days, holding per
    unit-day held (`unit_minutes_held` / minutes a day), the purchase value of what spoiled,
    the markdown on what was rotated, and their `total`."""
    price = costs.purchase_per_kg
    figures = {
        "capacity": costs.capacity_per_kg_year * capacity_kg * days / DAYS_PER_YEAR,
        "holding": costs.holding_per_kg_day * unit_minutes_held / MINUTES_PER_DAY,
        "spoilage": price * spoiled_units,
        "rotation": price * costs.rotation_markdown_share * rotated_units,
    }
    figures["total"] = sum(figures.values())
    return figures


def lockdown_cost(costs, run: dict[str, float], year: dict[str, float], days: float,
                  units_given: float) -> float:
    """Yuan the lockdown added: the purchase value of the `units_given` away as packs
    (assumption: packs from the depot are free, as the city's were), plus the run's holding,
    spoilage and markdown beyond the steady state's over the same `days`. That second part is
    never below 0 and never nets off the packs: a lockdown that sold the oldest lots to the
    stores spared their spoilage or markdown, but that is the reserve doing its job, not
    money the town gets back for the packs it gave."""
    share = days / DAYS_PER_YEAR
    beyond = sum(run[part] - year[part] * share for part in ("holding", "spoilage", "rotation"))
    return max(0.0, beyond) + costs.purchase_per_kg * units_given
