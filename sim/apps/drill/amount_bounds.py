"""How much a drill's action may ask for: the amounts the scenario makes sensible.

An action's amount (couriers to whitelist, a cap on orders, units of goods, volunteers to move)
is carried out in the model at once and under the room's lock; an amount far past what the town
has (a typo of 100,000 couriers, 1e308 units) would hold the model for minutes and every page
with it, or set a cap that caps nothing. Each amount has a range from the scenario, said in the
refusal: a room's page refuses it (`sim/apps/drill/web/action_form.py`) and so does the drill
file's check (`sim/apps/drill/loading.py`), for the table's decisions at a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sim.core.i18n import N_
from sim.core.phrase import Phrase

# whitelisting adds couriers one by one (each with its own draws, onboarding and trips): at most
# this many times the scenario's whitelist, and at least COURIERS_FLOOR, may be added at once
COURIERS_PER_WHITELIST = 5
COURIERS_FLOOR = 100
# a household places a food order every few days: a cap above this caps nothing
ORDERS_PER_HOUSEHOLD_DAY_MAX = 10


@dataclass(frozen=True)
class AmountBounds:
    """The largest amount of each action field the scenario makes sensible (each at least 1)."""

    couriers: int
    orders_per_household_day: int
    volunteers: int
    units: dict[str, float]  # a category -> what every store's shelves in the town hold of it

    def largest(self, field: str, category: str | None = None) -> float | None:
        """The most `field` may be (None: not an amount); `units` by category."""
        if field == "units":
            return self.units.get(category, max(self.units.values(), default=1.0))
        return getattr(self, field, None) if field in AMOUNT_FIELDS else None


AMOUNT_FIELDS = ("couriers", "orders_per_household_day", "volunteers", "units")
# what each range is, as a refusal says it
_WHY = {
    "couriers": N_("{multiple} times the scenario's whitelist of {whitelist}, at least {floor}"),
    "orders_per_household_day": N_("a higher cap caps nothing"),
    "volunteers": N_("every gate's volunteers in the town"),
    "units": N_("what every store's shelves in the town hold of {category}"),
}


def amount_bounds(scenario) -> AmountBounds:
    """The ranges of `scenario` (a `sim.scenario.Scenario`)."""
    shelves: dict[str, float] = {}
    for store in scenario.ledger.stores:
        kind = scenario.store_kinds.get(store.kind)
        if kind is None:
            continue
        for category, per_m2 in kind.stock_per_m2.items():
            shelves[category] = shelves.get(category, 0.0) + per_m2 * store.floor_m2
    return AmountBounds(
        couriers=max(COURIERS_FLOOR, COURIERS_PER_WHITELIST * scenario.couriers.whitelist_size),
        orders_per_household_day=ORDERS_PER_HOUSEHOLD_DAY_MAX,
        volunteers=max(1, sum(v.gate_volunteers for v in scenario.villages)),
        units={c: max(1.0, math.floor(total)) for c, total in shelves.items()},
    )


def amount_problems(values: Mapping, bounds: AmountBounds, scenario) -> list[tuple[str, Phrase]]:
    """Each amount of `values` (an `Option`'s fields, or a page's form) outside its range:
    (field, what is allowed). Values that are not numbers are left to the option's own checks."""
    problems = []
    for field in AMOUNT_FIELDS:
        value = values.get(field)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        category = values.get("category")
        most = bounds.largest(field, category if isinstance(category, str) else None)
        if not (math.isfinite(value) and 0 < value <= most):
            problems.append((field, out_of_range(field, value, most, category, scenario)))
    return problems


def out_of_range(field: str, value, most: float, category: str | None, scenario) -> Phrase:
    """`value` is outside 1..`most` (above 0 for units), with why the range is what it is."""
    why = Phrase(_WHY[field], multiple=COURIERS_PER_WHITELIST, whitelist=scenario.couriers.whitelist_size,
                 floor=COURIERS_FLOOR, category=category or "")
    low = Phrase("above 0") if field == "units" else "1"
    return Phrase("{field}: {value} is out of range; allowed: {low} to {most:,g} ({why})",
                  field=Phrase(field.replace("_", " ")),
                  value=_shown(value), low=low, most=most, why=why)


def _shown(value) -> str:
    """An amount as a refusal quotes it: a long whole number by its size (10^30), not its digits."""
    if isinstance(value, float):
        return f"{value:g}"
    digits = len(str(abs(value)))
    return f"{value}" if digits <= 15 else f"{'-' if value < 0 else ''}10^{digits - 1}"
