"""Order caps: how many food orders the platform takes a day (`order_caps.policy`): none, per
household, or per village. A cap is a small object that remembers the day's counts of one
model; the platform asks every cap first and counts the order in all of them only when all
admit it, so a refused order uses up no one's allowance.
"""

from __future__ import annotations


class NoCap:
    def admits(self, household, day: int) -> bool:
        return True

    def count(self, household, day: int) -> None:
        pass


class _DailyCount:
    """At most `limit` food orders a day per key (None: no limit, nothing counted)."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self._counted: dict[object, tuple[int, int]] = {}  # key -> (day, orders)

    def key(self, household):
        raise NotImplementedError

    def _today(self, household, day: int) -> int:
        counted_day, orders = self._counted.get(self.key(household), (day, 0))
        return orders if counted_day == day else 0

    def admits(self, household, day: int) -> bool:
        return self.limit is None or self._today(household, day) < self.limit

    def count(self, household, day: int) -> None:
        if self.limit is not None:
            self._counted[self.key(household)] = (day, self._today(household, day) + 1)


class PerHouseholdDay(_DailyCount):
    """Each household's food orders a day (also the cap a drill decision sets)."""

    def key(self, household):
        return household.household_id


class PerVillageDay(_DailyCount):
    """A village's food orders a day, first come first served: the platform's share of the
    stores' capacity given to each village."""

    def key(self, household):
        return household.village.name


def make_order_cap(settings):
    """The scenario's order cap, built for one model."""
    if settings.policy == "per_household_day":
        return PerHouseholdDay(settings.limit)
    if settings.policy == "per_village_day":
        return PerVillageDay(settings.limit)
    return NoCap()
