"""The knee of cost against unmet need: along the cost-service Pareto front, what each step up
in cost buys (service gained per yuan), and the point past which more money buys little.

A planner reads the front from the cheapest policy up. Between two neighbours on it the
marginal benefit is the service gained over the extra cost; the knee is where that falls off.
It is found as Kneedle does (Satopaa, Albrecht, Irwin and Raghavan 2011): cost and the gain
over the cheapest policy are each scaled to 0..1 over the front, and the knee is the point
farthest above the diagonal (largest scaled gain less scaled cost). A front that gains about
in step with its cost (or gains more the more is spent) has no knee: nothing is farther above
the diagonal than `KNEE_MIN_LIFT`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.apps.compare.robust import pareto_front

KNEE_MIN_LIFT = 0.1  # of the scaled axes: below this, the front is about a straight line
MARGINAL_COLUMNS = ["from_policy", "to_policy", "extra_cost", "service_gain",
                    "gain_per_yuan", "lift"]


@dataclass(frozen=True)
class Knee:
    """The knee of the front (None when it has none), the front in order of cost, each step's
    marginal benefit (`steps`, MARGINAL_COLUMNS) and the knee's lift above the diagonal."""

    policy: str | None
    front: list[str]
    steps: pd.DataFrame
    lift: float


def knee_of_front(points: pd.DataFrame, service_goal: str) -> Knee:
    """`points`: indexed by policy, columns `cost` and `service` (pooled means)."""
    front = sorted(pareto_front(points, service_goal),
                   key=lambda p: (points.loc[p, "cost"], list(points.index).index(p)))
    sign = 1.0 if service_goal == "max" else -1.0
    cost = [float(points.loc[p, "cost"]) for p in front]
    gain = [sign * (float(points.loc[p, "service"]) - float(points.loc[front[0], "service"]))
            for p in front] if front else []
    lifts = _lifts(cost, gain)
    rows = []
    for i in range(1, len(front)):
        extra, gained = cost[i] - cost[i - 1], gain[i] - gain[i - 1]
        rows.append({"from_policy": front[i - 1], "to_policy": front[i], "extra_cost": extra,
                     "service_gain": gained,
                     "gain_per_yuan": gained / extra if extra > 0 else math.nan,
                     "lift": lifts[i]})
    steps = pd.DataFrame(rows, columns=MARGINAL_COLUMNS)
    if len(front) < 3:
        return Knee(None, front, steps, 0.0)
    best = max(range(len(front)), key=lambda i: (lifts[i], -i))
    if lifts[best] < KNEE_MIN_LIFT:
        return Knee(None, front, steps, lifts[best])
    return Knee(front[best], front, steps, lifts[best])


def _lifts(cost: list[float], gain: list[float]) -> list[float]:
    """Each point's scaled gain less its scaled cost (0 at both ends of the front)."""
    if len(cost) < 2 or cost[-1] <= cost[0] or gain[-1] <= 0:
        return [0.0] * len(cost)
    return [(g / gain[-1]) - (c - cost[0]) / (cost[-1] - cost[0])
            for c, g in zip(cost, gain, strict=True)]
