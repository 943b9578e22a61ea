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

    def send(self, receiver, category: str, units: float, minutes: float) -> None:
        self.in_transit[category] += units
        call_later(self.env, minutes, self._arrive, (receiver, category, units))

    def _arrive(self, event) -> None:
        receiver, category, units = event.value
        self.in_transit[category] -= units
        receiver.receive(category, units)
