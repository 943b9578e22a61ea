"""A household in a locked village: food and chronic medicine running down, orders, calls.

A household wakes only when it orders or calls: each next order is one scheduled wake-up,
so demand costs one SimPy event per order, not a poll per household per minute. Every
wake-up carries the lockdown epoch it was planned in (see `Village.lock`) and does nothing in
another lockdown; a household's regular food orders form one chain, one order at a time.

Its food is a stock per category (`agents/pantry.py`): it orders when a category it can buy
runs low, from a kind of store that sells that category, and asks for what it lacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from agents.household_draws import HOUSEHOLD
from agents.household_medicine import ChronicMedicine
from agents.panic import mood_for
from agents.pantry import NEVER, Pantry
from sim.core.units import MINUTES_PER_DAY
from sim.domain.demand import basket, newly_needed
from sim.domain.ordering_rhythm import next_time_in_rhythm
from sim.domain.orders import EXTRA, FOOD, OFFLINE_CHANNELS, PACK, PHARMACY, REFILL

LOOK_AHEAD_DAYS = 0.5  # a household orders in the half day before a category runs low

if TYPE_CHECKING:
    from agents.village import Village
    from sim.domain.orders import Order


class Household(ChronicMedicine, mesa.Agent):
    """A household, the `index`-th of its village: `persons`, its `pantry`, days of chronic
    medicine at the lockdown (None without), whether it orders refills in time, how it orders
    (`channel`: app, phone or volunteer; `volunteer_checks`: on the command centre's register,
    a volunteer checks on it), what it draws (`draw_specs`, `agents/household_draws.py`) and
    its type (`household_type`, `households.types`)."""

    def __init__(self, model, village: Village, index: int, persons: int, pantry: Pantry,
                 medicine_days: float | None, refill: bool, draw_specs: dict,
                 channel: str = "app", volunteer_checks: bool = False, household_type: str = ""):
        super().__init__(model)
        self.household_type = household_type  # its type's name (`households.types`; "" without)
        self.household_id = self.unique_id  # a label in logs; its draws are keyed by `index`
        self.village = village
        self.index = index
        self.persons = persons
        self.pantry = pantry
        self.initial_stock = list(pantry.stock)
        # units asked for and not delivered, per category: a retry asks again, needs no more
        self.unmet_asked: dict[str, float] = {}
        self.medicine_days_initial = medicine_days
        self.medicine_runs_out_minute: float | None = None
        self.orders_refill_in_time = refill
        self.food_order_open = False
        self.food_due_while_open = False  # the chain's next order came due while one was open
        self.orders_early = False  # the chain's next order is the first, anxious or short one
        # the kind whose filled stores refused its last food order, while it tries again daily
        self.refused_kind: str | None = None
        self.food_chain_epoch = 0  # the lockdown whose chain of food orders has started
        self.urgent_calls = 0
        self.channel = channel  # how it orders: app, or phone / volunteer without one
        # its choices: from its own sequences, or its village's streams (agents/household_draws.py)
        self.draws = model.entity_draws.draws(HOUSEHOLD, (village.name, index), draw_specs)
        # days of food left at which it orders: a volunteer checking on a registered household
        # orders a day sooner than the household would ask
        reorder_at = model.spec.households.reorder_at_food_days
        self.reorder_at_days = reorder_at + 1 if volunteer_checks else reorder_at
        self.mood = mood_for(model.spec.panic)  # calm, or worried by what it sees (agents/panic.py)
        self.bridge_order: Order | None = None  # a group member's app order until the pallet

    # --- lockdown and channels ----------------------------------------------------------
    def on_lockdown(self) -> None:
        now = self.model.env.now
        self.pantry.start_eating(now)
        self.mood.locked(now)
        self._watch_food()
        if self.chronic and self.medicine_runs_out_minute is None:
            self.medicine_runs_out_minute = now + self.medicine_days_initial * MINUTES_PER_DAY
        if self.chronic and not self.orders_refill_in_time:
            self._schedule_urgent_call()

    def on_release(self) -> None:
        """Free to shop again: the stock stands still and no longer counts as hunger."""
        self.pantry.stop_eating(self.model.env.now)
        self.mood.released(self.model.env.now)
        self._watch_food()

    def _watch_food(self) -> None:
        """Tell the village when this household will have no food left."""
        self.village.households_without_food.set_due(self, self.pantry.food_out_minute())

    def start_ordering(self, open_minute: float) -> None:
        """First food order once a channel selling food it eats opens (once a lockdown):
        anxious or short households order today."""
        self.food_due_while_open = False  # this lockdown plans its own chain
        self.refused_kind = None  # and asks afresh
        village = self.village
        if self.food_chain_epoch == village.lock_epoch:  # this lockdown's first order is planned
            return
        hh = self.model.spec.households
        lowest = self._lowest_buyable()
        if lowest is None:
            return
        self.food_chain_epoch = village.lock_epoch
        short = self.pantry.days_left(lowest, open_minute) <= self.reorder_at_days + 1
        self.orders_early = short or self.draws.first_day() < hh.first_day_order_share
        if self.orders_early:  # even before a category is low
            at = self._in_rhythm(open_minute + self.draws.notice_minutes())
        else:
            at = self._reorder_time(open_minute, lowest)
        self._at(at, self._food_order_due)

    def bought_ahead(self, category: int, units: float) -> None:
        """Bought over the counter on a lockdown's notice: at home when the seal comes."""
        self.pantry.receive_before_lockdown(category, units)
        self.initial_stock[category] += units

    def order_through_group(self, sooner_days: float) -> None:
        """A member of a buying group (`agents/group_buying.py`): its food orders go on the
        leader's list, `sooner_days` sooner than it would order itself."""
        self.channel = "group"
        self.reorder_at_days += sooner_days

    def cover_until_pallet(self, event=None) -> None:
        """A group member on the list orders through the app what it lacks until the group's
        next pallet, if that comes too late (one such order at a time; agents/group_buying.py);
        as a wake-up (`event`), only in the lockdown it was planned in."""
        if not self.village.locked or (event is not None and not self.village.in_lockdown(event.value)):
            return
        lowest = self._lowest_buyable()
        if lowest is None or self.bridge_order is not None:
            return
        top_up_days = self.model.group_buying.days_to_bridge(self, lowest, self.model.env.now)
        if top_up_days <= 0:
            return
        kind = self.village.channels.choose_kind_selling(self.model.goods.pantry[lowest], self.draws.kind)
        if not self.model.platform.may_take_order(self, kind):
            return
        pantry_index = self.village.pantry_index
        requested = basket(self.pantry, self.model.env.now,
                           [(c, d) for c, d in self.village.sold_for_basket(kind) if c in pantry_index],
                           pantry_index, self.persons, top_up_days, top_up_days)
        self.bridge_order = self._place(kind, requested, EXTRA, top_up_days) if requested else None

    # --- food orders --------------------------------------------------------------------
    def _lowest_buyable(self) -> int | None:
        """The food category this household eats, on sale through an open channel, that runs
        out first (its index), or None when no channel sells any."""
        return self.pantry.first_to_run_out(self.village.channels.food_on_sale())[0]

    def _reorder_at(self, now: float) -> float:
        """Days of food left at which the household orders (sooner while it panics)."""
        return self.reorder_at_days + self.mood.reorder_earlier_days(now)

    def _reorder_time(self, now: float, lowest: int) -> float:
        """When to order next: in the rhythm, in the half day before `lowest`, the first
        category the household can buy to run low, has `reorder_at_food_days` left."""
        need = self.pantry.runs_out_minute(lowest) - self._reorder_at(now) * MINUTES_PER_DAY
        if need == NEVER:
            return NEVER
        return self._in_rhythm(max(now, need - LOOK_AHEAD_DAYS * MINUTES_PER_DAY))

    def _in_rhythm(self, earliest: float) -> float:
        """A time at or after `earliest` in the daily ordering rhythm (`sim/domain/ordering_rhythm.py`)."""
        return next_time_in_rhythm(self.model.clock, earliest, self.draws)

    def _food_order_due(self, event) -> None:
        """The chain's next food order comes due (most wake-ups of a locked town: tomorrow's
        tries after "today's orders are filled" among them; kept lean)."""
        village = self.village
        if not (village.locked and village.lock_epoch == event.value):  # village.in_lockdown
            return
        # a refusal holds for the next day's try only: whatever else this wake-up does ends it
        refused_kind, self.refused_kind = self.refused_kind, None
        if self.food_order_open:  # an order from an earlier lockdown is still on its way
            self.food_due_while_open = True
            return
        pantry = self.pantry
        lowest = pantry.first_to_run_out(village.channels.food_on_sale())[0]  # _lowest_buyable
        if lowest is None:
            return
        model = self.model
        now = model.env.now
        early, self.orders_early = self.orders_early, False
        if not early and pantry.days_left(lowest, now) > (
                self._reorder_at(now) + LOOK_AHEAD_DAYS + 1e-9):
            self._at(self._reorder_time(now, lowest), self._food_order_due)  # food came meanwhile
            return
        channel = self.channel
        if channel == "group":  # on the group leader's list (agents/group_buying.py)
            self.food_order_open = model.group_buying.join(self)
            if not self.food_order_open:  # lacks nothing the group buys
                self._at(self._reorder_time(now, lowest), self._food_order_due)
            self.cover_until_pallet()  # what cannot wait for the pallet: the app meanwhile
            return
        draws = self.draws
        kind = village.channels.choose_kind_selling(model.goods.pantry[lowest], draws.kind)
        platform = model.platform
        if kind == refused_kind and not early and platform.refuses(village, kind):
            # the same kind filled again: the same answer, without working out the basket again
            # (what it needed was counted at its first refusal, what it came to need since
            # counts when an order is taken)
            self.refused_kind = kind
            self._try_again_tomorrow(self._food_order_due)
            return
        days = draws.basket_days() + self.mood.extra_basket_days(now)
        requested = self._basket(kind, days, FOOD)
        if requested.keys().isdisjoint(village.pantry_index):  # an early order that lacks nothing
            self._at(self._reorder_time(now, lowest), self._food_order_due)
            return
        # "today's orders are filled": the app says so first (by phone or through a volunteer
        # the household hears it when the order reaches the store); or the platform's cap
        filled = channel == "app" and platform.refuses(village, kind)
        if filled or not platform.under_food_cap(self):
            self.refused_kind = kind if filled else None
            self.orders_early = early  # tomorrow's try is the same order
            self._refused(requested, FOOD)
            self._try_again_tomorrow(self._food_order_due)
            return
        self.food_order_open = True
        self._place(kind, requested, FOOD, days)
        if self.mood.doubles_order(now, self.draws.order_twice):
            self._order_twice(self.model.goods.pantry[lowest], kind, days)

    def _order_twice(self, category: str, kind: str, days: float) -> None:
        """A panicking household orders the same again through a second open kind that sells
        what runs low (the same kind if it is the only one): an extra order."""
        village = self.village
        others = [k for k in self.model.goods.kinds_selling(category)
                  if k != kind and village.is_open(k)]
        second = others[0] if others else kind
        if self.model.platform.may_take_order(self, second):
            self.place_order(second, days, EXTRA)

    def extra_food_order(self, days: float) -> str:
        """An extra food order on top of the regular chain (a worried household after a
        rumour), for `days` more of what it runs out of first: "placed", "capped" (the
        platform's cap refused it) or "no channel"."""
        village = self.village
        lowest = self._lowest_buyable() if village.locked else None
        if lowest is None:
            return "no channel"
        kind = village.channels.choose_kind_selling(self.model.goods.pantry[lowest], self.draws.kind)
        if not self.model.platform.may_take_order(self, kind):
            return "capped"
        self.place_order(kind, days, EXTRA)
        return "placed"

    def order_from_pharmacy(self) -> None:
        """A non-urgent pharmacy order (`agents/pharmacy_orders.py` says when) for the basket
        days it draws."""
        self.place_order(self.model.goods.pharmacy_kind, self.draws.pharmacy_basket_days(), PHARMACY)

    def _try_again_tomorrow(self, callback) -> None:
        """Refused today (the platform's cap, or today's orders are filled): try again
        tomorrow morning."""
        clock = self.model.clock
        tomorrow = clock.day_start_minute(clock.day_index(self.model.env.now) + 1)
        self._at(next_time_in_rhythm(clock, tomorrow, self.draws), callback)  # _in_rhythm

    def place_order(self, kind: str, days: float, purpose: str) -> Order | None:
        """Ask the village's channel for what a `kind` store sells (`purpose`: FOOD, EXTRA,
        PHARMACY or REFILL): a regular food order tops each food category up to
        `reorder_at_food_days` + `days` of eating, an extra order adds `days` of it; other
        goods come for `days` of use. None if the platform refused it (today's orders filled)."""
        if purpose == REFILL:
            return self._place(kind, {self.model.goods.medicine: 1.0}, purpose, days)
        return self._place(kind, self._basket(kind, days, purpose), purpose, days)

    def _place(self, kind: str, requested: dict[str, float], purpose: str, days: float) -> Order | None:
        """Through the app at once; without one, by phone or a volunteer (`agents/offline_orders.py`),
        later (None here)."""
        if purpose in (FOOD, EXTRA, REFILL):
            units_needed = self.newly_needed(requested)
        else:
            units_needed = sum(requested.values())
        if self.channel in OFFLINE_CHANNELS:
            self.model.offline_orders.relay(self, kind, requested, purpose, days, units_needed)
            return None
        order = self.model.platform.place(self, kind, requested, purpose, days, units_needed)
        if order is None:
            self._refused(requested, purpose, units_needed)
        return order

    def _refused(self, requested: dict[str, float], purpose: str,
                 needed: float | None = None) -> None:
        """The platform refused an order (today's orders are filled, or its cap): what the
        household newly needed of it (`needed`, if reckoned already) counts as needed and not
        delivered, so need-based shares count refused attempts. A food order or a refill is
        tried again, and what it asked for is carried as asked and not brought: the retry
        does not need it twice. A pharmacy order is dropped."""
        if needed is None:
            needed = self.newly_needed(requested)
        self.model.stats.need_refused(needed)
        if purpose in (FOOD, REFILL):
            for c, units in requested.items():
                self.unmet_asked[c] = self.unmet_asked.get(c, 0.0) + units

    def offline_order_refused(self, purpose: str, requested: dict[str, float], needed: float) -> None:
        """The store had filled today's orders when the phone call or the volunteer's order
        came (`requested`, of which the household newly `needed` so many units): the same
        order tomorrow."""
        self._refused(requested, purpose, needed)
        if purpose == FOOD:
            self.food_order_open = False
            self._try_again_tomorrow(self._food_order_due)
        else:
            self._try_again_tomorrow(self._refill_due)

    def offline_order_dropped(self, purpose: str) -> None:
        """The lockdown ended before the order reached the store."""
        if purpose == FOOD:
            self.food_order_open = False

    def _basket(self, kind: str, days: float, purpose: str) -> dict[str, float]:
        """What a `kind` store sells that this household asks for (`sim/domain/demand.py`): its food
        topped up to `reorder_at_food_days` + `days` of eating (an extra order: `days` more)."""
        village = self.village
        return basket(self.pantry, self.model.env.now, village.sold_for_basket(kind),
                      village.pantry_index, self.persons, days, self.reorder_at_days + days,
                      extra=purpose == EXTRA, draws=self.draws)

    def newly_needed(self, requested: dict[str, float]) -> float:
        """Units of `requested` not asked for already (`sim/domain/demand.py`): what an earlier
        order failed to bring is not needed twice; this household's own list or its group's."""
        return newly_needed(requested, self.unmet_asked)

    def order_closed(self, order: Order, delivered: bool) -> None:
        """Delivered or cancelled: stocks go up by what came, and the next order is planned."""
        now = self.model.env.now
        self.mood.order_closed(order, now)  # a food order from a store that came late or short
        if order is self.bridge_order:
            self.bridge_order = None
        purpose, epoch = order.purpose, order.lockdown_epoch
        if purpose == REFILL:
            if delivered and order.units_filled > 0:
                self._medicine_arrived(now)
            else:
                self._schedule_urgent_call()
            return
        if purpose == PHARMACY:
            return
        filled = order.filled if delivered else {}
        pantry_index = self.village.pantry_index
        food = {pantry_index[c]: u for c, u in filled.items() if c in pantry_index}
        self.pantry.receive(food, now)
        self._watch_food()
        if purpose == PACK:  # pushed, not asked for: nothing missing, nothing to plan
            return
        for c, units in order.requested.items():
            missing = units - filled.get(c, 0.0)
            if missing > 1e-9:
                self.unmet_asked[c] = self.unmet_asked.get(c, 0.0) + missing
        if purpose == EXTRA:
            return
        self.food_order_open = False
        village = self.village
        if not village.locked:
            return
        if epoch != village.lock_epoch and not self.food_due_while_open:
            return  # this lockdown's chain is already planned (start_ordering)
        self.food_due_while_open = False
        lowest = self._lowest_buyable()
        if lowest is None:
            return
        still_low = self.pantry.days_left(lowest, now) <= self.reorder_at_days
        if still_low:  # nothing came, or not what runs low: try again soon
            at = self._in_rhythm(now + self.draws.notice_minutes())
        else:
            at = self._reorder_time(now, lowest)
        self._at(at, self._food_order_due)

    def _at(self, minute: float, callback) -> None:
        """Run `callback` at `minute` with this lockdown's epoch (nothing past the horizon)."""
        if minute < self.model.horizon_minutes:
            self.model.wakeups.at(minute, callback, self.village.lock_epoch)
