"""The drill's objectives, met or not, each with the figure that decides it.

Targets: channels open within 15 minutes of a lockdown and an urgent caller reached within
30 minutes (both from the article), a fill rate and a 90th-percentile lead time (ours).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.drill.spec import Objectives


@dataclass
class ObjectiveResult:
    objective: str
    title: str
    target: str
    figure: str
    met: bool | None  # None: nothing in the run tested it

    @property
    def verdict(self) -> str:
        return {True: "met", False: "not met", None: "not tested"}[self.met]


def evaluate(model, kpis: dict, targets: Objectives) -> list[ObjectiveResult]:
    stats = model.stats
    results = []

    locked = [v for v in model.villages.values() if v.lock_minute is not None]
    opened = stats.channel_open_minutes
    if locked:
        slow = [f"{v.name} {opened[v.name]:.1f} min" if v.name in opened else f"{v.name} never"
                for v in locked]
        worst = max((opened.get(v.name, float("inf")) for v in locked))
        results.append(ObjectiveResult(
            "channel_open", "Ordering channels open after a lockdown",
            f"all standard channels within {targets.channel_open_minutes:g} min",
            "; ".join(slow), worst <= targets.channel_open_minutes))
    else:
        results.append(ObjectiveResult("channel_open", "Ordering channels open after a lockdown",
                                       f"within {targets.channel_open_minutes:g} min", "no lockdown", None))

    pickups = [u[1] for u in stats.urgent]
    done_calls = len(stats.urgent)
    open_calls = stats.urgent_requests - done_calls
    if stats.urgent_requests:
        within = sum(1 for p in pickups if p <= targets.urgent_pickup_minutes)
        share = within / stats.urgent_requests
        slowest = max(pickups) if pickups else None
        figure = (f"{within} of {stats.urgent_requests} calls reached within "
                  f"{targets.urgent_pickup_minutes:g} min ({share:.0%})"
                  + (f"; slowest {slowest:.0f} min" if slowest is not None else "")
                  + (f"; {open_calls} still open at the end" if open_calls else ""))
        results.append(ObjectiveResult(
            "urgent_pickup", "Urgent medicine: staff at the door",
            f"{targets.urgent_within_share:.0%} of calls within {targets.urgent_pickup_minutes:g} min",
            figure, share >= targets.urgent_within_share))
    else:
        results.append(ObjectiveResult("urgent_pickup", "Urgent medicine: staff at the door",
                                       f"within {targets.urgent_pickup_minutes:g} min", "no urgent call", None))

    fill = kpis.get("fill_rate")
    results.append(ObjectiveResult(
        "fill_rate", "Fill rate (share of units asked for that were delivered)",
        f"at least {targets.fill_rate:.0%}",
        "no order closed" if fill is None else
        f"{fill:.1%} ({kpis['orders_delivered']:,} delivered, {kpis['orders_cancelled']:,} cancelled)",
        None if fill is None else fill >= targets.fill_rate))

    p90 = kpis.get("lead_time_minutes_p90")
    results.append(ObjectiveResult(
        "lead_time", "Lead time, order to door (90th percentile)",
        f"at most {targets.lead_time_p90_minutes:g} min",
        "no order delivered" if p90 is None else
        f"90th percentile {p90:.0f} min, median {kpis['lead_time_minutes_p50']:.0f} min",
        None if p90 is None else p90 <= targets.lead_time_p90_minutes))
    return results
