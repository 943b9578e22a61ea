"""Busy and available minutes of each resource class, and where an order's time goes.

The sources of the utilization KPIs and of the run report's "what limits deliveries" section.
A class's available minutes count only while it has work it could do: pickers while their store
serves a locked village (or works off a released one's orders), gate volunteers likewise for
their village, couriers while on the whitelist and on duty (idle or on a trip) from the first
channel opening, coordinators from the first lockdown on, in their working hours, and
urgent-medicine staff while their desk is posted, in their hours on the days their rota works.
Busy minutes are the minutes spent serving in that time.
"""

from __future__ import annotations

from sim.core.statistics import rounded

RESOURCE_CLASSES = ("coordinator", "picker", "courier", "gate_volunteer", "urgent_staff")


def resource_minutes(model) -> dict[str, tuple[float, float]]:
    """Class -> (busy minutes, available minutes) from the start of the run to now."""
    now = model.env.now
    cc = model.command_centre
    since = cc.first_lockdown_minute

    def staffed(hours) -> float:
        return hours.minutes_on_duty(since, now) if since is not None else 0.0

    roster = model.delivery_group.roster
    gates = [v.gate for v in model.villages.values()]
    first_open = model.stats.courier_integrals_at_first_open  # couriers count from then
    trip0, duty0 = first_open if first_open is not None else (0.0, 0.0)
    couriers = ((roster.on_trip.integral(now) - trip0, roster.on_duty.integral(now) - duty0)
                if first_open is not None else (0.0, 0.0))
    return {
        "coordinator": (cc.coordinators_busy.integral(now),
                        cc.coordinators.capacity * staffed(cc.coordinator_hours)),
        "picker": (sum(s.pickers.busy_minutes_until(now) for s in model.stores),
                   sum(s.picker_capacity.integral(now) for s in model.stores)),
        "courier": couriers,
        "gate_volunteer": (sum(g.team.busy_minutes_until(now) for g in gates),
                           sum(g.volunteer_capacity.integral(now) for g in gates)),
        "urgent_staff": (cc.urgent_staff_busy.integral(now), cc.urgent.desks.available_minutes(now)),
    }


def utilization(busy: float, available: float) -> float | None:
    return busy / available if available > 0 else None


class ResourceUse:
    """Every resource class's busy and available minutes, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """Each class's utilization (`sim/core/kpi_registry.py`); couriers' is 0 before any
        channel opened, the others' None while they had no minute available."""
        use = resource_minutes(self.model)
        figures = {"courier_utilization": rounded(utilization(*use["courier"]) or 0.0, 4)}
        for c in RESOURCE_CLASSES:
            if c != "courier":
                figures[f"{c}_utilization"] = rounded(utilization(*use[c]), 4)
        return figures
