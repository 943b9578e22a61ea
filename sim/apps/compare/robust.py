"""Robust choice over many conditions: each policy's regret in each condition, the
minimax-regret choice, the share of conditions in which a policy meets the planner's thresholds
(satisficing), the cost-against-service Pareto front and the recommendation drawn from them.

A condition's figure for a policy is its mean over the replications every policy finished
(paired, as the rest of the comparison), so every policy of a condition is judged on the same
random numbers. Regret of a policy in a condition, for a KPI, is how far its mean falls short of
the best policy's mean there, by the KPI's goal (0 for the best); a policy's maximum regret is
its worst shortfall over the conditions, and the minimax-regret choice is the policy whose
maximum regret is smallest (ties: the smaller mean regret, then the spec's order).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.apps.compare.statistics import paired_values

REGRET_COLUMNS = ["scenario", "policy", "kpi", "mean", "best", "regret"]
ROBUST_COLUMNS = ["policy", "kpi", "max_regret", "mean_regret", "satisficing_share",
                  "minimax_choice"]


def condition_means(runs: pd.DataFrame, manifest: dict, kpis: list[str]) -> pd.DataFrame:
    """A row per condition, policy and KPI: the mean over the replications every policy of the
    condition finished (`n` of them)."""
    policies = manifest["policy_names"]
    rows = []
    for s, scenario in enumerate(manifest["scenarios"]):
        for kpi in kpis:
            wide = paired_values(runs, s, kpi)
            for p, policy in enumerate(policies):
                values = wide[p].to_numpy(dtype=float) if p in wide else np.array([])
                rows.append({"scenario": scenario, "policy": policy, "kpi": kpi,
                             "n": len(values),
                             "mean": float(values.mean()) if len(values) else math.nan})
    return pd.DataFrame(rows, columns=["scenario", "policy", "kpi", "n", "mean"])


def regret_table(means: pd.DataFrame, goals: dict[str, str]) -> pd.DataFrame:
    """`regret.csv`: per condition, policy and KPI, the best policy's mean there and the
    policy's regret (its shortfall from the best by the KPI's goal; NaN where a mean is)."""
    rows = []
    for (scenario, kpi), group in means.groupby(["scenario", "kpi"], sort=False):
        values = group["mean"]
        best = values.min() if goals[kpi] == "min" else values.max()
        for _, row in group.iterrows():
            shortfall = row["mean"] - best if goals[kpi] == "min" else best - row["mean"]
            rows.append({"scenario": scenario, "policy": row["policy"], "kpi": kpi,
                         "mean": row["mean"], "best": best, "regret": float(shortfall)})
    return pd.DataFrame(rows, columns=REGRET_COLUMNS)


def meets_thresholds(means: pd.DataFrame, thresholds: dict) -> pd.DataFrame:
    """Per condition and policy: whether its means meet every threshold (`meets`), and the
    KPIs whose threshold it misses (`misses`, joined by '; '). No thresholds: every policy
    meets them everywhere."""
    rows = []
    for (scenario, policy), group in means.groupby(["scenario", "policy"], sort=False):
        by_kpi = dict(zip(group["kpi"], group["mean"], strict=True))
        misses = [k for k, t in thresholds.items() if not t.met_by(by_kpi.get(k, math.nan))]
        rows.append({"scenario": scenario, "policy": policy, "meets": not misses,
                     "misses": "; ".join(misses)})
    return pd.DataFrame(rows, columns=["scenario", "policy", "meets", "misses"])


def minimax_choice(regret: pd.DataFrame, kpi: str, policies: list[str]) -> str | None:
    """The policy with the smallest maximum regret on `kpi` over the conditions (ties: the
    smaller mean regret, then the first in `policies`); None when no regret is known."""
    rows = regret[regret["kpi"] == kpi].dropna(subset=["regret"])
    if rows.empty:
        return None
    summary = rows.groupby("policy")["regret"].agg(["max", "mean"])
    order = {p: i for i, p in enumerate(policies)}
    ranked = sorted(summary.index, key=lambda p: (summary.loc[p, "max"], summary.loc[p, "mean"],
                                                  order.get(p, len(order))))
    return ranked[0]


def robust_table(regret: pd.DataFrame, meets: pd.DataFrame, policies: list[str],
                 kpis: list[str]) -> pd.DataFrame:
    """`robust.csv`: per policy and KPI its maximum and mean regret over the conditions, the
    share of conditions in which it meets every threshold, and whether it is the KPI's
    minimax-regret choice."""
    share = meets.groupby("policy")["meets"].mean()
    rows = []
    for kpi in kpis:
        choice = minimax_choice(regret, kpi, policies)
        rows_kpi = regret[regret["kpi"] == kpi]
        for policy in policies:
            values = rows_kpi.loc[rows_kpi["policy"] == policy, "regret"].dropna()
            rows.append({"policy": policy, "kpi": kpi,
                         "max_regret": float(values.max()) if len(values) else math.nan,
                         "mean_regret": float(values.mean()) if len(values) else math.nan,
                         "satisficing_share": float(share.get(policy, math.nan)),
                         "minimax_choice": policy == choice})
    return pd.DataFrame(rows, columns=ROBUST_COLUMNS)


def pareto_front(points: pd.DataFrame, service_goal: str) -> list[str]:
    """Policies (`points` indexed by policy, columns `cost` and `service`) that no other
    policy dominates: none is at least as cheap and at least as good a service, and strictly
    better on one. Lower cost is better; service by its goal."""
    sign = 1.0 if service_goal == "min" else -1.0
    cost = points["cost"].to_numpy(dtype=float)
    service = points["service"].to_numpy(dtype=float) * sign  # lower is better from here
    front = []
    for i, policy in enumerate(points.index):
        if math.isnan(cost[i]) or math.isnan(service[i]):
            continue
        dominated = any(cost[j] <= cost[i] and service[j] <= service[i]
                        and (cost[j] < cost[i] or service[j] < service[i])
                        for j in range(len(points)) if j != i
                        and not (math.isnan(cost[j]) or math.isnan(service[j])))
        if not dominated:
            front.append(policy)
    return front


def pooled_points(means: pd.DataFrame, cost: str, service: str) -> pd.DataFrame:
    """Each policy's mean cost and service over every condition (the conditions weighted
    equally), indexed by policy in the spec's order."""
    wide = means[means["kpi"].isin([cost, service])].pivot_table(
        index="policy", columns="kpi", values="mean", aggfunc="mean", sort=False)
    return pd.DataFrame({"cost": wide[cost], "service": wide[service]})


@dataclass(frozen=True)
class Recommendation:
    """The policy recommended and why: the best satisficing share, then the lowest pooled
    cost among the policies with it (a policy that meets the planner's thresholds in the most
    conditions, at the least cost); with no condition met by any policy, the minimax-regret
    choice on the service KPI."""

    policy: str
    rule: str
    satisficing_share: float
    tied: list[str]


def recommend(robust: pd.DataFrame, points: pd.DataFrame, service: str,
              policies: list[str]) -> Recommendation:
    share = robust.drop_duplicates("policy").set_index("policy")["satisficing_share"]
    top = share.max()
    if not top > 0:
        choice = robust[(robust["kpi"] == service) & robust["minimax_choice"]]["policy"]
        policy = choice.iloc[0] if len(choice) else policies[0]
        return Recommendation(policy, "minimax_regret_on_service", float(top), [])
    tied = [p for p in policies if share.get(p) == top]
    cheapest = min(tied, key=lambda p: (points.loc[p, "cost"], policies.index(p)))
    return Recommendation(cheapest, "satisficing_then_cost", float(top), tied)
