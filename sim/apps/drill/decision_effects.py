"""The measured effect of a decision: one figure that the action should move, read when the
decision acts and again a while later, from the live model.

Each figure is the action's own result, not a town-wide total that everything else moves too:
what the store a delivery went to sold, the orders a reserve store took, the trips the new
couriers made, the orders the cap refused, the queue at the gate that got volunteers. Reading
the model changes nothing in it, so a drill with probes runs as one without.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sim.core.phrase import Phrase

EFFECT_WINDOW_HOURS = {"release_depot_stock": 24, "order_from_supplier": 24, "activate_reserve_store": 12,
                       "whitelist_couriers": 12, "cap_orders": 12, "move_volunteers": 6}


@dataclass
class Probe:
    """`read` gives the figure now; `expect` says which way the action should move it: "up" for
    a count that grows when the action works, "down" for a queue it should shorten."""

    what: str
    read: Callable[[], float]
    expect: str
    window_hours: float


def probe_for(model, option, outcome) -> Probe | None:
    """The figure that shows whether this decision did anything (None for "none" or a decision
    that could not act)."""
    if not outcome.acted:
        return None
    hours = EFFECT_WINDOW_HOURS[option.action]
    if option.action in ("release_depot_stock", "order_from_supplier"):
        store = model.stores_by_id[outcome.target]
        return Probe(Phrase("{category} sold by {store}", category=option.category, store=store.store_id),
                     lambda: store.units_sold.get(option.category, 0.0), "up", hours)
    if option.action == "activate_reserve_store":
        return _reserve_probe(model, option, hours)
    if option.action == "whitelist_couriers":
        new = model.delivery_group.couriers[outcome.couriers_before:]
        return Probe(Phrase("trips by the {couriers} new couriers", couriers=len(new)),
                     lambda: sum(c.trips for c in new), "up", hours)
    if option.action == "cap_orders":
        stats = model.stats
        return Probe(Phrase("food orders refused by the cap"), lambda: stats.food_orders_refused, "up", hours)
    if option.action == "move_volunteers":
        gate = model.villages[option.to_village].gate
        return Probe(Phrase("orders waiting at the {village} gate", village=option.to_village),
                     lambda: gate.orders_waiting, "down", hours)
    return None


def watch(model, decision: dict, probe: Probe):
    """A process that reads the figure now and after the window, into `decision`."""
    decision.update(effect_measure=probe.what, effect_expect=probe.expect,
                    effect_window_hours=probe.window_hours, effect_before=float(probe.read()),
                    effect_after=None)
    yield model.env.timeout(probe.window_hours * 60)
    decision["effect_after"] = float(probe.read())


def finish(decision: dict, probe: Probe, model) -> None:
    """At the end of the run: a window the horizon cut short is read now, and says so."""
    if decision.get("effect_measure") and decision.get("effect_after") is None:
        decision["effect_after"] = float(probe.read())
        decision["effect_window_hours"] = round((model.env.now - decision["minute"]) / 60, 1)


def _reserve_probe(model, option, hours: float) -> Probe:
    """Orders taken, since the decision, by the stores that came to serve the village after it
    (the reserve joins once its owner confirms, a few minutes later)."""
    village = model.villages[option.village]
    kind_stores = [s for s in model.stores if s.kind == option.store_kind]
    serving_then = {s.store_id for s in kind_stores if village in s.serves}
    taken_then = {s.store_id: sum(s.orders_by_day.values()) for s in kind_stores}

    def taken_by_new_stores() -> float:
        return sum(sum(s.orders_by_day.values()) - taken_then[s.store_id] for s in kind_stores
                   if village in s.serves and s.store_id not in serving_then)
    return Probe(Phrase("orders taken by the reserve {kind} for {village}", kind=option.store_kind,
                        village=village.name),
                 taken_by_new_stores, "up", hours)
