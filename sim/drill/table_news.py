"""What the table hears between decision points: every inject's message as it happens, and at
each decision point a summary of what happened since the last one (orders placed, delivered
and cancelled, the injects, and how the KPIs so far moved), so a table that only meets the
decisions still follows the exercise."""

from __future__ import annotations

from sim.metrics import compute_kpis

# the KPIs the summary follows: (kpi key, what the table reads, unit)
FOLLOWED_KPIS = (("fill_rate", "fill rate", ""), ("lead_time_minutes_p90", "lead time p90", " min"),
                 ("channel_open_minutes_max", "slowest channel set-up", " min"),
                 ("urgent_pickup_minutes_p90", "urgent pickup p90", " min"),
                 ("stockout_store_hours", "stockout store-hours", " h"))


def announce_inject(time: str, inject) -> str:
    """The inject as the table hears it: when, what kind, where, and its message."""
    return (f"\n[{time}] INJECT {inject.id} ({inject.kind.replace('_', ' ')}: {inject.target})\n"
            f"  \"{inject.message}\"")


class NewsSinceLastDecision:
    """Counts kept at the last decision point (or the start), and the injects heard since."""

    def __init__(self):
        self.since_time = "the start"
        self.counts = {"placed": 0, "delivered": 0, "cancelled": 0}
        self.kpis: dict = {}
        self.injects: list[str] = []

    def inject_happened(self, inject_id: str) -> None:
        self.injects.append(inject_id)

    def summary(self, model, time: str) -> str:
        """What happened since the last decision point; the next summary starts from now."""
        stats = model.stats
        counts = {"placed": stats.orders_placed, "delivered": stats.orders_delivered,
                  "cancelled": stats.orders_cancelled}
        kpis = compute_kpis(model)
        moved = [_moved(label, self.kpis.get(key), kpis.get(key), unit)
                 for key, label, unit in FOLLOWED_KPIS if kpis.get(key) is not None]
        lines = [f"Since {self.since_time}:",
                 "  orders " + ", ".join(f"{what} {counts[what] - self.counts[what]:,}" for what in counts),
                 f"  injects: {', '.join(self.injects) or 'none'}",
                 "  KPIs so far: " + ("; ".join(moved) or "none yet")]
        self.since_time, self.counts, self.kpis, self.injects = time, counts, kpis, []
        return "\n".join(lines)


def _moved(label: str, before, after, unit: str) -> str:
    def shown(value) -> str:
        return f"{value:.1%}" if unit == "" else f"{value:g}{unit}"
    if before is None:
        return f"{label} {shown(after)}"
    if before == after:
        return f"{label} {shown(after)} (unchanged)"
    return f"{label} {shown(before)} -> {shown(after)}"
