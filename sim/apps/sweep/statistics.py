"""Per-point statistics of a sweep: mean and a 95% confidence interval per KPI that respects
what the KPI is (`sim/apps/sweep/intervals.py`), and paired differences between policies (they share
random numbers, so pairs are the honest test)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.apps.sweep.intervals import difference_interval, kpi_interval


def point_table(runs: pd.DataFrame, parameters: list[str], kpis: list[str]) -> pd.DataFrame:
    """One row per (design point, policy, KPI): the parameter values, n, mean, sd, ci95."""
    finished = runs[runs["status"] == "finished"]
    numeric = [k for k in kpis if pd.api.types.is_numeric_dtype(runs[k])]
    rows = []
    for (point, policy), group in finished.groupby(["point_index", "policy_index"], sort=True):
        first = group.iloc[0]
        for kpi in numeric:
            n, mean, sd, low, high = kpi_interval(
                group[kpi].to_numpy(dtype=float, na_value=np.nan), kpi)
            rows.append({"point_index": point, "policy_index": policy,
                         **{p: first[p] for p in parameters}, "kpi": kpi, "n": n, "mean": mean,
                         "sd": sd, "ci95_low": low, "ci95_high": high})
    columns = ["point_index", "policy_index", *parameters, "kpi", "n", "mean", "sd",
               "ci95_low", "ci95_high"]
    return pd.DataFrame(rows, columns=columns)


def policy_difference_table(runs: pd.DataFrame, policy_parameters: list[str],
                            kpis: list[str]) -> pd.DataFrame:
    """Each policy against the first (policy 0) at each design point, paired by replication.

    Policies at a point and replication ran on the same seed, so the difference of the pair
    removes the demand's own noise: its confidence interval is the one to judge a policy by
    (two overlapping per-policy intervals can still hide a clear paired difference).
    """
    finished = runs[runs["status"] == "finished"]
    numeric = [k for k in kpis if pd.api.types.is_numeric_dtype(runs[k])]
    rows = []
    for point, group in finished.groupby("point_index", sort=True):
        base = group[group["policy_index"] == 0].set_index("replication")
        if base.empty:
            continue
        for policy, other in group[group["policy_index"] != 0].groupby("policy_index", sort=True):
            other = other.set_index("replication")
            both = base.index.intersection(other.index)
            for kpi in numeric:
                diff = (other.loc[both, kpi].astype(float) - base.loc[both, kpi].astype(float))
                n, mean, sd, low, high = difference_interval(
                    diff.to_numpy(dtype=float, na_value=np.nan), kpi)
                rows.append({"point_index": point, "policy_index": policy,
                             **{p: other[p].iloc[0] for p in policy_parameters},
                             **{f"baseline_{p}": base[p].iloc[0] for p in policy_parameters},
                             "kpi": kpi, "pairs": n, "mean_difference": mean, "sd": sd,
                             "ci95_low": low, "ci95_high": high,
                             "clear": bool(n >= 2 and (low > 0 or high < 0))})
    columns = ["point_index", "policy_index", *policy_parameters,
               *[f"baseline_{p}" for p in policy_parameters], "kpi", "pairs", "mean_difference",
               "sd", "ci95_low", "ci95_high", "clear"]
    return pd.DataFrame(rows, columns=columns)


def replications_per_point(runs: pd.DataFrame) -> pd.Series:
    """Finished replications of each (design point, policy): what its intervals rest on."""
    finished = runs[runs["status"] == "finished"]
    return finished.groupby(["point_index", "policy_index"]).size()
