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

    calls = urgent_calls(stats, model.env.now, targets.urgent_pickup_minutes)
    if calls.requests:
        parts = [Phrase("{within} of {calls} calls reached within {minutes:g} min ({share:.0%})",
                        within=calls.within, calls=calls.decided,
                        minutes=targets.urgent_pickup_minutes, share=calls.share)]
        if calls.care_trips:
            parts.append(Phrase("{trips} of them trips to a doctor", trips=calls.care_trips))
        if calls.slowest is not None:
            parts.append(Phrase("slowest {minutes:.0f} min", minutes=calls.slowest))
        if calls.not_reached:
            parts.append(Phrase("{calls} not reached at the end", calls=calls.not_reached))
        results.append(ObjectiveResult(
            "urgent_pickup", TITLES["urgent_pickup"],
            Phrase("{share:.0%} of calls within {minutes:g} min", share=targets.urgent_within_share,
                   minutes=targets.urgent_pickup_minutes),
            Phrases(parts), calls.share >= targets.urgent_within_share))
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


@dataclass
class UrgentCalls:
    """The urgent calls as kpis.json counts them: medicine and care calls alike, a call counted
    reached once staff were at the door (finished or not), and a call still waiting but younger
    than the target left out (its answer is not known yet)."""

    requests: int
    decided: int
    within: int
    not_reached: int
    care_trips: int
    slowest: float | None

    @property
    def share(self) -> float:
        return self.within / self.decided if self.decided else 1.0


def urgent_calls(stats, now: float, target_minutes: float) -> UrgentCalls:
    reached, waiting = stats.urgent_door_minutes(now)
    undecided = sum(1 for age in waiting if age < target_minutes)
    return UrgentCalls(stats.urgent_requests, stats.urgent_requests - undecided,
                       sum(1 for m in reached if m <= target_minutes), len(waiting) - undecided,
                       len(stats.urgent_care) + len(stats.urgent_care_open),
                       max(reached) if reached else None)
