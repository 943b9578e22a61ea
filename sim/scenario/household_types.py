"""Kinds of household (`[households.types.<name>]`): who they are, what they eat and what they
hold when their village is locked.

A town's households differ in what they keep at home more than in anything else the model
asks of them: a farming family in North China buys flour by the sack and lays in cabbage,
potatoes and radish in November; a migrant worker renting a room buys for a day or two. A type
gives its share of the households and, where it differs from the households' own figures, its
household size, what its people eat a day and its days of each food at the lockdown. Without
types every household takes the households' own figures.
"""

from __future__ import annotations

from pydantic import Field

from sim.core.distributions import Dist
from sim.scenario.section import Section

# the shares of the types add up to 1 within this
SHARES_TOLERANCE = 1e-6


class HouseholdType(Section):
    """One kind of household: `share` of the village's households; `size_persons` (None: the
    households' own); `consumption_per_person_day` and `stock_days_at_lockdown` per food or
    ready-meal category, for the categories where this type differs (the rest: the
    scenario's `consumption_per_person_day` and the households' `stock_days_at_lockdown`)."""

    share: float = Field(gt=0, le=1)
    size_persons: Dist | None = None
    consumption_per_person_day: dict[str, Dist] = {}
    stock_days_at_lockdown: dict[str, Dist] = {}


def household_type_problems(types: dict[str, HouseholdType],
                            pantry: list[str]) -> list[tuple[tuple, str]]:
    """The types' shares add up to 1 and they name only food and ready-meal categories
    (`pantry`), as (field path, message) pairs."""
    problems: list[tuple[tuple, str]] = []
    if not types:
        return problems
    total = sum(t.share for t in types.values())
    if abs(total - 1.0) > SHARES_TOLERANCE:
        shares = ", ".join(f"{name} {t.share:g}" for name, t in types.items())
        first = next(iter(types))
        problems.append((("households", "types", first, "share"),
                         f"the types' shares must add up to 1; they add up to {total:g} ({shares})"))
    for name, t in types.items():
        for field in ("consumption_per_person_day", "stock_days_at_lockdown"):
            for category in getattr(t, field):
                if category not in pantry:
                    problems.append((("households", "types", name, field),
                                     f"unknown food category {category!r}; declared: {pantry}"))
    return problems
