"""The town depot: stock per category in lots that expire, issued first-expiring-first, within a
dispatch rate, released by a rule, refilled each evening, and what it all costs.

The source's town planned a depot "so that goods can move even if outside markets stop". What
makes a depot worth sizing is what this models: perishable stock spoils unless it is rotated
into the normal trade before it expires (as city reserves rotate their vegetables), stock is
not throughput (loading staff dispatch so many kg an hour), and capacity, holding and spoilage
cost money every day of the year, not only in a lockdown.
"""

from __future__ import annotations

import math
from collections import deque

import mesa

from agents.depot_costs import YEAR_PARTS, annual_costs, lockdown_cost, run_costs
from agents.depot_lots import rotation_days, steady_state_lots
from agents.depot_packing import PackingLine
from agents.depot_staples import StaplesRelease
from sim.core.distributions import sampler
from sim.core.statistics import TimeWeightedCount, rounded
from sim.core.units import MINUTES_PER_DAY
from sim.domain.demand import daily_share_through
from sim.engine.callbacks import call_later

# Beizang's depot mix (assumption): what a town reserve holds most of
BEIZANG_DEPOT_SHARES = {"staples": 0.4, "vegetables": 0.25, "meat_eggs": 0.1,
                        "daily_goods": 0.15, "medicine": 0.1}
NEVER = math.inf
_EPS = 1e-9


def category_shares(spec, goods) -> dict[str, float]:
    """The depot's shares of its capacity by category: the scenario's, else Beizang's for the
    categories of those names, else an equal share of every category but ready meals."""
    if spec.category_shares is not None:
        return dict(spec.category_shares)
    shares = {c: s for c, s in BEIZANG_DEPOT_SHARES.items() if c in goods.units}
    return shares or {c: 1.0 for c in goods.categories if c != goods.ready_meals}


def depot_targets(spec, goods, population: int, consumption) -> dict[str, float]:
    """Units of each category the depot is sized to hold: `cover_days` of the town's
    consumption when set (one number for every category, or per category), else
    `capacity_kg` split by the category shares."""
    if spec.cover_days is not None:
        cover = spec.cover_days
        days = cover if isinstance(cover, dict) else {c: cover for c in category_shares(spec, goods)}
        return {c: d * population * consumption[c].mean() for c, d in days.items() if d > 0}
    shares = category_shares(spec, goods)
    total_share = sum(shares.values()) or 1.0
    return {c: spec.capacity_kg * s / total_share for c, s in shares.items()}


class Depot(mesa.Agent):
    """Stock in lots (expiry minute, units) per category, oldest expiry issued first; a
    category without a shelf life never expires. Capacity in kg: a pack or a meal counts as 1."""

    def __init__(self, model):
        super().__init__(model)
        spec = model.spec.depot
        self.spec = spec
        self.x_km, self.y_km = spec.x_km, spec.y_km
        population = sum(v.population for v in model.spec.villages)
        self.target = depot_targets(spec, model.goods, population, model.spec.consumption_per_person_day)
        self.capacity_kg = sum(self.target.values())
        self.exists = self.capacity_kg > 0
        self.shelf_life_minutes = {
            c: (g.shelf_life_days * MINUTES_PER_DAY if g.shelf_life_days else NEVER)
            for c, g in model.spec.categories.items()}
        shelf_life_days = {c: g.shelf_life_days for c, g in model.spec.categories.items()}
        # the age at which stock leaves the reserve in its steady state, by category
        self.rotation_days = {c: rotation_days(shelf_life_days.get(c), spec.rotate,
                                               spec.rotate_days_before_expiry) for c in self.target}
        self.lots: dict[str, deque] = {c: deque() for c in self.target}
        self.stock: dict[str, float] = {}
        for c, t in self.target.items():
            units = t * spec.initial_fill_share
            if spec.initial_ages == "fresh":  # all bought at the start (the model before)
                self._add_lot(c, units, model.env.now)
                continue
            self.stock[c] = units
            self.lots[c].extend((expiry, lot) for expiry, lot in steady_state_lots(
                units, shelf_life_days.get(c), self.rotation_days[c], model.env.now)
                if lot > _EPS)
        self.draw_release = sampler(spec.release_minutes, model.streams.generator("depot.release"))
        self.units_released: dict[str, float] = {}
        self.units_given: dict[str, float] = {}  # of those released, given away as packs
        self.units_received: dict[str, float] = {}
        self.units_initial = dict(self.stock)
        self.units_spoiled: dict[str, float] = {}
        self.units_rotated: dict[str, float] = {}
        self.on_order: dict[str, float] = {}
        self.units_held = TimeWeightedCount(model.env.now, sum(self.stock.values()))  # unit-days held
        self._dispatch_free_minute = model.env.now  # the loading bay is busy until then
        self._buy_back_planned = False
        self.packing = PackingLine(model.env, spec.packs_per_hour)  # pushed packs made here
        self.staples = StaplesRelease(model, self)  # to households whose staples run low
        # what the on_lockdown rule meant to send and sent (only what fits on the shelves)
        self.lockdown_release_wanted = 0.0
        self.lockdown_release_sent = 0.0
        self.outage_seen = False  # a supplier the stores restock from was short when asked
        if self.exists:
            model.env.process(self.replenish_daily())

    # --- lots -------------------------------------------------------------------------------
    def _add_lot(self, category: str, units: float, minute: float) -> None:
        self.stock[category] = self.stock.get(category, 0.0) + units
        if units > _EPS:
            self.lots.setdefault(category, deque()).append(
                (minute + self.shelf_life_minutes.get(category, NEVER), units))

    def _take(self, category: str, units: float) -> float:
        """Take up to `units` from the lots, first expiring first (stock already expired is
        spoiled, not issued)."""
        self._spoil_expired(category, self.model.env.now)
        lots = self.lots.get(category)
        got = 0.0
        while lots and got < units - _EPS:
            expiry, lot = lots[0]
            part = min(lot, units - got)
            got += part
            if lot - part > _EPS:
                lots[0] = (expiry, lot - part)
            else:
                lots.popleft()
        self._change_stock(category, -got)
        return got

    def _change_stock(self, category: str, units: float) -> None:
        self.stock[category] = self.stock.get(category, 0.0) + units
        self.units_held.add(self.model.env.now, units)

    def _spoil_expired(self, category: str, now: float) -> None:
        lots = self.lots.get(category)
        spoiled = 0.0
        while lots and lots[0][0] <= now:
            spoiled += lots.popleft()[1]
        if spoiled > 0:
            self._change_stock(category, -spoiled)
            self.units_spoiled[category] = self.units_spoiled.get(category, 0.0) + spoiled

    def _rotate(self, category: str, now: float) -> None:
        """Sell into the normal trade what would expire before the next inspection plus the
        rotation margin, before it spoils."""
        lots = self.lots.get(category)
        horizon = now + (1 + self.spec.rotate_days_before_expiry) * MINUTES_PER_DAY
        rotated = 0.0
        while lots and lots[0][0] <= horizon and lots[0][0] < NEVER:
            rotated += lots.popleft()[1]
        if rotated > 0:
            self._change_stock(category, -rotated)
            self.units_rotated[category] = self.units_rotated.get(category, 0.0) + rotated

    # --- releases ---------------------------------------------------------------------------
    def releases_now(self, category: str | None = None) -> bool:
        """Whether the release rule lets the depot give stock (of `category`) now: always,
        except when it is held for a market outage and no supplier the stores restock that
        category from is short (a farm taking only group orders, or a medicine distributor
        for vegetables, does not count)."""
        if self.spec.release != "hold_for_outage":
            return True
        now = self.model.env.now
        short = any(s.capacity_share(now) < 1 for s in self.model.suppliers
                    if not s.spec.bulk_orders_only
                    and (category is None or category in s.spec.categories))
        self.outage_seen = self.outage_seen or short
        return short

    def release(self, store, category: str, units: float, minutes: float | None = None,
                given: bool = False) -> float:
        """Send up to `units` of `category` to `store` (or a village gate), within what it has
        and the receiver's room; it leaves when the loading bay has dispatched what was
        released before it, and is on the road `minutes` when given (drawn by the caller from
        its own stream), else the depot's release time. `given`: packs handed out free (a
        lockdown's cost), not stock sold to a store."""
        have = self.stock.get(category, 0.0)
        got = min(units, have, store.room_for(category))
        if got <= 0:
            return 0.0
        got = self._take(category, got)
        if got <= 0:
            return 0.0
        self.units_released[category] = self.units_released.get(category, 0.0) + got
        if given:
            self.units_given[category] = self.units_given.get(category, 0.0) + got
        now = self.model.env.now
        loading = 0.0
        rate = self.spec.dispatch_kg_per_hour
        if rate is not None:
            start = max(now, self._dispatch_free_minute)
            self._dispatch_free_minute = start + got / rate * 60
            loading = self._dispatch_free_minute - now
        self.model.shipments.send(store, category, got,
                                  loading + (self.draw_release() if minutes is None else minutes))
        if self.spec.buy_back == "at_once":
            self._plan_buy_back()
        return got

    def channel_opened(self, village, kind: str) -> None:
        """Release on lockdown: a kind's channel opened for `village`: send each of its stores
        of the kind `release_cover_days` of the village's share of what the kind sells."""
        if not self.exists or self.spec.release != "on_lockdown":
            return
        model = self.model
        sc = model.spec
        stores = village.stores_by_kind.get(kind, ())
        share = daily_share_through(sc.households, model.goods, kind)
        for store in stores:
            people = village.population * share / max(1, len(stores))
            for c in store.categories:
                want = people * sc.consumption_per_person_day[c].mean() * self.spec.release_cover_days
                if want > 0 and c in self.target:
                    self.lockdown_release_wanted += want
                    self.lockdown_release_sent += self.release(store, c, want)

    # --- refilling ----------------------------------------------------------------------
    def room_for(self, category: str) -> float:
        """What the depot still takes of `category`: its target, less stock and what is on order."""
        return max(0.0, self.target.get(category, 0.0) - self.stock.get(category, 0.0)
                   - self.on_order.get(category, 0.0))

    def receive(self, category: str, units: float) -> None:
        self._add_lot(category, units, self.model.env.now)
        self.units_held.add(self.model.env.now, units)
        self.units_received[category] = self.units_received.get(category, 0.0) + units
        self.on_order[category] = self.on_order.get(category, 0.0) - units

    def replenish_daily(self):
        """Each evening: throw out what expired, rotate what is about to (if the depot
        rotates), and buy back up to the target level from the suppliers."""
        env = self.model.env
        for at in self.model.clock.clock_times(self.spec.replenish_hour, env.now):
            yield env.timeout(at - env.now)
            for category in self.target:
                self._spoil_expired(category, env.now)
                if self.spec.rotate:
                    self._rotate(category, env.now)
            self._order_up_to_target()

    def _plan_buy_back(self) -> None:
        """Buy back what was released once this minute's releases are all made (one order to
        the suppliers for a store's whole restock, not one per category)."""
        if not self._buy_back_planned:
            self._buy_back_planned = True
            call_later(self.model.env, 0, lambda _e: self._buy_back())

    def _buy_back(self) -> None:
        self._buy_back_planned = False
        self._order_up_to_target()

    def _order_up_to_target(self) -> None:
        """Order from the suppliers what the depot lacks of its target (what they can ship
        now: nothing from one in an outage)."""
        short = {c: self.room_for(c) for c in self.target}
        short = {c: units for c, units in short.items() if units > _EPS}
        for supplier in self.model.suppliers:
            if not short:
                return
            if supplier.spec.bulk_orders_only:  # takes group-buying's bulk orders only
                continue
            for category, units in supplier.ship(self, short).items():
                self.on_order[category] = self.on_order.get(category, 0.0) + units
                short[category] -= units
                if short[category] <= _EPS:
                    del short[category]

    # --- what it costs ------------------------------------------------------------------
    def costs(self, now: float) -> dict[str, float]:
        """Costs over the run so far (`agents/depot_costs.py` `run_costs`)."""
        return run_costs(self.spec.costs, self.capacity_kg, now / MINUTES_PER_DAY,
                         self.units_held.integral(now), sum(self.units_spoiled.values()),
                         sum(self.units_rotated.values()))

    def costs_per_year(self) -> dict[str, float]:
        """The standing reserve's costs a year in its rotation steady state."""
        standing = {c: t * self.spec.initial_fill_share for c, t in self.target.items()}
        return annual_costs(self.spec.costs, self.capacity_kg, standing, self.rotation_days,
                            self.spec.rotate)

    def kpis(self, now: float) -> dict:
        """The depot's stock flows and costs (`sim/core/kpi_registry.py`); none in a town without
        a depot."""
        if not self.exists:
            return {}
        run = self.costs(now)
        year = self.costs_per_year()
        lockdown = lockdown_cost(self.spec.costs, run, year, now / MINUTES_PER_DAY,
                                 sum(self.units_given.values()))
        return {
            "depot_capacity_kg": rounded(self.capacity_kg, 1),
            "depot_released_units": rounded(sum(self.units_released.values()), 1),
            "depot_spoiled_kg": rounded(sum(self.units_spoiled.values()), 1),
            "depot_rotated_kg": rounded(sum(self.units_rotated.values()), 1),
            **{f"depot_cost_{part}": rounded(value, 0) for part, value in run.items()},
            "depot_cost_per_year": rounded(year["total"], 0),
            **{f"depot_cost_per_year_{part}": rounded(year[part], 0) for part in YEAR_PARTS},
            "depot_cost_per_lockdown": rounded(lockdown, 0),
            "depot_cost_year_and_lockdown": rounded(year["total"] + lockdown, 0),
            **({"depot_staples_packs": self.staples.packs_sent}
               if self.spec.staples_release != "never" else {}),
        }
