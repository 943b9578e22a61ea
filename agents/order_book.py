"""A store's order book: it closes for the day ("today's orders are filled") at what the
pickers at work today can pick in the store's opening hours.

The book is planned when a day begins (the first look at it that day, then again each morning
once pass holders' exposure is known: `plan_each_morning`) and whenever who can come changes (the
store's village sealed or released, drafted volunteers arriving): the orders it may still take
today are what the pickers at work (`agents/store_crew.py`, in trained-picker equivalents) can
pick in the opening minutes left today, less the orders already waiting or in hand (yesterday's
leftovers and the night's orders are picked first), and never more than the day's most pickers
at work could pick in the whole day. A picker's rate is one order per mean pick time, or the
kind's `max_orders_per_picker_day` spread over its opening hours if that is lower; without
`max_orders_per_picker_day` a store keeps no book and takes every order routed to it.

The slack, stated: none on what a store accepts. The limit is rounded down to whole orders, so
on any day a store takes at most floor(P x M x r) orders, P the most picker equivalents at work
that day, M the day's opening minutes, r the rate above. What it picks varies around that with
the pick times (drawn, not the mean): a slow day leaves orders for the morning, and those come
off the next day's book.
"""

from __future__ import annotations

import math

ROUNDING = 1e-9  # a plan of 134.99999999 orders is 135


class OrderBook:
    """One store's book (not an agent: the store's part)."""

    def __init__(self, store, per_picker_day: float | None, pick_minutes_mean: float):
        self.store = store
        self.clock = store.model.clock
        self.hours = store.opening_hours
        self.keeps_book = per_picker_day is not None
        open_minutes = self.hours.hours_a_day() * 60
        rate = 1.0 / pick_minutes_mean
        if per_picker_day is not None and open_minutes > 0:
            rate = min(rate, per_picker_day / open_minutes)
        self.orders_per_picker_minute = rate
        self.limit: int | None = None  # orders the store may take today
        self.most_today = 0  # floor of the whole day's picks by the day's most pickers at work
        self.full_until = -1.0  # the minute the day whose orders are filled ends
        self._day = None
        self._day_end = -math.inf
        self.most_by_day: dict[int, int] = {}  # day -> most_today (what the book never passes)

    def orders_a_day(self, now: float) -> float:
        """What the pickers who can come now pick in a day of opening hours, on an average day
        of their rota: the store's capacity, against which selection weighs its planned load."""
        return (self.store.crew.equivalents_over_the_rota(now) * self.orders_per_picker_minute
                * self.hours.hours_a_day() * 60)

    def full(self, now: float) -> bool:
        """Whether today's orders are filled (the first look on a new day plans it)."""
        if not self.keeps_book:
            return False
        if now >= self._day_end:
            self.plan(now)
        return now < self.full_until

    def plan(self, now: float) -> None:
        """Today's limit from the pickers at work now, the opening minutes left and the orders
        waiting (see the module's docstring)."""
        if not self.keeps_book:
            return
        clock, store = self.clock, self.store
        day = clock.day_index(now)
        day_start, day_end = clock.day_start_minute(day), clock.day_start_minute(day + 1)
        if day != self._day:
            self._day, self._day_end, self.most_today = day, day_end, 0
        per_minute = store.crew.picker_equivalents(now) * self.orders_per_picker_minute
        whole_day = math.floor(per_minute * self.hours.minutes_on_duty(day_start, day_end) + ROUNDING)
        self.most_today = self.most_by_day[day] = max(self.most_today, whole_day)
        still = per_minute * self.hours.minutes_on_duty(now, day_end) - store.pickers.backlog
        taken = store.orders_by_day.get(day, 0)
        self.limit = min(self.most_today, taken + max(0, math.floor(still + ROUNDING)))
        self.full_until = day_end if taken >= self.limit else -1.0

    def taken(self, day: int, orders_today: int) -> None:
        """An order was taken: the book closes when it reaches the limit."""
        if self.keeps_book and orders_today >= self.limit:
            self.full_until = self.clock.day_start_minute(day + 1)


def plan_each_morning(model):
    """A process: as each day begins, every store's crew is reckoned (pass holders' exposure,
    picker-days counted) and its book replanned."""
    env, clock = model.env, model.clock
    while True:
        day = clock.day_index(env.now)
        yield env.timeout(clock.day_start_minute(day + 1) - env.now)
        for store in model.stores:
            store.crew.new_day(env.now)
            store.staff_changed()
