"""The drill's objectives, met or not, each with the figure that decides it.

Targets: channels open within 15 minutes of a lockdown and an urgent caller reached within
30 minutes (both from the article), a fill rate and a 90th-percentile lead time (ours).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.apps.drill.spec import Objectives
from sim.core.i18n import N_
from sim.core.phrase import Phrase, Phrases


@dataclass
class ObjectiveResult:
    """Texts are Phrases: English as written, said again in the report's language."""

    objective: str
    title: str
    target: str
    figure: str
    met: bool | None  # None: nothing in the run tested it

    @property
    def verdict(self) -> str:
        return {True: N_("met"), False: N_("not met"), None: N_("not tested")}[self.met]


TITLES = {"channel_open": N_("Ordering channels open after a lockdown"),
          "urgent_pickup": N_("Urgent medicine: staff at the door"),
          "fill_rate": N_("Fill rate (share of units asked for that were delivered)"),
          "lead_time": N_("Lead time, order to door (90th percentile)")}


def evaluate(model, kpis: dict, targets: Objectives) -> list[ObjectiveResult]:
    stats = model.stats
    results = []

    locked = [v for v in model.villages.values() if v.lock_minute is not None]
    opened = stats.channel_open_minutes
    if locked:
        slow = Phrases([Phrase("{village} {minutes:.1f} min", village=v.name, minutes=opened[v.name])
                        if v.name in opened else Phrase("{village} never", village=v.name) for v in locked])
        worst = max((opened.get(v.name, float("inf")) for v in locked))
        results.append(ObjectiveResult(
            "channel_open", TITLES["channel_open"],
            Phrase("all standard channels within {minutes:g} min", minutes=targets.channel_open_minutes),
            slow, worst <= targets.channel_open_minutes))
    else:
        results.append(ObjectiveResult("channel_open", TITLES["channel_open"],
                                       Phrase("within {minutes:g} min", minutes=targets.channel_open_minutes),
                                       Phrase("no lockdown"), None))

    pickups = [u[1] for u in stats.urgent]
    done_calls = len(stats.urgent)
    open_calls = stats.urgent_requests - done_calls
    if stats.urgent_requests:
        within = sum(1 for p in pickups if p <= targets.urgent_pickup_minutes)
        share = within / stats.urgent_requests
        slowest = max(pickups) if pickups else None
        parts = [Phrase("{within} of {calls} calls reached within {minutes:g} min ({share:.0%})",
                        within=within, calls=stats.urgent_requests,
                        minutes=targets.urgent_pickup_minutes, share=share)]
        if slowest is not None:
            parts.append(Phrase("slowest {minutes:.0f} min", minutes=slowest))
        if open_calls:
            parts.append(Phrase("{calls} still open at the end", calls=open_calls))
        results.append(ObjectiveResult(
            "urgent_pickup", TITLES["urgent_pickup"],
            Phrase("{share:.0%} of calls within {minutes:g} min", share=targets.urgent_within_share,
                   minutes=targets.urgent_pickup_minutes),
            Phrases(parts), share >= targets.urgent_within_share))
    else:
        results.append(ObjectiveResult("urgent_pickup", TITLES["urgent_pickup"],
                                       Phrase("within {minutes:g} min", minutes=targets.urgent_pickup_minutes),
                                       Phrase("no urgent call"), None))

    fill = kpis.get("fill_rate")
    results.append(ObjectiveResult(
        "fill_rate", TITLES["fill_rate"],
        Phrase("at least {share:.0%}", share=targets.fill_rate),
        Phrase("no order closed") if fill is None else
        Phrase("{fill:.1%} ({delivered:,} delivered, {cancelled:,} cancelled)", fill=fill,
               delivered=kpis["orders_delivered"], cancelled=kpis["orders_cancelled"]),
        None if fill is None else fill >= targets.fill_rate))

    p90 = kpis.get("lead_time_minutes_p90")
    results.append(ObjectiveResult(
        "lead_time", TITLES["lead_time"],
        Phrase("at most {minutes:g} min", minutes=targets.lead_time_p90_minutes),
        Phrase("no order delivered") if p90 is None else
        Phrase("90th percentile {p90:.0f} min, median {p50:.0f} min", p90=p90,
               p50=kpis["lead_time_minutes_p50"]),
        None if p90 is None else p90 <= targets.lead_time_p90_minutes))
    return results
