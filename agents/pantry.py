"""A household's food at home: a stock of each food category, eaten at the household's rate.

Nothing polls: between two events (a delivery, a lockdown, a release) each stock falls
linearly, so the minute each category runs out is computed exactly. Prepared meals replace a
share of the other food while they last (a meal is one of a day's three), so the other
categories fall more slowly until the meals run out, and at their full rate after that.
Categories are indexed in the order of the town's pantry (`Goods.pantry`); `meals` is the index
of its ready meals, None in a town without them.
"""

from __future__ import annotations

import copy
import math

from sim.core.units import MINUTES_PER_DAY

MEALS_A_DAY = 3
NEVER = math.inf


class PantryTally:
    """What happened in pantries over time, per food category (units): eaten, needed (what
    would have been eaten with enough at home), delivered, minutes with none left; minutes
    with no food of any kind; person-minutes of eating; households that ever had no food."""

    __slots__ = ("eaten", "needed", "delivered", "minutes_without", "minutes_without_food",
                 "person_minutes", "households_ever_without_food")

    def __init__(self, categories: int):
        self.eaten = [0.0] * categories
        self.needed = [0.0] * categories
        self.delivered = [0.0] * categories
        self.minutes_without = [0.0] * categories
        self.minutes_without_food = 0.0
        self.person_minutes = 0.0
        self.households_ever_without_food = 0

    def add(self, other: PantryTally) -> None:
        for i in range(len(self.eaten)):
            self.eaten[i] += other.eaten[i]
            self.needed[i] += other.needed[i]
            self.delivered[i] += other.delivered[i]
            self.minutes_without[i] += other.minutes_without[i]
        self.minutes_without_food += other.minutes_without_food
        self.person_minutes += other.person_minutes
        self.households_ever_without_food += other.households_ever_without_food


class Pantry:
    """One household's food stock per category while its village is locked (it eats from it
    only then: outside a lockdown it shops as usual and the stock stands still).

    `per_person_day`: what one person eats a day of each category (ready meals: meals, 0
    for a household that buys none). `stock`: units at home. `meals`: the index of ready meals
    (None: the town has none). Every stretch of time goes into the pantry's `tally`: running
    totals, not a log, which the town's KPIs add up."""

    __slots__ = ("persons", "daily", "stock", "replaced_share", "minute", "eating", "tally",
                 "meals", "_out", "_meals_out", "_food_out")

    def __init__(self, persons: int, per_person_day: list[float], stock: list[float],
                 meals: int | None):
        self.persons = persons
        self.daily = [persons * rate for rate in per_person_day]  # the household's units a day
        self.stock = list(stock)
        self.meals = -1 if meals is None else meals  # -1: no index is ready meals
        self.replaced_share = 0.0 if meals is None else min(1.0, per_person_day[meals] / MEALS_A_DAY)
        self.minute = 0.0
        self.eating = False
        self.tally = PantryTally(len(self.stock))
        self._out: list[float] | None = None  # run-out minutes, until the stock next changes
        self._meals_out = self._food_out = NEVER

    # --- the arithmetic -----------------------------------------------------------------
    def _refresh(self) -> list[float]:
        """The minute each category runs out (and when prepared meals do, and all food), from
        the stock at `minute`; kept until the stock next changes."""
        start, daily, stock = self.minute, self.daily, self.stock
        if not self.eating:
            self._meals_out = self._food_out = NEVER
            self._out = [NEVER] * len(stock)
            return self._out
        m = self.meals
        if m < 0:
            meals_out = start  # no ready meals: the other food at its full rate from now
        else:
            meals_rate = daily[m] / MINUTES_PER_DAY
            meals = stock[m]
            meals_out = start if meals <= 0 else (start + meals / meals_rate if meals_rate > 0 else NEVER)
        keep = 1.0 - self.replaced_share
        out = []
        food_out = None
        for i in range(len(stock)):
            units = stock[i]
            if units <= 0:
                runs_out = start
            elif i == m:
                runs_out = meals_out
            else:
                full = daily[i] / MINUTES_PER_DAY
                low = full * keep
                eaten_with_meals = low * (meals_out - start) if meals_out < NEVER else NEVER
                if eaten_with_meals >= units:
                    runs_out = start + units / low if low > 0 else NEVER
                else:
                    runs_out = meals_out + (units - eaten_with_meals) / full if full > 0 else NEVER
            out.append(runs_out)
            if (daily[i] > 0 or units > 0) and (food_out is None or runs_out > food_out):
                food_out = runs_out
        self._meals_out = meals_out
        self._food_out = NEVER if food_out is None else food_out
        self._out = out
        return out

    def runs_out_minute(self, category: int) -> float:
        """The minute the category's stock reaches zero (NEVER while not eating)."""
        out = self._out
        if out is None:
            out = self._refresh()
        return out[category]

    def food_out_minute(self) -> float:
        """The minute no food of any kind is left (the last category the household eats runs
        out); NEVER while not eating or for a household that needs no food."""
        if self._out is None:
            self._refresh()
        return self._food_out

    def _needed_until(self, i: int, end: float) -> float:
        """What the household would eat of category `i` from `minute` to `end` with enough at
        home (less while prepared meals replace part of it)."""
        start = self.minute
        if end <= start:
            return 0.0
        if self._out is None:
            self._refresh()
        full = self.daily[i] / MINUTES_PER_DAY
        low = full if i == self.meals else full * (1.0 - self.replaced_share)
        meals_out = min(max(self._meals_out, start), end)
        return low * (meals_out - start) + full * (end - meals_out)

    def stock_at(self, category: int, minute: float) -> float:
        stock = self.stock[category]
        if not self.eating or stock <= 0:
            return stock
        return max(0.0, stock - self._needed_until(category, minute))

    def days_left(self, category: int, minute: float) -> float:
        return (self.runs_out_minute(category) - minute) / MINUTES_PER_DAY

    def first_to_run_out(self, categories) -> tuple[int | None, float]:
        """Among `categories` (indices) the household eats, the one that runs out first and
        when; (None, NEVER) if it eats none of them."""
        out = self._out if self._out is not None else self._refresh()
        daily = self.daily
        first, first_out = None, NEVER
        for i in categories:
            if daily[i] > 0 and (first is None or out[i] < first_out):
                first, first_out = i, out[i]
        return first, first_out

    # --- time passing -------------------------------------------------------------------
    def _eat(self, minute: float, tally: PantryTally) -> None:
        """Eat from `self.minute` to `minute` (both while eating, no stock change between)
        and add the stretch to `tally`: per category, needed (prepared meals are not needed:
        they replace other food), eaten (the need, up to what was at home), minutes with
        none left; minutes with no food at all; person-minutes."""
        start = self.minute
        out = self._out if self._out is not None else self._refresh()
        meals_out = self._meals_out  # never before `start`
        with_meals = (meals_out if meals_out < minute else minute) - start
        without_meals = minute - start - with_meals
        keep = 1.0 - self.replaced_share
        stock, daily, m = self.stock, self.daily, self.meals
        for i in range(len(stock)):
            if daily[i] <= 0:
                continue
            full = daily[i] / MINUTES_PER_DAY
            need = full * (minute - start) if i == m else full * (keep * with_meals + without_meals)
            units = stock[i]
            eaten = units if need >= units else need
            stock[i] = units - eaten
            tally.eaten[i] += eaten
            if i != m:
                tally.needed[i] += need
                if out[i] < minute:
                    tally.minutes_without[i] += minute - (out[i] if out[i] > start else start)
        food_out = self._food_out
        if food_out < minute:
            tally.minutes_without_food += minute - (food_out if food_out > start else start)
        tally.person_minutes += self.persons * (minute - start)
        self.minute = minute
        self._out = None

    def advance(self, minute: float) -> None:
        """Eat up to `minute` and add the stretch to the pantry's tally."""
        if not self.eating or minute <= self.minute:
            self.minute = max(self.minute, minute)
            return
        tally = self.tally
        hungry_before = tally.minutes_without_food > 0
        self._eat(minute, tally)
        if not hungry_before and tally.minutes_without_food > 0:
            tally.households_ever_without_food = 1

    def pending(self, minute: float) -> PantryTally:
        """The stretch from the last stock change to `minute`, not yet in the tally (counting
        the household as ever without food if this stretch is its first time)."""
        stretch = PantryTally(len(self.stock))
        if self.eating and minute > self.minute:
            twin = copy.copy(self)
            twin.stock = list(self.stock)
            twin._eat(minute, stretch)
            if stretch.minutes_without_food > 0 and self.tally.minutes_without_food == 0:
                stretch.households_ever_without_food = 1
        return stretch

    def receive(self, units_by_category: dict[int, float], minute: float) -> None:
        """Food delivered at the door at `minute`."""
        self.advance(minute)
        for i, units in units_by_category.items():
            self.stock[i] += units
            self.tally.delivered[i] += units
        self._out = None

    def receive_before_lockdown(self, category: int, units: float) -> None:
        """Bought over the counter before the village was sealed: stock at the lockdown, not a
        delivery."""
        self.stock[category] += units
        self._out = None

    def start_eating(self, minute: float) -> None:
        """The village is locked: from now on the household lives on what it has."""
        self.advance(minute)
        self.eating = True
        self._out = None

    def stop_eating(self, minute: float) -> None:
        """The village is released: the household shops as usual; its stock stands still."""
        self.advance(minute)
        self.eating = False
        self._out = None
