"""Food as a diet: what a household's food is worth in energy, and what it eats when some of
it runs out.

A household eats its usual diet while it has every food at home. When a category runs out it
makes up the energy from what is left: the categories it still has are eaten more, all in the
same proportion to their usual energy, each up to the most of a day's energy it may give
(`max_energy_share`; never less than its usual share). Ready meals are eaten at their own rate
while they last and replace their energy of the other food. Energy that cannot be made up is
energy below the household's need: the energy of its usual diet.

A town that declares no energy for its categories counts a unit of each alike (households
substitute by weight). Plain arithmetic, in the pantry's order of categories; no agent state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.scenario import Scenario


@dataclass(frozen=True)
class Diet:
    """Per pantry category (in the pantry's order): kcal per unit, the most of a day's energy
    it may give when other food runs out, the share of what leaves the stock that is thrown
    away, and the guideline's amount per person-day (None: not judged)."""

    kcal_per_unit: tuple[float, ...]
    max_energy_share: tuple[float, ...]
    waste_share: tuple[float, ...]
    guideline_per_person_day: tuple[float | None, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> Diet:
        """The diet of the scenario's pantry categories (`[categories.<name>]`)."""
        declared = [scenario.categories[c] for c in scenario.goods.pantry]
        by_weight = all(g.kcal_per_unit is None for g in declared)
        return cls(
            kcal_per_unit=tuple(1.0 if by_weight else g.kcal_per_unit for g in declared),
            max_energy_share=tuple(g.max_energy_share for g in declared),
            waste_share=tuple(g.home_waste_share for g in declared),
            guideline_per_person_day=tuple(g.guideline_per_person_day for g in declared),
        )

    @classmethod
    def by_weight(cls, categories: int) -> Diet:
        """A unit of each category alike, no limit to substitution, nothing thrown away."""
        return cls((1.0,) * categories, (1.0,) * categories, (0.0,) * categories,
                   (None,) * categories)


def energy_limit_order(usual_kcal: Sequence[float], most_kcal: Sequence[float]) -> list[int]:
    """The categories with usual energy, the first to reach its limit first (in index order
    among equals)."""
    return sorted((i for i, u in enumerate(usual_kcal) if u > 0),
                  key=lambda i: most_kcal[i] / usual_kcal[i])


def fill_energy(usual_kcal: Sequence[float], most_kcal: Sequence[float],
                target_kcal: float, order: Sequence[int] | None = None) -> tuple[list[float], float]:
    """The energy a day from each category that together gives `target_kcal`: each category
    in the same proportion to its usual energy (`usual_kcal`; 0 for one out of stock), none
    past its `most_kcal`. Returns each category's energy and what is still short (0 when the
    target is met). `order`: `energy_limit_order` of the full diet, for a caller that fills
    often from the same diet with categories out of stock (the same order, unsorted again)."""
    given = [0.0] * len(usual_kcal)
    if order is None:
        eaten = energy_limit_order(usual_kcal, most_kcal)
    else:  # the sort is stable: the full diet's order, less what is out, is the order of the rest
        eaten = [i for i in order if usual_kcal[i] > 0]
    left = max(0.0, target_kcal)
    for n, i in enumerate(eaten):
        scale = left / sum(usual_kcal[j] for j in eaten[n:])
        if usual_kcal[i] * scale <= most_kcal[i]:
            for j in eaten[n:]:
                given[j] = usual_kcal[j] * scale
            return given, 0.0
        given[i] = most_kcal[i]
        left = max(0.0, left - most_kcal[i])
    return given, left
