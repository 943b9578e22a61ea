"""What goes wrong, when: a scenario's `[[disruptions]]` and a drill's injects of the same kind
act on the town through these functions, so a run, a sweep, a comparison and a drill mean the
same thing by "the market ships a third for two days".
"""

from __future__ import annotations

from agents.courier import unavailable
from sim.core.phrase import Phrase
from sim.core.units import MINUTES_PER_DAY
from sim.engine.callbacks import call_later


def supplier_outage(model, supplier, hours: float, capacity_share: float, why: str) -> str:
    """From now, for `hours`, `supplier` ships `capacity_share` of what it would."""
    now = model.env.now
    supplier.add_outage(now, now + hours * 60, capacity_share)
    what = Phrase("nothing") if capacity_share <= 0 else Phrase("{share:.0%} of what it would",
                                                                 share=capacity_share)
    model.log_event("supplier_outage", supplier.name,
                    f"{supplier.name} ships {what} for {hours:g} h ({why})")
    return Phrase("{supplier} ships {what} for {hours:g} h", supplier=supplier.name, what=what, hours=hours)


def close_road(model, village, roads: list[tuple[str, str]] | None, hours: float,
               detour_factor: float, why: str) -> str:
    """With a road network: `roads` (else every road of `village`) close for `hours`; without
    one: the last leg to `village` is `detour_factor` times as long."""
    travel = model.travel
    if travel.has_network:
        roads = roads or [tuple(edge) for edge in travel.roads_of(village.place.node)]
        return model.road_closures.close(roads, hours, why)
    village.road_closed(detour_factor)

    def reopen(_event):
        village.road_reopened()
        model.log_event("road_reopened", village.name, f"road to {village.name} open again")
    call_later(model.env, hours * 60, reopen)
    model.log_event("road_closed", village.name, f"road to {village.name} closed for {hours:g} h ({why})")
    return Phrase("road to {village} closed for {hours:g} h: the last leg is {factor:g} times as long",
                  village=village.name, hours=hours, factor=detour_factor)


def couriers_unavailable(model, share: float, days: float, disruption: int, why: str) -> str:
    """A share of the whitelisted couriers kept from work for `days`: those whose draws for
    the scenario's disruption number `disruption` are lowest (each courier's own, so which
    couriers stay away does not depend on their places in the list); each comes back when it
    is over."""
    whitelisted = [c for c in model.delivery_group.couriers if c.whitelisted]
    count = round(share * len(whitelisted))
    purpose = unavailable(disruption)
    drawn = [getattr(c.draws, purpose)() for c in whitelisted]
    lowest = sorted(range(len(whitelisted)), key=drawn.__getitem__)[:count]
    chosen = [whitelisted[i] for i in sorted(lowest)]
    for courier in chosen:
        courier.isolate_as_contact(days)
    model.log_event("couriers_unavailable", "couriers",
                    f"{len(chosen)} of {len(whitelisted)} couriers off duty for {days:g} days ({why})")
    return f"{len(chosen)} of {len(whitelisted)} couriers off duty for {days:g} days"


def demand_surge(model, village, share: float, over_minutes: float, extra_days: float, rng,
                 extra_order) -> list:
    """A share of `village`'s households each place an extra food order of `extra_days`, at a
    random time within `over_minutes` (`extra_order(household, days)` places it). Returns the
    households chosen."""
    households = [h for h in village.households if rng.random() < share]
    for household in households:
        at = float(rng.random() * over_minutes)
        call_later(model.env, at, lambda _event, h=household: extra_order(h, extra_days))
    return households


def schedule_disruptions(model) -> None:
    """Each of the scenario's disruptions, at its start."""
    for i, d in enumerate(model.spec.disruptions):
        call_later(model.env, d.start_day * MINUTES_PER_DAY,
                   lambda _event, d=d, i=i: _start(model, d, i))


def _start(model, d, index: int) -> None:
    why = f"disruption {index}"
    hours = d.days * 24
    if d.kind == "supplier_outage":
        supplier_outage(model, model.suppliers_by_name[d.supplier], hours, d.capacity_share, why)
    elif d.kind == "road_closed":
        village = model.villages[d.village] if d.village else None
        roads = [(d.from_, d.to)] if d.from_ else None
        close_road(model, village, roads, hours, d.detour_factor, why)
    elif d.kind == "couriers_unavailable":
        couriers_unavailable(model, d.share, d.days, index, why)
    elif d.kind == "demand_surge":
        rng = model.streams.generator(f"disruption.{index}")
        villages = ([model.villages[d.village]] if d.village
                    else [v for v in model.villages.values() if v.locked])
        chosen = 0
        for village in villages:
            if village.locked:
                chosen += len(demand_surge(model, village, d.share, d.days * MINUTES_PER_DAY,
                                           d.extra_basket_days, rng,
                                           lambda h, days: h.extra_food_order(days)))
        model.log_event("demand_surge", d.village or "town",
                        f"{chosen} households order extra over {d.days:g} days ({why})")
