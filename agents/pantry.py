"""A household's food at home: a stock of each food category, eaten as a diet.

Nothing polls: between two events (a delivery, a lockdown, a release) the household eats in a
few stretches at constant rates, each ending when a category runs out: its usual diet while it
has everything, then more of what is left to make up the energy (`sim/domain/diet.py`), so the
minute each category runs out is computed exactly. Prepared meals, while they last, replace
their energy of the other food. Categories are indexed in the order of the town's pantry
(`Goods.pantry`); `meals` is the index of its ready meals, None in a town without them.
"""

from __future__ import annotations

import math

from sim.core.units import MINUTES_PER_DAY
from sim.domain.diet import Diet, energy_limit_order, fill_energy

NEVER = math.inf
# energy short by less than this share of the need is rounding, not hunger
SHORT_SHARE_TOLERANCE = 1e-9


class PantryTally:
    """What happened in pantries over time, per food category (units): eaten, wasted (thrown
    away as it left the stock), needed (what the usual diet would have eaten with everything
    at home), delivered, minutes with none left; minutes with nothing it eats left; minutes
    below its energy need, the energy needed and the energy short (kcal); person-minutes of
    eating; households that ever had nothing left."""

    PER_CATEGORY = ("eaten", "wasted", "needed", "delivered", "minutes_without")
    TOTALS = ("minutes_without_food", "minutes_below_energy_need", "energy_needed_kcal",
              "energy_short_kcal", "person_minutes", "households_ever_without_food")
    __slots__ = PER_CATEGORY + TOTALS

    def __init__(self, categories: int):
        self.eaten = [0.0] * categories
        self.wasted = [0.0] * categories
        self.needed = [0.0] * categories
        self.delivered = [0.0] * categories
        self.minutes_without = [0.0] * categories
        self.minutes_without_food = 0.0
        self.minutes_below_energy_need = 0.0
        self.energy_needed_kcal = 0.0
        self.energy_short_kcal = 0.0
        self.person_minutes = 0.0
        self.households_ever_without_food = 0

    def add(self, other: PantryTally) -> None:
        """Add `other` to this tally (the town adds up tens of thousands: written out)."""
        for mine, theirs in ((self.eaten, other.eaten), (self.wasted, other.wasted),
                             (self.needed, other.needed), (self.delivered, other.delivered),
                             (self.minutes_without, other.minutes_without)):
            for i, units in enumerate(theirs):
                mine[i] += units
        for field in self.TOTALS:
            setattr(self, field, getattr(self, field) + getattr(other, field))


_INDEX_SETS: dict[tuple[int, ...], tuple[int, ...]] = {}


def _shared(indices: list[int]) -> tuple[int, ...]:
    """One tuple for each set of category indices, whichever pantry holds it (a town's
    households hold a few each, and there are few distinct sets)."""
    key = tuple(indices)
    return _INDEX_SETS.setdefault(key, key)


class _Stretch:
    """A time of constant eating, up to `end`, at the `rates` (`_Rates`) of the categories at
    home then (nothing it eats is at home: `rates[4]`, for a pantry that eats something);
    `runs_out`: the categories at zero from `end` (a shared tuple of indices). A locked
    household holds a few: no more than these."""

    __slots__ = ("end", "rates", "runs_out")

    def __init__(self, end, rates, runs_out):
        self.end, self.rates, self.runs_out = end, rates, runs_out


class _Rates(tuple):
    """What a pantry eats per minute with one set of categories at home (`_work_out_rates`):
    keep (the usual diet's share still needed), short_kcal, the indices it eats and lacks
    (ready meals apart: they are not needed), those it uses up, whether it has nothing it
    eats, and from `_OUT` on, the units out of the stock of each category. Hundreds of
    thousands of households hold a few each: one flat tuple, no list that can be reckoned,
    no instance dictionary."""

    __slots__ = ()


_OUT = 5  # where a `_Rates` holds its first category's units out of the stock a minute


class Pantry:
    """One household's food stock per category while its village is locked (it eats from it
    only then: outside a lockdown it shops as usual and the stock stands still).

    `per_person_day`: what one person usually eats a day of each category (ready meals: meals,
    0 for a household that buys none). `stock`: units at home. `meals`: the index of ready
    meals (None: the town has none). `diet`: the categories' energy, limits and waste (default:
    a unit of each alike). Every stretch of time goes into the pantry's `tally`: running
    totals, not a log, which the town's KPIs add up."""

    __slots__ = ("persons", "daily", "stock", "minute", "eating", "_tally", "meals", "diet",
                 "need_kcal", "meals_kcal", "_plan", "_out", "_food_out",
                 "_rates", "_eats", "_by_limit", "_not_meals")

    def __init__(self, persons: int, per_person_day: list[float], stock: list[float],
                 meals: int | None, diet: Diet | None = None):
        n = len(stock)
        self.persons = persons
        self.daily = [persons * rate for rate in per_person_day]  # the household's units a day
        self.stock = list(stock)
        self.meals = -1 if meals is None else meals  # -1: no index is ready meals
        self.diet = diet = diet or Diet.by_weight(n)
        kcal = diet.kcal_per_unit
        # a day's energy: of the usual diet's food categories, all of it (the need), of meals
        usual_kcal = self._usual_kcal()
        self.need_kcal = sum(usual_kcal)
        self.meals_kcal = self.daily[self.meals] * kcal[self.meals] if self.meals >= 0 else 0.0
        self.minute = 0.0
        self.eating = False
        self._tally: PantryTally | None = None  # made when it first eats or takes food in
        self._plan: list[_Stretch] | None = None  # until the stock next changes
        self._rates: dict[int, tuple] = {}  # the stretch rates of each set of categories at home
        self._out: list[float] = [NEVER] * n
        self._food_out = NEVER
        # fixed for the pantry's life, read on every stretch: the categories it eats, those
        # with usual energy by how soon they reach their limit (`fill_energy`), all but meals
        self._eats = _shared([i for i in range(n) if self.daily[i] > 0])
        self._by_limit = _shared(energy_limit_order(usual_kcal, self._most_kcal(usual_kcal)))
        self._not_meals = _shared([i for i in range(n) if i != self.meals])

    @property
    def tally(self) -> PantryTally:
        """What happened in this pantry so far: while it never ate nor took food in, a fresh
        tally of nothing that it does not keep (a district's households not yet locked hold
        no tally of their own)."""
        if self._tally is not None:
            return self._tally
        return PantryTally(len(self.stock))

    def _tallying(self) -> PantryTally:
        if self._tally is None:
            self._tally = PantryTally(len(self.stock))
        return self._tally

    # a household's energy by category is reckoned where rates are worked out, not kept: a
    # district holds hundreds of thousands of pantries
    def _usual_kcal(self) -> list[float]:
        """A day's energy of each category in the usual diet (ready meals apart: 0)."""
        kcal, daily, m = self.diet.kcal_per_unit, self.daily, self.meals
        return [0.0 if i == m else daily[i] * kcal[i] for i in range(len(daily))]

    def _most_kcal(self, usual_kcal: list[float]) -> list[float]:
        """The most of a day's energy each category may give when others run out."""
        share, need = self.diet.max_energy_share, self.need_kcal
        return [max(share[i] * need, usual_kcal[i]) for i in range(len(usual_kcal))]

    # --- the arithmetic -----------------------------------------------------------------
    def _stretch_rates(self, stock: list[float]) -> _Rates:
        """The rates (`_Rates`) with `stock` at home, worked out once for each set of
        categories at home."""
        key = 0
        for i in self._eats:
            if stock[i] > 0:
                key |= 1 << i
        rates = self._rates.get(key)
        if rates is None:
            rates = self._rates[key] = self._work_out_rates(key)
        return rates

    def _work_out_rates(self, key: int) -> _Rates:
        """The rates with the categories of the bits of `key` at home."""
        n, m, daily, diet = len(self.stock), self.meals, self.daily, self.diet
        have = [key >> i & 1 == 1 for i in range(n)]
        meals_on = m >= 0 and have[m]
        target = self.need_kcal - (self.meals_kcal if meals_on else 0.0)
        usual_kcal = self._usual_kcal()
        usual = [usual_kcal[i] if have[i] else 0.0 for i in range(n)]
        given, _ = fill_energy(usual, self._most_kcal(usual_kcal), target, self._by_limit)
        keep = max(0.0, target) / self.need_kcal if self.need_kcal > 0 else 0.0
        if keep == 1.0:  # the common figures as the one constant, not a float per set of rates
            keep = 1.0
        out = [0.0] * n
        supplied = self.meals_kcal if meals_on else 0.0
        for i in range(n):
            if i == m:
                eat = daily[i] / MINUTES_PER_DAY if meals_on else 0.0
            else:
                eat = given[i] / diet.kcal_per_unit[i] / MINUTES_PER_DAY
                supplied += given[i]
            if eat:
                out[i] = eat / (1.0 - diet.waste_share[i])
        short = self.need_kcal - supplied
        lacking = _shared([i for i in range(n) if i != m and daily[i] > 0 and not have[i]])
        using = _shared([i for i in range(n) if out[i] > 0])
        return _Rates((keep, short / MINUTES_PER_DAY if short > 0 else 0.0, lacking, using,
                       key == 0, *out))

    def _refresh(self) -> list[_Stretch]:
        """The stretches of eating from `minute` on, from the stock then (the last one never
        ends), the minute each category runs out and the minute nothing it eats is left; kept
        until the stock next changes."""
        start, n = self.minute, len(self.stock)
        self._food_out = NEVER
        if not self.eating:
            self._out = [NEVER] * n
            self._plan = []
            return self._plan
        out_at = self._out = [start if units <= 0 else NEVER for units in self.stock]
        eats_something = bool(self._eats)
        stock = list(self.stock)
        plan, t = [], start
        while True:
            rates = self._stretch_rates(stock)
            using = rates[3]
            if eats_something and rates[4]:  # nothing it eats at home
                self._food_out = t
            end, runs_out = NEVER, []
            for i in using:  # what leaves the stock: at home, eaten
                at = t + stock[i] / rates[_OUT + i]
                if at < end:
                    end, runs_out = at, [i]
                elif at == end:
                    runs_out.append(i)
            plan.append(_Stretch(end, rates, _shared(runs_out)))
            if end == NEVER:
                break
            span = end - t
            for i in using:  # the others stand still
                stock[i] = 0.0 if i in runs_out else stock[i] - rates[_OUT + i] * span
            for i in runs_out:
                out_at[i] = end
            t = end
        self._plan = plan
        return plan

    def _stretches(self) -> list[_Stretch]:
        return self._plan if self._plan is not None else self._refresh()

    def runs_out_minute(self, category: int) -> float:
        """The minute the category's stock reaches zero (NEVER while not eating)."""
        if self._plan is None:
            self._refresh()
        return self._out[category]

    def food_out_minute(self) -> float:
        """The minute nothing the household eats is left; NEVER while not eating or for a
        household that eats nothing."""
        if self._plan is None:
            self._refresh()
        return self._food_out

    def stock_at(self, category: int, minute: float) -> float:
        units = self.stock[category]
        if not self.eating or units <= 0:
            return units
        t = self.minute
        for s in self._plan if self._plan is not None else self._refresh():
            if t >= minute:
                break
            end = s.end if s.end < minute else minute
            units -= s.rates[_OUT + category] * (end - t)
            t = end
        return units if units > 0 else 0.0

    def days_left(self, category: int, minute: float) -> float:
        if self._plan is None:
            self._refresh()
        return (self._out[category] - minute) / MINUTES_PER_DAY

    def first_to_run_out(self, categories) -> tuple[int | None, float]:
        """Among `categories` (indices) the household eats, the one that runs out first and
        when; (None, NEVER) if it eats none of them."""
        if self._plan is None:  # asked at every wake-up of a household: no call to ask
            self._refresh()
        out, daily = self._out, self.daily
        first, first_out = None, NEVER
        for i in categories:
            if daily[i] > 0 and (first is None or out[i] < first_out):
                first, first_out = i, out[i]
        return first, first_out

    # --- time passing -------------------------------------------------------------------
    def _eat(self, minute: float, tally: PantryTally, stock: list[float]) -> None:
        """Eat from `self.minute` to `minute` (both while eating, no stock change between)
        and add the time to `tally`: per category, what left the stock, eaten and wasted, the
        usual diet's amount (ready meals are not needed: they replace other food), minutes
        with none left; minutes with nothing left and below the energy need, the energy
        needed and short; person-minutes. `stock`: the pantry's, or a copy of it to look ahead."""
        waste, daily = self.diet.waste_share, self.daily
        eaten_units, wasted, needed = tally.eaten, tally.wasted, tally.needed
        not_meals, eats_something = self._not_meals, bool(self._eats)
        t = self.minute
        for s in self._stretches():
            if t >= minute:
                break
            end = s.end if s.end < minute else minute
            span = end - t
            rates = s.rates
            keep, short_kcal, lacking, using = rates[0], rates[1], rates[2], rates[3]
            runs_out = s.runs_out if end == s.end else ()
            for i in using:
                used = stock[i] if i in runs_out else min(stock[i], rates[_OUT + i] * span)
                eaten = used * (1.0 - waste[i])
                stock[i] -= used
                eaten_units[i] += eaten
                wasted[i] += used - eaten
            for i in not_meals:  # the usual diet's units a minute, as the share still needed
                needed[i] += daily[i] * keep / MINUTES_PER_DAY * span
            for i in lacking:
                tally.minutes_without[i] += span
            tally.energy_needed_kcal += self.need_kcal * span / MINUTES_PER_DAY
            tally.energy_short_kcal += short_kcal * span
            if short_kcal * MINUTES_PER_DAY > SHORT_SHARE_TOLERANCE * self.need_kcal:
                tally.minutes_below_energy_need += span
            if eats_something and rates[4]:  # nothing it eats at home
                tally.minutes_without_food += span
            t = end
        tally.person_minutes += self.persons * (minute - self.minute)

    def advance(self, minute: float) -> None:
        """Eat up to `minute` and add the time to the pantry's tally."""
        if not self.eating or minute <= self.minute:
            self.minute = max(self.minute, minute)
            return
        tally = self._tally  # made when it started eating
        hungry_before = tally.minutes_without_food > 0
        self._eat(minute, tally, self.stock)
        self.minute = minute
        self._plan = None
        if not hungry_before and tally.minutes_without_food > 0:
            tally.households_ever_without_food = 1

    def pending(self, minute: float) -> PantryTally:
        """The time from the last stock change to `minute`, not yet in the tally (counting
        the household as ever without food if this time is its first)."""
        stretch = PantryTally(len(self.stock))
        if self.eating and minute > self.minute:
            self._eat(minute, stretch, list(self.stock))
            if stretch.minutes_without_food > 0 and self.tally.minutes_without_food == 0:
                stretch.households_ever_without_food = 1
        return stretch

    def receive(self, units_by_category: dict[int, float], minute: float) -> None:
        """Food delivered at the door at `minute`."""
        self.advance(minute)
        for i, units in units_by_category.items():
            self.stock[i] += units
            self._tallying().delivered[i] += units
        self._plan = None

    def receive_before_lockdown(self, category: int, units: float) -> None:
        """Bought over the counter before the village was sealed: stock at the lockdown, not a
        delivery."""
        self.stock[category] += units
        self._plan = None

    def start_eating(self, minute: float) -> None:
        """The village is locked: from now on the household lives on what it has."""
        self.advance(minute)
        self._tallying()
        self.eating = True
        self._plan = None

    def stop_eating(self, minute: float) -> None:
        """The village is released: the household shops as usual; its stock stands still."""
        self.advance(minute)
        self.eating = False
        self._plan = None
