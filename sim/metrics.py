"""Streaming run statistics and the KPIs of `kpis.json` (flat, units in the key names; what
kind of quantity each key is, share or count, and its unit: `sim/kpi_kinds.py`)."""

from __future__ import annotations

from agents.pantry import PantryTally
from agents.volunteer import works_for
from sim.missing_channels import channels_never_opened
from sim.orders import CANCEL_REASONS, LEAD_TIME_STAGES, OFFLINE_CHANNELS
from sim.resource_use import RESOURCE_CLASSES, resource_minutes, utilization
from sim.scenario import MINUTES_PER_DAY
from sim.statistics import KaplanMeier, StreamingHistogram, TimeWeightedCount

SERVED_WITHIN_MINUTES = 120
URGENT_WITHIN_MINUTES = 30  # source: staff at the door within half an hour


class RunStatistics:
    """Everything the KPIs need, updated as orders close; nothing grows with the horizon
    except per-store-day counts and the (rare) urgent requests."""

    def __init__(self, goods, now: float = 0.0, several_channels: bool = False):
        self.goods = goods  # the town's categories: what counts in kg, what households eat
        # orders per channel are counted only in a town with more ways to order than the app
        self.several_channels = several_channels
        self.orders_placed = 0
        self.orders_delivered = 0
        self.orders_cancelled = 0
        self.lead_time = StreamingHistogram()
        self.units_requested_closed = 0.0
        self.units_requested = 0.0  # every order placed
        self.units_needed = 0.0  # every order placed, less what households asked for before
        self.cancelled_by_reason = {r: 0 for r in CANCEL_REASONS}
        self.stage_minutes = [0.0] * len(LEAD_TIME_STAGES)  # summed over delivered orders
        self.units_delivered_by_category = {c: 0.0 for c in goods.categories}
        self.placed_by_channel: dict[str, int] = {}
        self.delivered_by_channel: dict[str, int] = {}
        self.units_delivered_by_channel: dict[str, float] = {}
        self.lead_time_by_channel: dict[str, StreamingHistogram] = {}
        self.channel_open_minutes: dict[str, float] = {}   # village -> all standard kinds open
        self.channel_windows: list[list] = []  # [village, kind, opened minute, closed minute or None]
        self.set_up_without_store: set[tuple[str, str]] = set()  # (village, kind): none qualified at set-up
        self.urgent: list[tuple] = []  # finished calls: (called, pickup_minutes, delivered_minutes or None)
        self.urgent_open: dict[int, list] = {}  # call -> [called minute, picked-up minute or None]
        self.urgent_care: list[tuple] = []  # finished care trips: (called, pickup_minutes, home_minutes)
        self.urgent_care_open: set[int] = set()  # calls for care not yet home
        self.urgent_requests = 0
        self.urgent_medicine_units = 0.0
        self.stores_out_of_stock = TimeWeightedCount(now)
        self.reserve_stores_activated = 0
        self.food_orders_refused = 0  # by the platform's cap, when one is set
        self.orders_refused_store_full = 0  # "today's orders are filled" at every store of the kind
        self.walk_in_units = 0.0  # sold over the counter to a serving store's unlocked village
        self.notice_units = 0.0  # bought ahead over the counter on lockdowns' notice
        self.panics = 0  # times a village began to panic
        self.restock_orders = 0
        self.restock_units = 0.0
        self.overnight_kg_max = 0.0
        self.first_channel_open: float | None = None
        self.courier_integrals_at_first_open: tuple[float, float] | None = None

    # --- orders -------------------------------------------------------------------------
    def order_placed(self, order) -> None:
        self.orders_placed += 1
        if self.several_channels:
            channel = order.channel
            self.placed_by_channel[channel] = self.placed_by_channel.get(channel, 0) + 1
        self.units_requested += order.units_requested
        self.units_needed += order.units_needed

    def order_delivered(self, order) -> None:
        self.orders_delivered += 1
        self.lead_time.add(order.delivered_minute - order.placed_minute)
        if self.several_channels:
            self._channel_delivered(order)
        self.units_requested_closed += order.units_requested
        by_category = self.units_delivered_by_category
        for c, units in order.filled.items():
            by_category[c] += units
        if order.store is None:  # came to the gate in bulk: no store stages
            return
        stages = self.stage_minutes
        closed = order.waited_closed_minutes
        stages[0] += closed
        stages[1] += order.pick_start_minute - order.placed_minute - closed
        stages[2] += order.picked_minute - order.pick_start_minute
        stages[3] += order.batch_ready_minute - order.picked_minute
        stages[4] += order.dispatched_minute - order.batch_ready_minute
        stages[5] += order.gate_minute - order.dispatched_minute
        stages[6] += order.delivered_minute - order.gate_minute

    def _channel_delivered(self, order) -> None:
        channel = order.channel
        self.delivered_by_channel[channel] = self.delivered_by_channel.get(channel, 0) + 1
        by_channel = self.lead_time_by_channel.get(channel)
        if by_channel is None:
            by_channel = self.lead_time_by_channel[channel] = StreamingHistogram()
        by_channel.add(order.delivered_minute - order.asked_minute)
        self.units_delivered_by_channel[channel] = (
            self.units_delivered_by_channel.get(channel, 0.0) + order.units_filled)

    def order_cancelled(self, order, reason: str) -> None:
        self.orders_cancelled += 1
        self.cancelled_by_reason[reason] += 1
        self.units_requested_closed += order.units_requested

    # --- command centre -----------------------------------------------------------------
    def channel_opened(self, village, kind: str, now: float) -> None:
        self.channel_windows.append([village.name, kind, now, None])
        standard = village.model.spec.standard_kinds
        if all(village.is_open(k) for k in standard) and village.name not in self.channel_open_minutes:
            self.channel_open_minutes[village.name] = now - village.lock_minute
        if self.first_channel_open is None:
            self.first_channel_open = now
            roster = village.model.delivery_group.roster
            self.courier_integrals_at_first_open = (roster.on_trip.integral(now),
                                                    roster.on_duty.integral(now))

    def channels_closed(self, village, now: float) -> None:
        for window in self.channel_windows:
            if window[0] == village.name and window[3] is None:
                window[3] = now

    def urgent_called(self, now: float, care: bool = False) -> int:
        """A household called for urgent medicine (or, `care`, a trip to a doctor); returns the
        call's number."""
        call = self.urgent_requests
        self.urgent_requests += 1
        self.urgent_open[call] = [now, None]
        if care:
            self.urgent_care_open.add(call)
        return call

    def urgent_reached(self, call: int, now: float) -> None:
        self.urgent_open[call][1] = now

    def urgent_done(self, call: int, delivered: float, units: float) -> tuple[float, float]:
        """The medicine came at `delivered` (if `units`); returns the call's (called, staff at
        the door) minutes."""
        called, picked_up = self.urgent_open.pop(call)
        self.urgent.append((called, picked_up - called, delivered - called if units > 0 else None))
        self.urgent_medicine_units += units
        return called, picked_up

    def urgent_care_done(self, call: int, home: float) -> tuple[float, float]:
        """The resident is home at `home`; returns the call's (called, staff at the door)."""
        called, picked_up = self.urgent_open.pop(call)
        self.urgent_care_open.discard(call)
        self.urgent_care.append((called, picked_up - called, home - called))
        return called, picked_up

    def restock_ordered(self, store, units: float, reason: str) -> None:
        self.restock_orders += 1
        self.restock_units += units

    def overnight_order(self, store, sent: dict[str, float]) -> None:
        units = self.goods.units
        kg = sum(u for c, u in sent.items() if units.get(c) == "kg")
        self.overnight_kg_max = max(self.overnight_kg_max, kg)


def _q(values: list[float], q: float) -> float | None:
    """Linear-interpolated quantile of a small list (channel set-up times)."""
    if not values:
        return None
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def _survival(done: list[float], waiting: list[float]) -> KaplanMeier:
    events = StreamingHistogram()
    for minutes in done:
        events.add(minutes)
    return events.survival_with_censored(waiting)


def _urgent_figures(st: RunStatistics, now: float, within: float) -> dict:
    """Urgent calls still open at the end enter as censored (they have waited that long and
    more), as orders do; a call still waiting and younger than `within` minutes is left out of
    the share reached in time."""
    reached = [u[1] for u in st.urgent + st.urgent_care]
    reached += [p - c for c, p in st.urgent_open.values() if p is not None]
    not_reached = [now - c for c, p in st.urgent_open.values() if p is None]
    pickup = _survival(reached, not_reached)
    with_medicine = [u[2] for u in st.urgent if u[2] is not None]
    delivery = _survival(with_medicine, [now - c for call, (c, _) in st.urgent_open.items()
                                         if call not in st.urgent_care_open])
    care_open = [st.urgent_open[call] for call in st.urgent_care_open]
    care_door = _survival([u[1] for u in st.urgent_care] + [p - c for c, p in care_open if p is not None],
                          [now - c for c, p in care_open if p is None])
    care_home = _survival([u[2] for u in st.urgent_care], [now - c for c, _ in care_open])
    undecided = sum(1 for age in not_reached if age < within)
    decided = st.urgent_requests - undecided
    in_time = sum(1 for minutes in reached if minutes <= within)
    return {
        "urgent_pickup_minutes_p50": _r(pickup.quantile(0.5)),
        "urgent_pickup_minutes_p90": _r(pickup.quantile(0.9)),
        f"urgent_within_{within:g}_minutes_share": _r(in_time / decided if decided else None, 4),
        "urgent_delivered_minutes_p50": _r(delivery.quantile(0.5)),
        "urgent_care_trips": len(st.urgent_care) + len(st.urgent_care_open),
        "urgent_care_door_minutes_p50": _r(care_door.quantile(0.5)),
        "urgent_care_home_minutes_p50": _r(care_home.quantile(0.5)),
    }


def _r(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(float(x), digits)


def _orders_decided_within(model, minutes: float) -> float | None:
    """The share of orders delivered within `minutes`, over every order whose answer is known
    at the end: delivered (in time or late), cancelled, or still open after `minutes`. Orders
    still open and younger than `minutes` are left out: they may yet make it."""
    st = model.stats
    cutoff = model.env.now - minutes
    undecided = sum(1 for o in model.platform.open_orders.values() if o.placed_minute > cutoff)
    decided = st.orders_placed - undecided
    if decided <= 0:
        return None
    return st.lead_time.count_below(minutes) / decided


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


def _unmet_person_days(model, town: PantryTally) -> float:
    """Food households needed and did not eat, in person-days of a full diet: the units short
    of each food category over what a person eats of them all a day (the means)."""
    goods, consumption = model.goods, model.spec.consumption_per_person_day
    per_person_day = sum(consumption[c].mean() for c in goods.shortfall)
    short = sum(town.needed[i] - town.eaten[i] for i, c in enumerate(goods.pantry) if c in goods.shortfall)
    return max(0.0, short) / per_person_day if per_person_day > 0 else 0.0


def _food_figures(model, households_locked: int) -> dict:
    """Hunger: household-days with no food of any kind, or none of one category (a household
    with some food left counts only under the categories it lacks), and food delivered,
    eaten and needed per person-day of lockdown."""
    town, chronic, _ = food_tallies(model)
    person_days = town.person_minutes / MINUTES_PER_DAY
    delivered = model.stats.units_delivered_by_category

    def per_person_day(units: float) -> float | None:
        return _r(units / person_days, 4) if person_days > 0 else None

    figures = {
        "locked_person_days": _r(person_days, 1),
        "household_days_without_food": _r(town.minutes_without_food / MINUTES_PER_DAY, 2),
        "households_ever_without_food": town.households_ever_without_food,
        "households_ever_without_food_share": _r(town.households_ever_without_food / households_locked
                                                 if households_locked else None, 4),
        "chronic_household_days_without_food": _r(chronic.minutes_without_food / MINUTES_PER_DAY, 2),
        "chronic_households_ever_without_food": chronic.households_ever_without_food,
        "unmet_food_person_days": _r(_unmet_person_days(model, town), 1),
    }
    goods = model.goods
    for c in goods.shortfall:
        i = goods.pantry.index(c)
        figures[f"household_days_without_{c}"] = _r(town.minutes_without[i] / MINUTES_PER_DAY, 2)
    for i, c in enumerate(goods.pantry):
        unit = goods.unit_key(c)
        figures[f"{unit}_delivered_per_locked_person_day"] = per_person_day(delivered[c])
        figures[f"{unit}_eaten_per_locked_person_day"] = per_person_day(town.eaten[i])
        if c in goods.shortfall:
            figures[f"{unit}_needed_per_locked_person_day"] = per_person_day(town.needed[i])
    return figures


def compute_kpis(model) -> dict:
    """The flat KPI record of one run (rounded so that it prints and compares cleanly)."""
    st: RunStatistics = model.stats
    now = model.env.now
    open_minutes = list(st.channel_open_minutes.values())
    locked = [v for v in model.villages.values() if v.lock_minute is not None]
    store_day_max = 0
    busiest = None
    for store in model.stores:
        for day, n in store.orders_by_day.items():
            if n > store_day_max:
                store_day_max, busiest = n, (store.store_id, day)
    group = model.delivery_group
    roster = group.roster
    closed = st.orders_delivered + st.orders_cancelled
    open_orders = model.platform.open_orders.values()
    # open orders are censored at their age (Kaplan-Meier): they have waited that long, and more
    waiting = st.lead_time.survival_with_censored(now - o.placed_minute for o in open_orders)
    units_delivered = sum(st.units_delivered_by_category.values())
    decided = _orders_decided_within(model, SERVED_WITHIN_MINUTES)
    lead_total = sum(st.stage_minutes)
    use = resource_minutes(model)
    households_locked = sum(len(v.households) for v in locked)
    kpis = {
        "scenario": model.spec.run.name,
        "seed": model.seed,
        "simulated_days": _r(now / MINUTES_PER_DAY, 4),
        "villages_locked": len(locked),
        "households_locked": households_locked,
        "orders_placed": st.orders_placed,
        "orders_delivered": st.orders_delivered,
        "orders_cancelled": st.orders_cancelled,
        "orders_open_at_end": st.orders_placed - closed,
        **{f"orders_cancelled_{r.replace(' ', '_')}": n for r, n in st.cancelled_by_reason.items()},
        "orders_delivered_share": _r(st.orders_delivered / st.orders_placed if st.orders_placed else None, 4),
        f"orders_delivered_within_{SERVED_WITHIN_MINUTES}_minutes_share": _r(decided, 4),
        "lead_time_minutes_mean": _r(waiting.restricted_mean()),
        "lead_time_minutes_p50": _r(waiting.quantile(0.5)),
        "lead_time_minutes_p90": _r(waiting.quantile(0.9)),
        "lead_time_delivered_minutes_p50": _r(st.lead_time.quantile(0.5)),
        "lead_time_delivered_minutes_p90": _r(st.lead_time.quantile(0.9)),
        **{f"lead_time_share_{stage}": _r(minutes / lead_total if lead_total > 0 else None, 4)
           for stage, minutes in zip(LEAD_TIME_STAGES, st.stage_minutes)},
        "fill_rate": _r(units_delivered / st.units_requested if st.units_requested else None, 4),
        "fill_rate_closed_orders": _r(units_delivered / st.units_requested_closed
                                      if st.units_requested_closed else None, 4),
        "need_fill_rate": _r(units_delivered / st.units_needed if st.units_needed else None, 4),
        **_food_figures(model, households_locked),
        "channel_open_minutes_min": _r(min(open_minutes) if open_minutes else None),
        "channel_open_minutes_median": _r(_q(open_minutes, 0.5)),
        "channel_open_minutes_max": _r(max(open_minutes) if open_minutes else None),
        "villages_without_all_channels": len(channels_never_opened(model)),
        "store_orders_per_day_max": store_day_max,
        "busiest_store": busiest[0] if busiest else None,
        "busiest_store_day": busiest[1] if busiest else None,
        "stores_active_at_end": sum(1 for s in model.stores if s.active),
        "reserve_stores_activated": st.reserve_stores_activated,
        "food_orders_refused_by_cap": st.food_orders_refused,
        "orders_refused_store_full": st.orders_refused_store_full,
        "urgent_requests": st.urgent_requests,
        **_urgent_figures(st, now, URGENT_WITHIN_MINUTES),
        "urgent_without_medicine": sum(1 for u in st.urgent if u[2] is None),
        "urgent_open_at_end": len(st.urgent_open),
        "couriers_whitelisted_at_end": group.whitelisted(),
        "couriers_removed": roster.counts["removed"],
        "courier_trips": group.trips(),
        "courier_utilization": _r(utilization(*use["courier"]) or 0.0, 4),
        "courier_orders_per_trip_mean": _r(sum(c.orders_carried for c in group.couriers) / group.trips()
                                           if group.trips() else None),
        **{f"{c}_utilization": _r(utilization(*use[c]), 4) for c in RESOURCE_CLASSES if c != "courier"},
        "stockout_store_hours": _r(st.stores_out_of_stock.integral(now) / 60),
        "restock_orders": st.restock_orders,
        "restock_units": _r(st.restock_units, 1),
        "overnight_restock_kg_max": _r(st.overnight_kg_max, 1),
        **model.road_closures.kpis(now),
    }
    if model.stats.several_channels:  # counted per channel only then
        kpis.update(_channel_figures(model))
    kpis.update(_behaviour_figures(model))
    if model.depot.exists:
        kpis.update(_depot_figures(model))
    return kpis


def _depot_figures(model) -> dict:
    """The depot's stock flows and costs (only in a town with a depot)."""
    depot = model.depot
    costs = depot.costs(model.env.now)
    return {
        "depot_capacity_kg": _r(depot.capacity_kg, 1),
        "depot_released_units": _r(sum(depot.units_released.values()), 1),
        "depot_spoiled_kg": _r(sum(depot.units_spoiled.values()), 1),
        "depot_rotated_kg": _r(sum(depot.units_rotated.values()), 1),
        **{f"depot_cost_{part}": _r(value, 0) for part, value in costs.items()},
    }


def _behaviour_figures(model) -> dict:
    """What households did besides ordering calmly, each present when the scenario has it:
    buying ahead on notice, counter trade at serving stores, panic."""
    sc, st = model.spec, model.stats
    figures = {}
    if any(lk.notice_hours > 0 for lk in sc.lockdowns):
        figures["notice_units_bought_ahead"] = _r(st.notice_units, 1)
    if sc.walk_in.daily_consumption_share > 0:
        figures["walk_in_units_sold"] = _r(st.walk_in_units, 1)
    if sc.panic.enabled:
        figures["village_panics"] = st.panics
        figures["village_panic_days"] = _r(sum(v.mood.panic_minutes(model.env.now)
                                               for v in model.villages.values()) / MINUTES_PER_DAY, 2)
    return figures


def _channel_figures(model) -> dict:
    """How orders came and how they fared, per channel the scenario uses; the volunteers'
    hours by kind of work; hunger among the households that cannot order online."""
    st = model.stats
    figures = {}
    for channel in model.spec.order_channels:
        lead = st.lead_time_by_channel.get(channel)
        figures[f"orders_placed_{channel}"] = st.placed_by_channel.get(channel, 0)
        figures[f"orders_delivered_{channel}"] = st.delivered_by_channel.get(channel, 0)
        figures[f"units_delivered_{channel}"] = _r(st.units_delivered_by_channel.get(channel, 0.0), 1)
        figures[f"lead_time_from_asking_{channel}_minutes_p50"] = _r(lead.quantile(0.5) if lead else None)
        figures[f"lead_time_from_asking_{channel}_minutes_p90"] = _r(lead.quantile(0.9) if lead else None)
    for name in works_for(model.spec.order_channels):  # every kind of work, done or not
        minutes = sum(v.gate.busy_minutes_by_work.get(name, 0.0) for v in model.villages.values())
        figures[f"volunteer_hours_{name}"] = _r(minutes / 60, 1)
    if "group" in model.spec.order_channels:
        figures["group_bulk_orders"] = model.group_buying.bulk_orders
        figures["group_bulk_orders_short"] = model.group_buying.bulk_orders_partial
    if "push_pack" in model.spec.order_channels:
        figures["push_pack_rounds"] = model.push_packs.rounds_sent
    _, _, offline = food_tallies(model)
    households = [h for v in model.villages.values() if v.lock_minute is not None
                  for h in v.households if h.channel in OFFLINE_CHANNELS]
    figures["offline_households_locked"] = len(households)
    figures["offline_household_days_without_food"] = _r(offline.minutes_without_food / MINUTES_PER_DAY, 2)
    figures["offline_households_ever_without_food_share"] = _r(
        offline.households_ever_without_food / len(households) if households else None, 4)
    return figures
