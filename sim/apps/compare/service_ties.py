"""Which policies are as good as the best on the study's service KPI over every condition, at
the precision the runs have and to the KPI's indifference zone; and whether any service
difference from the baseline is clear at all.

Each (condition, replication) is one paired row: every policy of a condition ran on the same
random numbers, so a policy's shortfall from the best is judged on the paired differences
pooled over the conditions. A policy is tied with the best when no other is shown to beat it
by more than the zone (`near_best`: its shortfall is within the 95% Bonferroni half-width plus
the zone). A difference smaller than the zone is no difference, and a difference the runs
cannot tell from chance is not one either: "indistinguishable at this precision".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.apps.compare.indifference import indifference_zone
from sim.apps.compare.plots import SIGNIFICANT
from sim.apps.compare.statistics import near_best, paired_values


@dataclass(frozen=True)
class ServiceTies:
    """`tied`: the policies as good as the best (spec order), `best` the best pooled mean's,
    `cheapest` the cheapest of the tied (None without costs), `zone` the indifference used
    (`zone_from_spec`: the spec's, else the default for the KPI's unit), `n` paired rows."""

    tied: list[str]
    best: str
    cheapest: str | None
    zone: float
    zone_from_spec: bool
    n: int


def pooled_paired(runs: pd.DataFrame, manifest: dict, kpi: str) -> pd.DataFrame:
    """A row per (condition, replication) that every policy finished, a column per policy."""
    names = manifest["policy_names"]
    parts = []
    for s, _scenario in enumerate(manifest["scenarios"]):
        wide = paired_values(runs, s, kpi)
        if len(wide.columns) == len(names):
            parts.append(wide.reset_index(drop=True))
    if not parts:
        return pd.DataFrame(columns=names)
    pooled = pd.concat(parts, ignore_index=True)
    pooled.columns = [names[int(p)] for p in pooled.columns]
    return pooled


def service_ties(pooled: pd.DataFrame, kpi: dict, baseline: str,
                 costs: pd.Series | None) -> ServiceTies | None:
    """The tie over the conditions on `kpi` (a spec KPI as a dict: name, goal, indifference);
    `costs` the pooled cost by policy, or None. None when nothing was paired."""
    if pooled.empty:
        return None
    means = pooled.mean(axis=0)
    best = means.idxmax() if kpi["goal"] == "max" else means.idxmin()
    zone = indifference_zone(kpi, float(means.get(baseline, math.nan)), means.tolist())
    tied = near_best(pooled, kpi["goal"], zone.value)
    order = list(pooled.columns)
    cheapest = None
    if costs is not None:
        cheapest = min(tied, key=lambda p: (float(costs.get(p, math.inf)), order.index(p)))
    return ServiceTies(tied, best, cheapest, zone.value, zone.from_spec, len(pooled))


def from_size_up(tied: list[str], sizes: dict[str, float]) -> str | None:
    """The smallest tied policy when the tie is every policy of that size or more (a size for
    every policy given), else None."""
    if not tied or any(sizes.get(p) is None for p in sizes) or not sizes:
        return None
    smallest = min(tied, key=lambda p: sizes[p])
    upward = {p for p, size in sizes.items() if size >= sizes[smallest]}
    return smallest if upward == set(tied) else None


def clear_service_differences(comparison: pd.DataFrame, service: str, baseline: str) -> pd.DataFrame:
    """The comparison's rows on `service` (not the baseline's) whose Holm-adjusted p-value is
    below SIGNIFICANT: the differences from the baseline the runs show."""
    rows = comparison[(comparison["kpi"] == service) & (comparison["policy"] != baseline)]
    return rows[rows["p_holm"] < SIGNIFICANT]
