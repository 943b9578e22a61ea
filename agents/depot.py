"""The town depot: stock by category within a capacity, released to stores, refilled daily."""

from __future__ import annotations

import mesa

from sim.distributions import sampler

# Beizang's depot mix (assumption): what a town reserve holds most of
BEIZANG_DEPOT_SHARES = {"staples": 0.4, "vegetables": 0.25, "meat_eggs": 0.1,
                        "daily_goods": 0.15, "medicine": 0.1}


def category_shares(spec, goods) -> dict[str, float]:
    """The depot's shares of its capacity by category: the scenario's, else Beizang's for the
    categories of those names, else an equal share of every category but ready meals."""
    if spec.category_shares is not None:
        return dict(spec.category_shares)
    shares = {c: s for c, s in BEIZANG_DEPOT_SHARES.items() if c in goods.units}
    return shares or {c: 1.0 for c in goods.categories if c != goods.ready_meals}


class Depot(mesa.Agent):
    """Capacity in kg (a pack counts as 1 kg); 0 means the town has no depot."""

    def __init__(self, model):
        super().__init__(model)
        spec = model.spec.depot
        self.spec = spec
        self.capacity_kg = spec.capacity_kg
        self.exists = spec.capacity_kg > 0
        self.x_km, self.y_km = spec.x_km, spec.y_km
        shares = category_shares(spec, model.goods)
        total_share = sum(shares.values()) or 1.0
        self.target = {c: spec.capacity_kg * s / total_share for c, s in shares.items()}
        self.stock = {c: t * spec.initial_fill_share for c, t in self.target.items()}
        self.draw_release = sampler(spec.release_minutes, model.streams.generator("depot.release"))
        self.units_released: dict[str, float] = {}
        self.units_received: dict[str, float] = {}
        self.units_initial = dict(self.stock)
        self.on_order: dict[str, float] = {}
        if self.exists:
            model.env.process(self.replenish_daily())

    def release(self, store, category: str, units: float, minutes: float | None = None) -> float:
        """Send up to `units` of `category` to `store` (or a village gate), within what it has
        and the receiver's room; on the road `minutes` when given (drawn by the caller from
        its own stream), else the depot's release time."""
        have = self.stock.get(category, 0.0)
        got = min(units, have, store.room_for(category))
        if got <= 0:
            return 0.0
        self.stock[category] = have - got
        self.units_released[category] = self.units_released.get(category, 0.0) + got
        self.model.shipments.send(store, category, got,
                                  self.draw_release() if minutes is None else minutes)
        return got

    def room_for(self, category: str) -> float:
        """What the depot still takes of `category`: its target, less stock and what is on order."""
        return max(0.0, self.target.get(category, 0.0) - self.stock.get(category, 0.0)
                   - self.on_order.get(category, 0.0))

    def receive(self, category: str, units: float) -> None:
        self.stock[category] = self.stock.get(category, 0.0) + units
        self.units_received[category] = self.units_received.get(category, 0.0) + units
        self.on_order[category] = self.on_order.get(category, 0.0) - units

    def replenish_daily(self):
        """Each evening, buy back up to the target level from the suppliers."""
        env = self.model.env
        for at in self.model.clock.clock_times(self.spec.replenish_hour, env.now):
            yield env.timeout(at - env.now)
            short = {c: self.room_for(c) for c in self.target}
            for supplier in self.model.suppliers:
                if supplier.spec.bulk_orders_only:  # takes group-buying's bulk orders only
                    continue
                for category, units in supplier.ship(self, short).items():
                    self.on_order[category] = self.on_order.get(category, 0.0) + units
                    short[category] -= units
