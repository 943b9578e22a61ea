"""The locked households' pantries added up: the food KPIs (hunger, and food delivered, eaten
and needed per person-day of lockdown), for every household and, apart, for those that cannot
order online."""

from __future__ import annotations

from agents.pantry import PantryTally
from sim.core.statistics import rounded
from sim.core.units import MINUTES_PER_DAY
from sim.domain.orders import OFFLINE_CHANNELS


def food_tallies(model) -> tuple[PantryTally, PantryTally, PantryTally]:
    """The town's pantries up to now: all households, those with a chronic patient, and those
    that cannot order online. Each household's running totals (kept as it goes, not a log)
    plus, in a locked village, the stretch since its stock last changed."""
    now = model.env.now
    size = len(model.goods.pantry)
    town, chronic, offline = PantryTally(size), PantryTally(size), PantryTally(size)
    for village in model.villages.values():
        if village.lock_minute is None:
            continue
        for household in village.households:
            pantry = household.pantry
            for tally in (pantry.tally, pantry.pending(now)):
                town.add(tally)
                if household.chronic:
                    chronic.add(tally)
                if household.channel in OFFLINE_CHANNELS:
                    offline.add(tally)
    return town, chronic, offline


class TownPantries:
    """The pantries of every household of the locked villages, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """Hunger: household-days with no food of any kind, or none of one category (a
        household with some food left counts only under the categories it lacks), and food
        delivered, eaten and needed per person-day of lockdown; in a town that uses more than
        the app, the same hunger figures for the households that cannot order online."""
        model = self.model
        town, chronic, offline = food_tallies(model)
        locked = [v for v in model.villages.values() if v.lock_minute is not None]
        households_locked = sum(len(v.households) for v in locked)
        person_days = town.person_minutes / MINUTES_PER_DAY
        delivered = model.stats.units_delivered_by_category

        def per_person_day(units: float) -> float | None:
            return rounded(units / person_days, 4) if person_days > 0 else None

        figures = {
            "locked_person_days": rounded(person_days, 1),
            "household_days_without_food": rounded(town.minutes_without_food / MINUTES_PER_DAY, 2),
            "households_ever_without_food": town.households_ever_without_food,
            "households_ever_without_food_share": rounded(
                town.households_ever_without_food / households_locked if households_locked else None, 4),
            "chronic_household_days_without_food": rounded(chronic.minutes_without_food / MINUTES_PER_DAY, 2),
            "chronic_households_ever_without_food": chronic.households_ever_without_food,
            "unmet_food_person_days": rounded(self._unmet_person_days(town), 1),
        }
        goods = model.goods
        for c in goods.shortfall:
            i = goods.pantry.index(c)
            figures[f"household_days_without_{c}"] = rounded(town.minutes_without[i] / MINUTES_PER_DAY, 2)
        for i, c in enumerate(goods.pantry):
            unit = goods.unit_key(c)
            figures[f"{unit}_delivered_per_locked_person_day"] = per_person_day(delivered[c])
            figures[f"{unit}_eaten_per_locked_person_day"] = per_person_day(town.eaten[i])
            if c in goods.shortfall:
                figures[f"{unit}_needed_per_locked_person_day"] = per_person_day(town.needed[i])
        if model.stats.several_channels:
            figures.update(self._offline_kpis(offline, locked))
        return figures

    def _unmet_person_days(self, town: PantryTally) -> float:
        """Food households needed and did not eat, in person-days of a full diet: the units
        short of each food category over what a person eats of them all a day (the means)."""
        goods, consumption = self.model.goods, self.model.spec.consumption_per_person_day
        per_person_day = sum(consumption[c].mean() for c in goods.shortfall)
        short = sum(town.needed[i] - town.eaten[i] for i, c in enumerate(goods.pantry)
                    if c in goods.shortfall)
        return max(0.0, short) / per_person_day if per_person_day > 0 else 0.0

    @staticmethod
    def _offline_kpis(offline: PantryTally, locked: list) -> dict:
        """Hunger among the locked households that cannot order online."""
        households = [h for v in locked for h in v.households if h.channel in OFFLINE_CHANNELS]
        return {
            "offline_households_locked": len(households),
            "offline_household_days_without_food": rounded(offline.minutes_without_food / MINUTES_PER_DAY, 2),
            "offline_households_ever_without_food_share": rounded(
                offline.households_ever_without_food / len(households) if households else None, 4),
        }
