"""The situation at a decision point: only what the command centre's screens show at that
minute (open orders, waiting, stock, couriers, urgent calls), never anything from later."""

from __future__ import annotations

import datetime as dt

from agents.courier import COURIER_STATES
from sim.apps.drill.targets import describe_target
from sim.core.i18n import DATE_TIME_FORMAT

SITUATION_TIME = "%a %d %b %Y %H:%M"


def situation(model, inject=None) -> dict:
    """Figures as of now, from the live model; with the decision's inject, also the store each
    of its options would act on now (`option_targets`, option key -> what that store is)."""
    now = model.env.now
    villages = []
    for v in model.villages.values():
        if not v.locked:
            continue
        villages.append({
            "village": v.name,
            "locked_for_hours": round((now - v.lock_minute) / 60, 1),
            "channels_open": sorted(v.channel_open_minute),
            "orders_waiting": v.orders_open,
            "orders_at_gate": v.gate.orders_waiting,
            "gate_volunteers": v.gate.volunteers,
            "road_detour_factor": v.road_detour_factor,
        })
        if model.travel.has_network:
            villages[-1]["cut_off_by_road"] = v.name in model.road_closures.cut_off
    stores = []
    for s in model.stores:
        if not s.active and not (s.closed and s.serves):
            continue
        lowest = min(s.categories, key=lambda c: s.stock[c] / s.shelf_capacity[c] if s.shelf_capacity[c] else 1)
        cap = s.shelf_capacity[lowest]
        stores.append({
            "store": s.store_id, "kind": s.kind, "closed": s.closed,
            "serves": [v.name for v in s.serves],
            "orders_in_picking": s.pickers.backlog,
            "lowest_category": lowest,
            "lowest_unit": model.goods.unit_of(lowest),
            "lowest_stock": round(s.stock[lowest], 1),
            "lowest_stock_share": round(s.stock[lowest] / cap, 2) if cap else None,
        })
    urgent_done = len(model.stats.urgent)
    pickups = sorted(u[1] for u in model.stats.urgent)
    return {
        "minute": now,
        "time": model.clock.to_datetime(now).strftime(SITUATION_TIME),
        "orders_open": len(model.platform.open_orders),
        "orders_waiting_at_stores": sum(s.pickers.backlog for s in model.stores),
        "orders_waiting_for_courier": model.delivery_group.orders_waiting_for_courier(),
        "orders_delivered": model.stats.orders_delivered,
        "orders_cancelled": model.stats.orders_cancelled,
        "villages": villages,
        "stores": stores,
        "couriers": {state: model.delivery_group.roster.counts[state] for state in COURIER_STATES},
        "urgent_calls": model.stats.urgent_requests,
        "urgent_open": model.stats.urgent_requests - urgent_done,
        "urgent_slowest_pickup_minutes": round(pickups[-1], 1) if pickups else None,
        "suppliers_in_outage": [s.name for s in model.suppliers if s.capacity_share(now) < 1],
        "depot_stock": ({c: round(u) for c, u in model.depot.stock.items()} if model.depot.exists else None),
        "option_targets": {o.key: describe_target(model, o.store)
                           for o in (inject.options if inject is not None else []) if o.store is not None},
    }


def format_situation(sit: dict, sp=None) -> str:
    """The situation as a trainer would read it out, in the language of `sp` (a Speaker;
    None: English, names as they are)."""
    if sp is None:
        from sim.apps.drill.language import Speaker

        sp = Speaker(None, "en")
    tr, show = sp.tr, sp.show
    at = dt.datetime.strptime(sit["time"], SITUATION_TIME)
    lines = [tr("Situation at {time}").format(time=f"{at:{DATE_TIME_FORMAT[sp.lang]}}" if sp.zh else sit["time"]),
             tr("  orders open {open} (at stores {at_stores}, waiting for a courier {for_courier}); delivered so far "
                "{delivered}, cancelled {cancelled}").format(
                 open=sit["orders_open"], at_stores=sit["orders_waiting_at_stores"],
                 for_courier=sit["orders_waiting_for_courier"], delivered=sit["orders_delivered"],
                 cancelled=sit["orders_cancelled"])]
    for v in sit["villages"]:
        road = tr(", road detour x{factor:g}").format(factor=v["road_detour_factor"]) \
            if v["road_detour_factor"] != 1 else ""
        road += tr(", CUT OFF by closed roads") if v.get("cut_off_by_road") else ""
        lines.append(tr("  {village}: locked {hours} h, channels {channels}; {waiting} orders waiting, "
                        "{at_gate} at the gate with {volunteers} volunteers{road}").format(
            village=show(v["village"]), hours=v["locked_for_hours"],
            channels=sp.names(v["channels_open"]) or tr("none yet"), waiting=v["orders_waiting"],
            at_gate=v["orders_at_gate"], volunteers=v["gate_volunteers"], road=road))
    for s in sit["stores"]:
        if s["closed"]:
            lines.append(tr("  store {store} ({kind}): CLOSED").format(store=show(s["store"]), kind=show(s["kind"])))
            continue
        share = "" if s["lowest_stock_share"] is None else \
            tr(" ({share:.0%} of shelf)").format(share=s["lowest_stock_share"])
        unit = s.get("lowest_unit", "units")
        lines.append(tr("  store {store} ({kind}, serves {serves}): {picking} orders in picking; lowest {category} "
                        "{stock:g} {unit}{share}").format(
            store=show(s["store"]), kind=show(s["kind"]), serves=sp.names(s["serves"]),
            picking=s["orders_in_picking"], category=show(s["lowest_category"]), stock=s["lowest_stock"],
            unit=tr(unit), share=share))
    c = sit["couriers"]
    lines.append(tr("  couriers: {on_trip} on trips, {idle} idle, {testing} testing, {onboarding} onboarding, "
                    "{removed} removed").format(**c))
    slowest = sit["urgent_slowest_pickup_minutes"]
    lines.append(tr("  urgent medicine calls: {calls} so far, {open} open now").format(
        calls=sit["urgent_calls"], open=sit["urgent_open"])
        + (tr(", slowest pickup {minutes:g} min").format(minutes=slowest) if slowest is not None else ""))
    if sit["suppliers_in_outage"]:
        lines.append(tr("  suppliers not shipping: {suppliers}").format(suppliers=sp.names(sit["suppliers_in_outage"])))
    if sit["depot_stock"] is not None:
        lines.append(tr("  depot: {stock}").format(stock=tr(", ").join(
            f"{show(c)} {u:,}" for c, u in sit["depot_stock"].items())))
    return "\n".join(lines)
