"""The online ordering platform: it takes a household's order, routes it to a store, holds the
day's cap, refuses orders when the stores have filled the day's orders, and closes the order
(delivered at the door or cancelled).

It owns the open orders. Everything an order goes through between its placing and its closing
(picking, batching, the trip, the gate) happens in the store, the delivery group and the gate
team, which hand the order back here to close it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.core.statistics import rounded
from sim.domain.orders import CANCEL_REASONS, LEAD_TIME_STAGES, Order, OrderLog
from sim.domain.policies import PerHouseholdDay, make_order_cap
from sim.domain.policies.order_caps import NoCap

SERVED_WITHIN_MINUTES = 120  # orders_delivered_within_120_minutes_share

if TYPE_CHECKING:
    from agents.household import Household


class OrderingPlatform(mesa.Agent):
    def __init__(self, model, order_log: OrderLog | None):
        super().__init__(model)
        self.env = model.env
        self.stats = model.stats
        self.order_log = order_log
        self.open_orders: dict[int, Order] = {}
        self._next_order_id = 0
        self.order_cap = make_order_cap(model.spec.order_caps)  # the scenario's policy
        self._decided_cap = PerHouseholdDay(None)  # a command-centre decision (drills)
        self._no_scenario_cap = isinstance(self.order_cap, NoCap)

    def place(self, household: Household, kind: str, requested: dict[str, float], purpose: str,
              days_asked: float, units_needed: float | None = None, channel: str = "app",
              asked_minute: float | None = None) -> Order | None:
        """The order enters the channel of the household's village and goes to the store the
        routing policy picks; with no store open for the kind it is cancelled at once. When
        every open store of the kind has filled today's orders it is refused (None): it is not
        placed, and the household may try again tomorrow. `units_needed`: what the household
        had not asked for before (default: all of it); `channel`: how it came (app, phone,
        volunteer), `asked_minute` when the household asked (default: now)."""
        village = household.village
        store = village.channels.route(kind)
        if store is None and self.refuses(village, kind):
            return None
        order = self._open(household, kind, store, requested, purpose, days_asked, units_needed,
                           channel, asked_minute)
        if store is None:
            self.cancel(order, "no store")
        else:
            store.take(order)
        return order

    def open_without_store(self, household: Household, requested: dict[str, float], purpose: str,
                           days_asked: float, channel: str, asked_minute: float | None = None,
                           units_needed: float | None = None) -> Order:
        """An order whose goods come to the household's village gate in bulk rather than from
        a store (its part of a group's pallet, a pushed pack): opened and counted like any
        other, never routed, refused or capped; whoever brings the goods fills it and hands
        it to `deliver` (or `cancel`)."""
        return self._open(household, "", None, requested, purpose, days_asked, units_needed,
                          channel, asked_minute)

    def _open(self, household: Household, kind: str, store, requested: dict[str, float],
              purpose: str, days_asked: float, units_needed: float | None, channel: str,
              asked_minute: float | None) -> Order:
        """A new open order, counted as placed."""
        village = household.village
        order = Order(self._next_order_id, household, village, kind, store, requested,
                      self.env.now, purpose, days_asked, village.lock_epoch, units_needed, channel,
                      asked_minute)
        self._next_order_id += 1
        self.stats.order_placed(order)
        village.order_placed()
        self.open_orders[order.order_id] = order
        return order

    def may_take_order(self, household: Household, kind: str) -> bool:
        """Whether the platform takes an order of `kind` from `household` now: not when the
        village's stores of the kind have filled today's orders, nor over the household's food
        cap (if one is set). A food order taken counts against the cap."""
        if self.refuses(household.village, kind):
            return False
        return kind not in self.model.goods.food_kinds or self.under_food_cap(household)

    def refuses(self, village, kind: str) -> bool:
        """"Today's orders are filled": no store of the kind takes orders, and one that is open
        has filled its day (counted as a refusal). Without any open store the order is not
        refused but cancelled ("no store")."""
        some_open = False
        for store in village.stores_by_kind.get(kind, ()):  # asked at every app order: a loop
            if not store.closed:
                if not store.full_today():
                    return False
                some_open = True
        if not some_open:
            return False
        self.stats.orders_refused_store_full += 1
        return True

    @property
    def food_order_cap_per_day(self) -> int | None:
        """Food orders a day per household that a command-centre decision allows (None: no
        such cap); on top of the scenario's `order_caps`."""
        return self._decided_cap.limit

    @food_order_cap_per_day.setter
    def food_order_cap_per_day(self, cap: int | None) -> None:
        self._decided_cap.limit = cap

    def under_food_cap(self, household: Household) -> bool:
        """Whether the platform takes another food order from `household` today under the
        scenario's cap and a decided one; counts the order in both if so."""
        if self._no_scenario_cap and self._decided_cap.limit is None:
            return True  # nothing to check or count (the usual case: one call per food order)
        day = self.model.clock.day_index(self.env.now)
        caps = (self.order_cap, self._decided_cap)
        if not all(cap.admits(household, day) for cap in caps):
            self.stats.food_orders_refused += 1
            return False
        for cap in caps:
            cap.count(household, day)
        return True

    def cancel(self, order: Order, reason: str) -> None:
        """`reason`: one of `sim.domain.orders.CANCEL_REASONS`."""
        order.cancelled_minute = self.env.now
        self.stats.order_cancelled(order, reason)
        order.village.order_closed(delivered=False)
        self._close(order, False)

    def deliver(self, order: Order) -> None:
        order.delivered_minute = self.env.now
        self.stats.order_delivered(order)
        order.village.order_closed(delivered=True)
        self._close(order, True)

    def _close(self, order: Order, delivered: bool) -> None:
        del self.open_orders[order.order_id]
        if self.order_log is not None:
            self.order_log.add(order)
        order.household.order_closed(order, delivered)

    def finish(self) -> None:
        """At the horizon: orders still open go to the order log as open, and it is closed."""
        if self.order_log is not None:
            for order in self.open_orders.values():
                self.order_log.add(order)
            self.order_log.close()

    # --- KPIs ---------------------------------------------------------------------------
    def kpis(self, now: float) -> dict:
        """The orders' KPIs (`sim/core/kpi_registry.py`): placed, delivered, cancelled by reason and
        refused, how long they took and where the time went, the fill rates; per channel in a
        town that uses more than the app."""
        st = self.stats
        closed = st.orders_delivered + st.orders_cancelled
        # open orders are censored at their age (Kaplan-Meier): they have waited that long, and more
        waiting = st.lead_time.survival_with_censored(now - o.placed_minute
                                                      for o in self.open_orders.values())
        delivered = sum(st.units_delivered_by_category.values())
        lead_total = sum(st.stage_minutes)
        figures = {
            "orders_placed": st.orders_placed,
            "orders_delivered": st.orders_delivered,
            "orders_cancelled": st.orders_cancelled,
            "orders_open_at_end": st.orders_placed - closed,
            **{f"orders_cancelled_{r.replace(' ', '_')}": st.cancelled_by_reason[r]
               for r in CANCEL_REASONS},
            "orders_delivered_share": _share(st.orders_delivered, st.orders_placed),
            f"orders_delivered_within_{SERVED_WITHIN_MINUTES}_minutes_share": rounded(
                self._delivered_within(now, SERVED_WITHIN_MINUTES), 4),
            "lead_time_minutes_mean": rounded(waiting.restricted_mean()),
            "lead_time_minutes_p50": rounded(waiting.quantile(0.5)),
            "lead_time_minutes_p90": rounded(waiting.quantile(0.9)),
            "lead_time_delivered_minutes_p50": rounded(st.lead_time.quantile(0.5)),
            "lead_time_delivered_minutes_p90": rounded(st.lead_time.quantile(0.9)),
            **{f"lead_time_share_{stage}": _share(minutes, lead_total)
               for stage, minutes in zip(LEAD_TIME_STAGES, st.stage_minutes)},
            "fill_rate": _share(delivered, st.units_requested),
            "fill_rate_closed_orders": _share(delivered, st.units_requested_closed),
            "need_fill_rate": _share(delivered, st.units_needed),
            "food_orders_refused_by_cap": st.food_orders_refused,
            "orders_refused_store_full": st.orders_refused_store_full,
        }
        if st.several_channels:  # counted per channel only then
            figures.update(self._channel_kpis())
        return figures

    def _delivered_within(self, now: float, minutes: float) -> float | None:
        """The share of orders delivered within `minutes`, over every order whose answer is
        known at the end: delivered (in time or late), cancelled, or still open after
        `minutes`. Orders still open and younger than `minutes` are left out: they may yet
        make it."""
        st = self.stats
        cutoff = now - minutes
        undecided = sum(1 for o in self.open_orders.values() if o.placed_minute > cutoff)
        decided = st.orders_placed - undecided
        if decided <= 0:
            return None
        return st.lead_time.count_below(minutes) / decided

    def _channel_kpis(self) -> dict:
        """How orders came and how they fared, per channel the scenario uses."""
        st = self.stats
        figures = {}
        for channel in self.model.spec.order_channels:
            lead = st.lead_time_by_channel.get(channel)
            figures[f"orders_placed_{channel}"] = st.placed_by_channel.get(channel, 0)
            figures[f"orders_delivered_{channel}"] = st.delivered_by_channel.get(channel, 0)
            figures[f"units_delivered_{channel}"] = rounded(st.units_delivered_by_channel.get(channel, 0.0), 1)
            figures[f"lead_time_from_asking_{channel}_minutes_p50"] = rounded(lead.quantile(0.5) if lead else None)
            figures[f"lead_time_from_asking_{channel}_minutes_p90"] = rounded(lead.quantile(0.9) if lead else None)
        return figures


def _share(part: float, whole: float) -> float | None:
    """part / whole to 4 places; None when there is no whole (nothing placed, asked for, ...)."""
    return rounded(part / whole if whole > 0 else None, 4)
