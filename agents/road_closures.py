"""Road closures in a town with a road network: roads closed and reopened at their minute
(the scenario's `roads.closures` and drill injects), the villages a closure cuts off, and the
orders it holds up.

What a dispatcher does about a closure (see `DeliveryGroup.dispatch` and `Village.route`):
trips take the shortest open road; a new order goes to a store of the kind that can still
reach the village; a batch whose store no open road joins to its village is not sent, and its
orders wait at the store until a road reopens (a closure is for hours, and the goods are
already picked: cancelling them would only make the household order again). A trip already
on its way when a road closes finishes as planned.
"""

from __future__ import annotations

from sim.core.phrase import Phrase, Phrases
from sim.core.roads import COMMAND_CENTRE
from sim.core.statistics import TimeWeightedCount
from sim.core.units import MINUTES_PER_DAY
from sim.engine.callbacks import call_later


class RoadClosures:
    """Closes and reopens roads, and counts what closures cost: villages cut off and orders
    held for a road. A village is cut off while closed roads part it from the town's main
    piece of road network: the piece with the most stores (ties: the command centre's, then
    the first found)."""

    def __init__(self, model):
        self.model = model
        self.travel = model.travel
        self.cut_off: list[str] = []  # villages cut off now, in the scenario's order
        self.villages_cut_off = TimeWeightedCount(model.env.now)
        self.orders_blocked = 0
        self._blocked_order_ids: set[int] = set()
        for closure in model.spec.roads.closures:
            call_later(model.env, closure.start_day * MINUTES_PER_DAY,
                       lambda _event, c=closure: self.close([(c.from_, c.to)], c.hours, "scheduled"))

    def close(self, roads: list[tuple[str, str]], hours: float | None, why: str) -> str:
        """Close `roads` now, for `hours` (None: to the end); returns what changed."""
        model = self.model
        names = ", ".join(f"{a}-{b}" for a, b in roads)
        for a, b in roads:
            self.travel.close(a, b)
        for_how_long = f" for {hours:g} h" if hours is not None else ""
        model.log_event("road_closed", names, f"road {names} closed{for_how_long} ({why})")
        if hours is not None:
            call_later(model.env, hours * 60, lambda _event: self._reopen(roads, why))
        cut_off = self._roads_changed()
        reach = Phrase("cut off: {villages}", villages=Phrases(cut_off, ", ")) if cut_off else \
            Phrase("every village still reachable")
        if hours is None:
            return Phrase("road {roads} closed; {reach}", roads=names, reach=reach)
        return Phrase("road {roads} closed for {hours:g} h; {reach}", roads=names, hours=hours, reach=reach)

    def _reopen(self, roads: list[tuple[str, str]], why: str) -> None:
        for a, b in roads:
            self.travel.reopen(a, b)
        names = ", ".join(f"{a}-{b}" for a, b in roads)
        self.model.log_event("road_reopened", names, f"road {names} open again ({why})")
        self._roads_changed()

    def _roads_changed(self) -> list[str]:
        """Which villages are cut off now (logged as they change); held batches that can go
        now go. Returns the villages newly cut off."""
        model = self.model
        now = model.env.now
        main = self._main_piece()
        cut_off = [v.name for v in model.villages.values() if v.place.node not in main]
        newly = [name for name in cut_off if name not in self.cut_off]
        for name in newly:
            model.log_event("village_cut_off", name, f"{name} cut off by closed roads: "
                            "deliveries from stores outside it wait for a road")
        for name in self.cut_off:
            if name not in cut_off:
                model.log_event("village_reachable", name, f"{name} reachable by road again")
        self.cut_off = cut_off
        self.villages_cut_off.set(now, len(cut_off))
        model.delivery_group.roads_changed()
        return newly

    def _main_piece(self) -> set[str]:
        pieces = self.travel.open_pieces()
        if len(pieces) == 1:
            return pieces[0]
        store_nodes = [s.place.node for s in self.model.stores]
        return max(pieces, key=lambda piece: (sum(1 for n in store_nodes if n in piece),
                                              COMMAND_CENTRE in piece))

    def orders_held(self, orders) -> None:
        """These orders wait at their store for a road to their village (each counted once)."""
        for order in orders:
            if order.order_id not in self._blocked_order_ids:
                self._blocked_order_ids.add(order.order_id)
                self.orders_blocked += 1

    def kpis(self, now: float) -> dict:
        """The closures' KPIs; none in a town without a road network (its KPIs stay as
        they were)."""
        if not self.travel.has_network:
            return {}
        return {
            "orders_blocked_by_road": self.orders_blocked,
            "unreachable_village_hours": round(self.villages_cut_off.integral(now) / 60, 3),
        }
