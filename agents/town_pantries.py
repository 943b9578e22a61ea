"""The locked households' pantries added up: the food KPIs. Hunger in energy (the share of
the energy households needed that they went without, household-days below their need, and
households that had nothing edible left), diet quality (the share of the dietary guideline
met, per category), food delivered, eaten and usually eaten per person-day of lockdown; for
every household and, apart, for those that cannot order online."""

from __future__ import annotations

from agents.pantry import PantryTally
from sim.core.statistics import rounded
from sim.core.units import MINUTES_PER_DAY
from sim.domain.orders import OFFLINE_CHANNELS


class TownFood:
    """The town's pantries up to now: the tallies of all households, of those with a chronic
    patient and of those that cannot order online; and per category, the guideline's amount
    over the households' locked person-days and the part of it they ate (each household's
    eating counted up to its own guideline amount, so one that ate more does not make up for
    one that ate less)."""

    def __init__(self, model):
        now = model.env.now
        size = len(model.goods.pantry)
        guideline = model.diet.guideline_per_person_day
        self.town, self.chronic, self.offline = PantryTally(size), PantryTally(size), PantryTally(size)
        self.guideline_units = [0.0] * size
        self.guideline_met_units = [0.0] * size
        for village in model.villages.values():
            if village.lock_minute is None:
                continue
            for household in village.households:
                pantry = household.pantry
                stretch = pantry.pending(now)
                for tally in (pantry.tally, stretch):
                    self.town.add(tally)
                    if household.chronic:
                        self.chronic.add(tally)
                    if household.channel in OFFLINE_CHANNELS:
                        self.offline.add(tally)
                person_days = (pantry.tally.person_minutes + stretch.person_minutes) / MINUTES_PER_DAY
                for i, per_person_day in enumerate(guideline):
                    if per_person_day is not None:
                        amount = per_person_day * person_days
                        eaten = pantry.tally.eaten[i] + stretch.eaten[i]
                        self.guideline_units[i] += amount
                        self.guideline_met_units[i] += min(eaten, amount)


def unmet_energy_share(tally: PantryTally) -> float | None:
    """The share of the energy needed that households went without (None: none needed)."""
    needed = tally.energy_needed_kcal
    return rounded(tally.energy_short_kcal / needed, 4) if needed > 0 else None


class TownPantries:
    """The pantries of every household of the locked villages, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """Hunger in energy: the share of the energy needed that went unmet (the headline),
        household-days below the energy need and with nothing edible left, households that
        ever had nothing left; diet quality per category; household-days without each
        category; food delivered, eaten and usually eaten per person-day of lockdown; in a town
        that uses more than the app, the hunger figures for the households that cannot order
        online."""
        model = self.model
        food = TownFood(model)
        town, chronic = food.town, food.chronic
        locked = [v for v in model.villages.values() if v.lock_minute is not None]
        households_locked = sum(len(v.households) for v in locked)
        person_days = town.person_minutes / MINUTES_PER_DAY
        delivered = model.stats.units_delivered_by_category

        def per_person_day(units: float) -> float | None:
            return rounded(units / person_days, 4) if person_days > 0 else None

        figures = {
            "locked_person_days": rounded(person_days, 1),
            "unmet_energy_share": unmet_energy_share(town),
            "household_days_below_energy_need": rounded(
                town.minutes_below_energy_need / MINUTES_PER_DAY, 2),
            "household_days_without_energy": rounded(town.minutes_without_food / MINUTES_PER_DAY, 2),
            "households_ever_without_energy": town.households_ever_without_food,
            "households_ever_without_energy_share": rounded(
                town.households_ever_without_food / households_locked if households_locked else None, 4),
            "chronic_household_days_without_energy": rounded(chronic.minutes_without_food / MINUTES_PER_DAY, 2),
            "chronic_households_ever_without_energy": chronic.households_ever_without_food,
            "unmet_energy_person_days": rounded(self._unmet_person_days(town, person_days), 1),
        }
        goods = model.goods
        for c in goods.shortfall:
            i = goods.pantry.index(c)
            figures[f"household_days_without_{c}"] = rounded(town.minutes_without[i] / MINUTES_PER_DAY, 2)
        for i, c in enumerate(goods.pantry):
            if food.guideline_units[i] > 0:
                figures[f"{c}_guideline_met_share"] = rounded(
                    food.guideline_met_units[i] / food.guideline_units[i], 4)
        for i, c in enumerate(goods.pantry):
            unit = goods.unit_key(c)
            figures[f"{unit}_delivered_per_locked_person_day"] = per_person_day(delivered[c])
            figures[f"{unit}_eaten_per_locked_person_day"] = per_person_day(town.eaten[i])
            if c in goods.shortfall:
                figures[f"{unit}_needed_per_locked_person_day"] = per_person_day(town.needed[i])
        if model.stats.several_channels:
            figures.update(self._offline_kpis(food.offline, locked))
        return figures

    @staticmethod
    def _unmet_person_days(town: PantryTally, person_days: float) -> float:
        """The energy households went without, in person-days of their usual diet: the energy
        short over what a person needs a day on average."""
        if town.energy_needed_kcal <= 0 or person_days <= 0:
            return 0.0
        return town.energy_short_kcal / (town.energy_needed_kcal / person_days)

    @staticmethod
    def _offline_kpis(offline: PantryTally, locked: list) -> dict:
        """Hunger among the locked households that cannot order online."""
        households = [h for v in locked for h in v.households if h.channel in OFFLINE_CHANNELS]
        return {
            "offline_households_locked": len(households),
            "offline_unmet_energy_share": unmet_energy_share(offline),
            "offline_household_days_without_energy": rounded(offline.minutes_without_food / MINUTES_PER_DAY, 2),
            "offline_households_ever_without_energy_share": rounded(
                offline.households_ever_without_food / len(households) if households else None, 4),
        }
