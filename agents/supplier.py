"""Wholesale suppliers and the procurement that restocks stores (depot first, then suppliers)."""

from __future__ import annotations

import mesa

from sim.distributions import sampler
from sim.scenario import Supplier as SupplierSpec


class Supplier(mesa.Agent):
    """A wholesale market or cooperative: a lead time, a daily capacity, and outages."""

    def __init__(self, model, spec: SupplierSpec, index: int):
        super().__init__(model)
        self.spec = spec
        self.name = spec.name
        self.categories = set(spec.categories)
        self.draw_lead = sampler(spec.lead_time_minutes,
                                 model.streams.generator(f"supplier.{index}.lead"))
        self.daily_capacity = dict(spec.daily_capacity)
        self.outage_until = -1.0
        self._shipped_today: dict[str, float] = {}
        self._day = -1
        self.units_shipped: dict[str, float] = {}

    def available(self, category: str) -> float:
        env = self.model.env
        if category not in self.categories or env.now < self.outage_until:
            return 0.0
        day = self.model.clock.day_index(env.now)
        if day != self._day:
            self._day, self._shipped_today = day, {}
        cap = self.daily_capacity.get(category)
        if cap is None:
            return float("inf")
        return max(0.0, cap - self._shipped_today.get(category, 0.0))

    def ship(self, receiver, category: str, units: float) -> float:
        """Send up to `units` of `category` to `receiver` (a store or the depot) after a lead
        time, within the receiver's room."""
        units = min(units, self.available(category), receiver.room_for(category))
        if units <= 0:
            return 0.0
        self._shipped_today[category] = self._shipped_today.get(category, 0.0) + units
        self.units_shipped[category] = self.units_shipped.get(category, 0.0) + units
        self.model.shipments.send(receiver, category, units, self.draw_lead())
        return units


def procure(model, store, wants: dict[str, float], reason: str) -> dict[str, float]:
    """Restock `store`: release from the depot what it holds, buy the rest from suppliers."""
    sent: dict[str, float] = {}
    for category, units in wants.items():
        if units <= 0:
            continue
        got = model.depot.release(store, category, units) if model.depot.exists else 0.0
        for supplier in model.suppliers:
            if got >= units - 1e-9:
                break
            got += supplier.ship(store, category, units - got)
        if got > 0:
            sent[category] = got
            store.pending_restock.add(category)
    if sent:
        total = sum(sent.values())
        model.stats.restock_ordered(store, total, reason)
        model.log_event("restock", store.store_id,
                        f"{store.store_id} orders {total:,.0f} units ({reason})")
    return sent
