"""The figures a live drill's pages show, read from the model (reading changes nothing in it).

`stock_report` and `roll_call` are taken at their minutes and shown until the next one (a
role's delayed picture; `FiguresTaken` keeps them); the facilitator's page reads them afresh.
`live_figures` is one point of the facilitator's charts, once per reporting tick.
"""

from __future__ import annotations

from collections import Counter

from agents.courier import COURIER_STATES, ON_TRIP


def _time(model, minute: float) -> str:
    return model.clock.to_datetime(minute).strftime("%a %d %b %H:%M")


def stock_report(model) -> dict:
    """Every store's stock (share of its shelves per category), backlog and whom it serves."""
    stores = []
    for s in model.stores:
        shares = {c: round(s.stock[c] / s.shelf_capacity[c], 3) if s.shelf_capacity[c] else None
                  for c in s.categories}
        known = [v for v in shares.values() if v is not None]
        stores.append({"id": s.store_id, "kind": s.kind, "village": s.home.name, "closed": s.closed,
                       "serves": [v.name for v in s.serves], "backlog": s.pickers.backlog,
                       "stock": {c: round(s.stock[c], 1) for c in s.categories},
                       "stock_share": shares, "lowest_share": min(known) if known else None})
    depot = ({c: round(u) for c, u in model.depot.stock.items()} if model.depot.exists else None)
    return {"minute": model.env.now, "time": _time(model, model.env.now), "stores": stores, "depot": depot}


def roll_call(model) -> dict:
    """Couriers by state, couriers on a trip per village, and the queues they serve."""
    group = model.delivery_group
    heading = Counter(getattr(c, "trip_to", None) for c in group.couriers if c.state == ON_TRIP)
    return {"minute": model.env.now, "time": _time(model, model.env.now),
            "couriers": {state: group.roster.counts[state] for state in COURIER_STATES},
            "on_trip_to": {name: n for name, n in heading.items() if name is not None},
            "orders_waiting_for_courier": group.orders_waiting_for_courier(),
            "gates": [{"village": v.name, "orders_at_gate": v.gate.orders_waiting,
                       "volunteers": v.gate.volunteers} for v in model.villages.values() if v.locked]}


def villages(model) -> list[dict]:
    """Each village: where, locked or not, which channels are open, its orders waiting."""
    standard = model.spec.standard_kinds
    out = []
    for v in model.villages.values():
        channels = sorted(v.channel_open_minute)
        state = ("normal" if not v.locked else
                 "channels open" if all(k in channels for k in standard) else "locked")
        out.append({"name": v.name, "x_km": v.x_km, "y_km": v.y_km, "population": v.population,
                    "locked": v.locked, "state": state, "channels_open": channels,
                    "locked_minutes": round(model.env.now - v.lock_minute, 1) if v.locked else None,
                    "orders_waiting": v.orders_open})
    return out


def urgent_calls(model) -> dict:
    stats = model.stats
    pickups = sorted(u[1] for u in stats.urgent)
    return {"calls": stats.urgent_requests, "open": stats.urgent_requests - len(stats.urgent),
            "reached": len(pickups), "slowest_pickup_minutes": round(pickups[-1], 1) if pickups else None,
            "median_pickup_minutes": round(pickups[len(pickups) // 2], 1) if pickups else None}


def live_figures(model) -> dict:
    """One point of the facilitator's charts: cheap running figures, no KPI computation."""
    stats = model.stats
    delivered = sum(stats.units_delivered_by_category.values())
    counts = model.delivery_group.roster.counts
    return {"minute": model.env.now,
            "fill_rate": round(delivered / stats.units_requested, 4) if stats.units_requested else None,
            "orders_open": len(model.platform.open_orders),
            "orders_delivered": stats.orders_delivered, "orders_cancelled": stats.orders_cancelled,
            "couriers_idle": counts["idle"], "couriers_on_trip": counts[ON_TRIP],
            "urgent_open": stats.urgent_requests - len(stats.urgent)}


class FiguresTaken:
    """The figures the pages show as the clock passes: each report taken at its minute and shown
    until the next (every `[web] stock_report_minutes` and `roll_call_minutes`), and the
    facilitator's chart, a point per reporting tick."""

    def __init__(self, web):
        self.web = web
        self.reports: dict[str, dict] = {}  # "stock", "roll_call" -> the last one taken
        self.chart: list[dict] = []
        self.next_minutes = {"stock": 0.0, "roll_call": 0.0}

    def take_due(self, model) -> None:
        """The reports whose minute has come."""
        now = model.env.now
        if now >= self.next_minutes["stock"]:
            self.reports["stock"] = stock_report(model)
            self.next_minutes["stock"] = now + self.web.stock_report_minutes
        if now >= self.next_minutes["roll_call"]:
            self.reports["roll_call"] = roll_call(model)
            self.next_minutes["roll_call"] = now + self.web.roll_call_minutes

    def ticked(self, model) -> None:
        self.chart.append(live_figures(model))
