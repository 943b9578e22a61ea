"""Per-point statistics of a sweep: mean and a Student-t 95% confidence interval per KPI, and
paired differences between policies (they share random numbers, so pairs are the honest test)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.metrics import is_share

CONFIDENCE = 0.95


def share_bounds(kpi: str, difference: bool = False) -> tuple[float, float] | None:
    """Where a KPI's interval must stay: [0, 1] for a share, [-1, 1] for a difference of shares."""
    if not is_share(kpi):
        return None
    return (-1.0, 1.0) if difference else (0.0, 1.0)


def mean_ci(values: np.ndarray, bounds: tuple[float, float] | None = None
            ) -> tuple[int, float, float, float, float]:
    """n, mean, standard deviation, and the CI's low and high ends (NaN with fewer than 2);
    with `bounds`, the ends are kept inside them (a share's interval never passes 1)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return 0, np.nan, np.nan, np.nan, np.nan
    mean = float(values.mean())
    if n < 2:
        return n, mean, np.nan, np.nan, np.nan
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / np.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return n, mean, sd, low, high


def point_table(runs: pd.DataFrame, parameters: list[str], kpis: list[str]) -> pd.DataFrame:
    """One row per (design point, policy, KPI): the parameter values, n, mean, sd, ci95."""
    finished = runs[runs["status"] == "finished"]
    numeric = [k for k in kpis if pd.api.types.is_numeric_dtype(runs[k])]
    rows = []
    for (point, policy), group in finished.groupby(["point_index", "policy_index"], sort=True):
        first = group.iloc[0]
        for kpi in numeric:
            n, mean, sd, low, high = mean_ci(group[kpi].to_numpy(dtype=float, na_value=np.nan),
                                             share_bounds(kpi))
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
                n, mean, sd, low, high = mean_ci(diff.to_numpy(dtype=float, na_value=np.nan),
                                                 share_bounds(kpi, difference=True))
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
