"""Goods that come to a village gate in bulk for many households at once: a group-buying
pallet, a round of pushed packs. They travel as shipments like any other goods; at the gate
the volunteers split them into each household's order and carry them to the doors."""

from __future__ import annotations

_EPS = 1e-6


class GateGoods:
    """What came to the village gates in bulk, per category (for the conservation checks and
    the KPIs): every unit received is in some order's `filled`."""

    def __init__(self, categories):
        self.units_received = {c: 0.0 for c in categories}
        self.consignments_sent = 0


class Consignment:
    """One bulk load for `orders` (open orders without a store) of one village: the receiver
    of its shipments. It takes no more of a category than the orders asked for; when all
    that was sent has arrived, each order gets the share of what it asked that came (a
    partial fill when the source was short), an order that gets nothing is cancelled out of
    stock, and the gate's volunteers hand out the rest as `work`."""

    def __init__(self, model, village, orders: list, work: str, minutes_per_order):
        self.model = model
        self.village = village
        self.orders = orders
        self.work = work
        self.minutes_per_order = minutes_per_order
        self.wanted: dict[str, float] = {}
        for order in orders:
            for c, units in order.requested.items():
                self.wanted[c] = self.wanted.get(c, 0.0) + units
        self.sent: dict[str, float] = {}
        self.arrived: dict[str, float] = {}
        self._at_gate = False

    def room_for(self, category: str) -> float:
        """What a source may still send of `category`: what the orders asked, less what is sent."""
        return max(0.0, self.wanted.get(category, 0.0) - self.sent.get(category, 0.0))

    def record_sent(self, load: dict[str, float]) -> None:
        for c, units in load.items():
            self.sent[c] = self.sent.get(c, 0.0) + units

    def dispatched(self) -> None:
        """Every source has been asked: with nothing on the way, the orders are cancelled."""
        self.model.gate_goods.consignments_sent += 1
        if not any(units > 0 for units in self.sent.values()):
            self._at_gate = True
            for order in self.orders:
                self.model.platform.cancel(order, "out of stock")

    def receive(self, category: str, units: float) -> None:
        """A shipment arrived at the gate."""
        self.arrived[category] = self.arrived.get(category, 0.0) + units
        self.model.gate_goods.units_received[category] += units
        if not self._at_gate and all(self.arrived.get(c, 0.0) >= sent - _EPS
                                     for c, sent in self.sent.items()):
            self._at_gate = True
            self._split()

    def _split(self) -> None:
        now = self.model.env.now
        share = {c: self.arrived.get(c, 0.0) / wanted for c, wanted in self.wanted.items()
                 if wanted > 0}
        handed: list = []
        for order in self.orders:
            filled = {c: units * share[c] for c, units in order.requested.items()
                      if share.get(c, 0.0) > 0}
            if not filled:
                self.model.platform.cancel(order, "out of stock")
                continue
            order.filled = filled
            order.units_filled = sum(filled.values())
            order.gate_minute = now
            handed.append(order)
        if handed:
            self.village.gate.hand_out(self.work, handed, self.minutes_per_order)
