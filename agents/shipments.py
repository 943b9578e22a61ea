"""Goods on the road from a supplier or the depot to a store or the depot.

The one way goods move between agents: `send` counts them in transit and they arrive after
their lead time, when the receiver's `receive(category, units)` is called.
"""

from __future__ import annotations

from sim.engine.callbacks import call_later


class Shipments:
    def __init__(self, env, categories):
        self.env = env
        self.in_transit = {c: 0.0 for c in categories}
        self._to: dict[object, dict[str, float]] = {}  # receiver -> category -> units on the way

    def send(self, receiver, category: str, units: float, minutes: float) -> None:
        self.in_transit[category] += units
        to = self._to.setdefault(receiver, {})
        to[category] = to.get(category, 0.0) + units
        call_later(self.env, minutes, self._arrive, (receiver, category, units))

    def on_the_way(self, receiver, category: str) -> float:
        """Units of `category` sent to `receiver` and not yet arrived: what a restock counts
        so that it does not order past the receiver's room twice."""
        return self._to.get(receiver, {}).get(category, 0.0)

    def _arrive(self, event) -> None:
        receiver, category, units = event.value
        self.in_transit[category] -= units
        to = self._to[receiver]
        to[category] = max(0.0, to[category] - units)
        receiver.receive(category, units)
