"""A village's mood: calm, or panicking after long waits, empty shelves or a rumour.

In 2022 households stockpiled when deliveries lagged, shelves emptied or a rumour spread in
the residents' chat groups: they ordered earlier, bigger, and twice through two channels.
While a village panics its households' regular food orders ask for `extra_basket_days` more,
they order `reorder_earlier_days` sooner, and a share of their orders is doubled through a
second open food kind. Triggers are checked on the command centre's monitoring interval (one
event for the town), and by a drill's rumour; the mood calms `calm_after_hours` after the
last trigger.
"""

from __future__ import annotations

from sim.core.statistics import rounded
from sim.core.units import MINUTES_PER_DAY

_LEAD_WEIGHT = 0.1  # of each delivered order in the village's moving average of lead times


class VillageMood:
    """One village's panic state and what it does to its households' orders."""

    __slots__ = ("village", "settings", "until", "lead_minutes_average", "triggers", "_minutes")

    def __init__(self, model, village):
        self.village = village
        self.settings = model.spec.panic
        self.until = -1.0  # panicking while now < until
        self.lead_minutes_average: float | None = None
        self.triggers: dict[str, int] = {}
        self._minutes = 0.0  # minutes of panic planned so far (to `until`)

    def panicking(self, now: float) -> bool:
        return now < self.until

    def trigger(self, now: float, why: str) -> None:
        """Something households see starts or prolongs the panic."""
        if not self.panicking(now):
            self.village.model.log_event("panic", self.village.name,
                                         f"households in {self.village.name} panic: {why}")
            self.village.model.stats.panics += 1
        self.triggers[why] = self.triggers.get(why, 0) + 1
        until = max(self.until, now + self.settings.calm_after_hours * 60)
        self._minutes += until - max(self.until, now)
        self.until = until

    def panic_minutes(self, now: float) -> float:
        """Minutes the village has panicked up to `now`."""
        return self._minutes - max(0.0, self.until - now)

    def order_delivered(self, lead_minutes: float) -> None:
        avg = self.lead_minutes_average
        self.lead_minutes_average = lead_minutes if avg is None else (
            avg + _LEAD_WEIGHT * (lead_minutes - avg))

    # --- effects on a household's food orders -------------------------------------------
    def extra_basket_days(self, now: float) -> float:
        return self.settings.extra_basket_days if self.panicking(now) else 0.0

    def reorder_earlier_days(self, now: float) -> float:
        return self.settings.reorder_earlier_days if self.panicking(now) else 0.0

    def doubles_order(self, now: float, uniform) -> bool:
        """Whether a household places its order twice (`uniform`: the household's draw, asked
        only while panicking)."""
        return self.panicking(now) and uniform() < self.settings.duplicate_order_share


def watch_moods(model):
    """The town's villages' triggers, checked each monitoring interval (a process, only when
    panic follows the situation): long waits for deliveries, or a serving store out of a food
    that households eat."""
    env = model.env
    settings = model.spec.panic
    pantry = set(model.goods.pantry)
    interval = model.spec.command_centre.monitor_interval_minutes
    while True:
        yield env.timeout(interval)
        now = env.now
        for village in model.villages.values():
            if not village.locked:
                continue
            mood = village.mood
            avg = mood.lead_minutes_average
            if avg is not None and avg > settings.lead_time_minutes:
                mood.trigger(now, "long waits for deliveries")
            if settings.empty_shelves and any(
                    pantry.intersection(store.out_of_stock)
                    for stores in village.stores_by_kind.values() for store in stores):
                mood.trigger(now, "empty shelves")


class VillageMoods:
    """The villages' moods together, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """Panic's KPIs (`sim/core/kpi_registry.py`): times a village began to panic and village-days
        of panic; only when panic follows the situation (`panic.enabled`)."""
        model = self.model
        if not model.spec.panic.enabled:
            return {}
        return {
            "village_panics": model.stats.panics,
            "village_panic_days": rounded(sum(v.mood.panic_minutes(now) for v in model.villages.values())
                                          / MINUTES_PER_DAY, 2),
        }
