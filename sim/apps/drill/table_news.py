"""What the table hears between decision points: every inject's message as it happens, and at
each decision point a summary of what happened since the last one (orders placed, delivered
and cancelled, the injects, and how the KPIs so far moved), so a table that only meets the
decisions still follows the exercise."""

from __future__ import annotations

from sim.core.i18n import N_
from sim.model.metrics import compute_kpis

# the KPIs the summary follows: (kpi key, what the table reads, unit)
FOLLOWED_KPIS = (("fill_rate", N_("fill rate"), ""), ("lead_time_minutes_p90", N_("lead time p90"), " min"),
                 ("channel_open_minutes_max", N_("slowest channel set-up"), " min"),
                 ("urgent_pickup_minutes_p90", N_("urgent pickup p90"), " min"),
                 ("stockout_store_hours", N_("stockout store-hours"), " h"))
UNITS = {"": "", " min": N_(" min"), " h": N_(" h")}


def announce_inject(time: str, inject, sp) -> str:
    """The inject as the table hears it, in the language of `sp`: when, what kind, where, and
    its message."""
    return sp.tr("\n[{time}] INJECT {inject} ({kind}: {target})\n  \"{message}\"").format(
        time=time, inject=inject.id, kind=sp.kind(inject.kind), target=sp.show(inject.target),
        message=sp.text(inject, "message"))


class NewsSinceLastDecision:
    """Counts kept at the last decision point (or the start), and the injects heard since."""

    def __init__(self):
        self.since_time = N_("the start")
        self.counts = {"placed": 0, "delivered": 0, "cancelled": 0}
        self.kpis: dict = {}
        self.injects: list[str] = []

    def inject_happened(self, inject_id: str) -> None:
        self.injects.append(inject_id)

    def summary(self, model, time: str, sp) -> str:
        """What happened since the last decision point, in the language of `sp`; the next
        summary starts from now."""
        tr = sp.tr
        stats = model.stats
        counts = {"placed": stats.orders_placed, "delivered": stats.orders_delivered,
                  "cancelled": stats.orders_cancelled}
        kpis = compute_kpis(model)
        moved = [_moved(tr(label), self.kpis.get(key), kpis.get(key), tr(UNITS[unit]) if unit else "", tr)
                 for key, label, unit in FOLLOWED_KPIS if kpis.get(key) is not None]
        since = tr(self.since_time) if self.since_time == "the start" else self.since_time
        changes = {"placed": counts["placed"] - self.counts["placed"],
                   "delivered": counts["delivered"] - self.counts["delivered"],
                   "cancelled": counts["cancelled"] - self.counts["cancelled"]}
        lines = [tr("Since {since}:").format(since=since),
                 tr("  orders placed {placed:,}, delivered {delivered:,}, cancelled {cancelled:,}").format(**changes),
                 tr("  injects: {injects}").format(injects=", ".join(self.injects) or tr("none")),
                 tr("  KPIs so far: {kpis}").format(kpis=tr("; ").join(moved) or tr("none yet"))]
        self.since_time, self.counts, self.kpis, self.injects = time, counts, kpis, []
        return "\n".join(lines)


def _moved(label: str, before, after, unit: str, tr) -> str:
    def shown(value) -> str:
        return f"{value:.1%}" if unit == "" else f"{value:g}{unit}"
    if before is None:
        return f"{label} {shown(after)}"
    if before == after:
        return tr("{label} {value} (unchanged)").format(label=label, value=shown(after))
    return f"{label} {shown(before)} -> {shown(after)}"
