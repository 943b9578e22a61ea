"""Demand: the planner's arithmetic of it, and what a household asks for.

The planner reckons demand from the scenario's household settings and the town's goods
catalogue, before any order is placed: the share of a person's daily consumption bought
through a kind of store, and the orders a household makes a day through it. Stores size their
load and overnight orders with it, the depot its releases, the counter trade its hourly sales.

A household's basket is what it asks for from its pantry: each food category it eats topped
up to so many days of eating (left out when it has enough), other goods for the days asked;
of that, what it newly needs is what it had not asked for already. A household ordering
itself and a buying group's list (`agents/group_buying.py`) ask with the same arithmetic.

Plain functions of the values they are given: no agent state is kept here, and nothing from
`agents/` is imported (a pantry is passed in), so every agent may use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.pantry import Pantry
    from sim.core.goods import Goods
    from sim.scenario import Households

# a food category short of its top-up by no more than this has enough (rounding, not need)
ENOUGH_UNITS = 1e-9


# --- the planner's arithmetic -----------------------------------------------------------
def daily_share_through(households: Households, goods: Goods, kind: str) -> float:
    """The share of a person's daily consumption that goes through stores of `kind`
    (`households`: the scenario's household settings; `goods`: the town's catalogue)."""
    if kind == goods.pharmacy_kind and kind not in goods.food_kinds:
        # per person: orders a household makes a day x days each covers
        return households.pharmacy_orders_per_household_day * households.basket_days.mean()
    weights = households.food_kind_weights
    total = sum(w for k, w in weights.items() if k in goods.food_kinds)
    return weights.get(kind, 0.0) / total if total else 0.0


def orders_per_household_day(households: Households, goods: Goods, kind: str) -> float:
    """The orders a household makes a day through stores of `kind`, as a planner reckons it
    from the scenario's household settings (`households`): a food order every basket's days,
    split by the kinds' weights; pharmacy orders plus monthly refills."""
    if kind == goods.pharmacy_kind and kind not in goods.food_kinds:
        return (households.pharmacy_orders_per_household_day + households.chronic_medicine_share
                * households.refill_ordered_share / households.medicine_refill_days)
    return daily_share_through(households, goods, kind) / households.basket_days.mean()


# --- a household's basket ---------------------------------------------------------------
def basket(pantry: Pantry, now: float, sold: Iterable[tuple[str, str | None]],
           pantry_index: Mapping[str, int], persons: int, days: float, top_up_days: float,
           extra: bool = False, draws=None) -> dict[str, float]:
    """What a household asks for of the categories `sold`, in their order: (category, the
    purpose of its draw of a person's daily use) pairs, the purpose only for goods outside
    the pantry (None for a pantry category), drawn from the household's `draws`. A food
    category it eats (in `pantry_index`) is topped up to `top_up_days` of eating at `now`, or,
    for an `extra` order, `days` more of it; one it has enough of is left out. Other goods
    come for `persons` x `days` at a drawn daily use."""
    requested = {}
    daily = pantry.daily
    for c, purpose in sold:
        i = pantry_index.get(c)
        if i is None:
            requested[c] = persons * days * getattr(draws, purpose)()
        elif daily[i] > 0:
            if extra:
                units = daily[i] * days
            else:
                units = daily[i] * top_up_days - pantry.stock_at(i, now)
            if units > ENOUGH_UNITS:
                requested[c] = units
    return requested


def newly_needed(requested: Mapping[str, float], unmet_asked: dict[str, float]) -> float:
    """Units of `requested` the household had not asked for already: what an earlier order
    failed to bring (`unmet_asked`, units per category) is not needed twice when it asks
    again. The categories asked for again leave `unmet_asked`."""
    needed = 0.0
    for c, units in requested.items():
        carried = unmet_asked.pop(c, 0.0)
        if units > carried:
            needed += units - carried
    return needed
