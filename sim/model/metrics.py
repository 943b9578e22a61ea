"""Streaming run statistics and the KPIs of `kpis.json` (flat, units in the key names).

Each actor computes its own KPIs (`kpis(now) -> dict`); `compute_kpis` gathers them from
`kpi_contributors` and puts them in the registry's order. Every key is declared, with its unit,
definition and contributor, in `sim/core/kpi_registry.py`; what kind of quantity it is, share or
count: `sim/core/kpi_kinds.py`."""

from __future__ import annotations

from agents.panic import HouseholdMoods
from agents.town_pantries import TownPantries
from agents.town_stores import TownStores
from agents.volunteer import GateTeams
from sim.core.kpi_lookup import in_declared_order
from sim.core.statistics import StreamingHistogram, TimeWeightedCount, rounded
from sim.core.units import MINUTES_PER_DAY
from sim.domain.orders import CANCEL_REASONS, LEAD_TIME_STAGES
from sim.model.missing_channels import MissingChannels
from sim.model.resource_use import ResourceUse


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
        # of each delivered order's lead time, the minutes its store was closed (0 for bulk):
        # opening hours no decision changes, a floor under the lead time's quantiles
        self.lead_time_store_closed = StreamingHistogram()
        self.units_requested_closed = 0.0
        self.units_requested = 0.0  # every order placed
        # every order placed or refused, less what households asked for before
        self.units_needed = 0.0
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
        self.restock_orders = 0
        self.restock_units = 0.0
        self.overnight_kg_max = 0.0
        self.overnight_restocks: list[tuple[str, int, float]] = []  # (store, day, kg) each night
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

    def need_refused(self, units: float) -> None:
        """An order the platform refused (today's orders are filled, or its cap): what its
        household newly needed is needed all the same (`need_fill_rate` counts it)."""
        self.units_needed += units

    def order_delivered(self, order) -> None:
        self.orders_delivered += 1
        self.lead_time.add(order.delivered_minute - order.placed_minute)
        if self.several_channels:
            self._channel_delivered(order)
        self.units_requested_closed += order.units_requested
        by_category = self.units_delivered_by_category
        for c, units in order.filled.items():
            by_category[c] += units
        closed = order.waited_closed_minutes
        self.lead_time_store_closed.add(closed if order.store is not None else 0.0)
        if order.store is None:  # came to the gate in bulk: no store stages
            return
        stages = self.stage_minutes
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

    def urgent_door_minutes(self, now: float) -> tuple[list[float], list[float]]:
        """Every urgent call, medicine or care: the minutes until staff were at the door of those
        reached (finished or not), and the age now of those not reached yet. The KPIs and the
        drill's objective count calls from this one list."""
        reached = [u[1] for u in self.urgent + self.urgent_care]
        reached += [p - c for c, p in self.urgent_open.values() if p is not None]
        return reached, [now - c for c, p in self.urgent_open.values() if p is None]

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
        model = store.model
        self.overnight_restocks.append((store.store_id, model.clock.day_index(model.env.now), kg))


class RunIdentity:
    """What ran: the scenario, the seed and the days simulated (a contributor of KPIs)."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        return {"scenario": self.model.spec.run.name, "seed": self.model.seed,
                "simulated_days": rounded(now / MINUTES_PER_DAY, 4)}


def kpi_contributors(model) -> list:
    """Every actor that contributes KPIs (each with `kpis(now) -> dict`): the registry
    (`sim/core/kpi_registry.py`) names the contributor of each KPI."""
    return [RunIdentity(model), model.command_centre, model.platform, TownPantries(model),
            MissingChannels(model), TownStores(model), model.command_centre.urgent,
            model.delivery_group, ResourceUse(model), model.road_closures, GateTeams(model),
            model.group_buying, model.push_packs, HouseholdMoods(model), model.depot]


def compute_kpis(model) -> dict:
    """The flat KPI record of one run: every contributor's figures (rounded so that they
    print and compare cleanly), in the registry's order."""
    now = model.env.now
    figures = {}
    for contributor in kpi_contributors(model):
        figures.update(contributor.kpis(now))
    return in_declared_order(figures)
