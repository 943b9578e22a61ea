"""A household in a locked village: food and chronic medicine running down, orders, calls.

A household wakes only when it orders or calls: each next order is one scheduled wake-up,
so demand costs one SimPy event per order, not a poll per household per minute. Every
wake-up carries the lockdown epoch it was planned in (see `Village.lock`) and does nothing in
another lockdown; a household's regular food orders form one chain, one order at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.orders import EXTRA, FOOD, PHARMACY, REFILL
from sim.scenario import FOOD_KINDS, MINUTES_PER_DAY

if TYPE_CHECKING:
    from agents.village import Village
    from sim.orders import Order


class Household(mesa.Agent):
    def __init__(self, model, village: Village, persons: int, food_days: float,
                 medicine_days: float | None, refill: bool):
        super().__init__(model)
        self.household_id = self.unique_id
        self.village = village
        self.persons = persons
        self.food_days_left = food_days  # as of `food_reference_minute`
        self.food_reference_minute: float | None = None  # set at the first lockdown
        self.medicine_days_initial = medicine_days
        self.medicine_runs_out_minute: float | None = None
        self.orders_refill_in_time = refill
        self.food_order_open = False
        self.food_due_while_open = False  # the chain's next order came due while one was open
        self.urgent_calls = 0

    @property
    def chronic(self) -> bool:
        return self.medicine_days_initial is not None

    # --- lockdown and channels ----------------------------------------------------------
    def on_lockdown(self) -> None:
        now = self.model.env.now
        if self.food_reference_minute is None:
            self.food_reference_minute = now
        if self.chronic and self.medicine_runs_out_minute is None:
            self.medicine_runs_out_minute = now + self.medicine_days_initial * MINUTES_PER_DAY
        if self.chronic and not self.orders_refill_in_time:
            self._schedule_urgent_call()

    def food_days_at(self, minute: float) -> float:
        return self.food_days_left - (minute - self.food_reference_minute) / MINUTES_PER_DAY

    def start_ordering(self, open_minute: float) -> None:
        """First food order once a food channel opens: anxious or short households order today."""
        village = self.village
        hh = self.model.spec.households
        short = self.food_days_at(open_minute) <= hh.reorder_at_food_days + 1
        if short or village.draw_uniform() < hh.first_day_order_share:
            at = village.next_time_in_rhythm(open_minute + village.draw_notice())
        else:
            at = self._reorder_time(open_minute)
        self._at(at, self._food_order_due)

    def start_refills(self, open_minute: float) -> None:
        if self.chronic and self.orders_refill_in_time:
            self._schedule_refill(open_minute)

    # --- food orders --------------------------------------------------------------------
    def _reorder_time(self, now: float) -> float:
        hh = self.model.spec.households
        need = self.food_reference_minute + (self.food_days_left - hh.reorder_at_food_days) * MINUTES_PER_DAY
        return self.village.next_time_in_rhythm(max(now, need - MINUTES_PER_DAY / 2))

    def _food_order_due(self, event) -> None:
        village = self.village
        if not village.in_lockdown(event.value):
            return
        if self.food_order_open:  # an order from an earlier lockdown is still on its way
            self.food_due_while_open = True
            return
        kind = village.choose_food_kind()
        if kind is None:
            return
        if not self.model.platform.may_take_order(self, kind):
            self._try_again_tomorrow(self._food_order_due)
            return
        self.food_order_open = True
        self.place_order(kind, village.draw_basket_days(), FOOD)

    def extra_food_order(self, days: float) -> str:
        """An extra food order on top of the regular chain (a worried household after a
        rumour): "placed", "capped" (the platform's cap refused it) or "no channel"."""
        village = self.village
        kind = village.choose_food_kind() if village.locked else None
        if kind is None:
            return "no channel"
        if not self.model.platform.may_take_order(self, kind):
            return "capped"
        self.place_order(kind, days, EXTRA)
        return "placed"

    def _try_again_tomorrow(self, callback) -> None:
        """Refused today (the platform's cap, or today's orders are filled): try again
        tomorrow morning."""
        clock = self.model.clock
        tomorrow = clock.day_start_minute(clock.day_index(self.model.env.now) + 1)
        self._at(self.village.next_time_in_rhythm(tomorrow), callback)

    def place_order(self, kind: str, days: float, purpose: str) -> Order | None:
        """Ask the village's channel for `days` of what a `kind` store sells (`purpose`: FOOD,
        EXTRA, PHARMACY or REFILL); None if the platform refused it (today's orders filled)."""
        if purpose == REFILL:
            requested = {"medicine": 1.0}
        else:
            person_days = self.persons * days
            requested = {c: person_days * draw() for c, draw in self.village.basket_draws[kind]}
        return self.model.platform.place(self, kind, requested, purpose, days)

    def order_closed(self, order: Order, delivered: bool) -> None:
        """Delivered or cancelled: stocks go up by what came, and the next order is planned."""
        now = self.model.env.now
        days, purpose, epoch = order.days_asked, order.purpose, order.lockdown_epoch
        share = order.fill_share() if delivered else 0.0
        if purpose == REFILL:
            if share > 0:
                self._medicine_arrived(now)
            else:
                self._schedule_urgent_call()
            return
        if purpose == PHARMACY:
            return
        self.food_days_left = self.food_days_at(now) + days * share
        self.food_reference_minute = now
        if purpose == EXTRA:
            return
        self.food_order_open = False
        village = self.village
        if not village.locked:
            return
        if epoch != village.lock_epoch and not self.food_due_while_open:
            return  # this lockdown's chain is already planned (start_ordering)
        self.food_due_while_open = False
        if share == 0:
            at = village.next_time_in_rhythm(now + village.draw_notice())
        else:
            at = self._reorder_time(now)
        self._at(at, self._food_order_due)

    # --- chronic medicine ---------------------------------------------------------------
    def _medicine_arrived(self, now: float) -> None:
        """A month's medicine: the next refill (or, for those who do not order, the next call)
        is planned from when it runs out."""
        refill_days = self.model.spec.households.medicine_refill_days
        self.medicine_runs_out_minute = max(self.medicine_runs_out_minute or now, now) + (
            refill_days * MINUTES_PER_DAY)
        if not self.village.locked:
            return
        if self.orders_refill_in_time:
            self._schedule_refill(now)
        else:
            self._schedule_urgent_call()

    def _schedule_refill(self, earliest: float) -> None:
        earliest = max(earliest, self.medicine_runs_out_minute - 2 * MINUTES_PER_DAY)
        self._at(self.village.next_time_in_rhythm(earliest), self._refill_due)

    def _refill_due(self, event) -> None:
        if self.village.in_lockdown(event.value) and self.village.is_open("pharmacy"):
            if self.model.platform.may_take_order(self, "pharmacy"):
                self.place_order("pharmacy", 0.0, REFILL)
            else:
                self._try_again_tomorrow(self._refill_due)

    def _schedule_urgent_call(self, earliest: float | None = None) -> None:
        """The call comes in waking hours once the last dose is gone."""
        now = self.model.env.now
        runs_out = self.medicine_runs_out_minute or now
        at = self.village.next_time_in_rhythm(max(now, runs_out, earliest or now))
        self._at(at, self._urgent_call_due)

    def _urgent_call_due(self, event) -> None:
        if (self.village.in_lockdown(event.value)
                and self.medicine_runs_out_minute <= self.model.env.now + 1e-9):
            self.urgent_calls += 1
            self.model.command_centre.urgent_request(self)

    def urgent_request_done(self, units: float) -> None:
        """Staff came back from the pharmacy: with the medicine, or empty-handed (call again
        in an hour, in waking hours)."""
        now = self.model.env.now
        if units > 0:
            self._medicine_arrived(now)
        elif self.village.locked:
            self._schedule_urgent_call(earliest=now + 60)

    def _at(self, minute: float, callback) -> None:
        """Run `callback` at `minute` with this lockdown's epoch (nothing past the horizon)."""
        if minute < self.model.horizon_minutes:
            self.model.wakeups.at(minute, callback, self.village.lock_epoch)


def daily_share_through(households, kind: str) -> float:
    """The share of a person's daily consumption that goes through stores of `kind`
    (`households`: the scenario's household settings)."""
    if kind == "pharmacy":  # per person: orders a household makes a day x days each covers
        return households.pharmacy_orders_per_household_day * households.basket_days.mean()
    weights = households.food_kind_weights
    total = sum(w for k, w in weights.items() if k in FOOD_KINDS)
    return weights.get(kind, 0.0) / total if total else 0.0
