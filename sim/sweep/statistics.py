"""Per-point statistics of a sweep: mean and a Student-t 95% confidence interval per KPI."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95


def mean_ci(values: np.ndarray) -> tuple[int, float, float, float, float]:
    """n, mean, standard deviation, and the CI's low and high ends (NaN with fewer than 2)."""
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
    return n, mean, sd, mean - half, mean + half


def point_table(runs: pd.DataFrame, parameters: list[str], kpis: list[str]) -> pd.DataFrame:
    """One row per (design point, policy, KPI): the parameter values, n, mean, sd, ci95."""
    finished = runs[runs["status"] == "finished"]
    numeric = [k for k in kpis if pd.api.types.is_numeric_dtype(runs[k])]
    rows = []
    for (point, policy), group in finished.groupby(["point_index", "policy_index"], sort=True):
        first = group.iloc[0]
        for kpi in numeric:
            n, mean, sd, low, high = mean_ci(group[kpi].to_numpy(dtype=float, na_value=np.nan))
            rows.append({"point_index": point, "policy_index": policy,
                         **{p: first[p] for p in parameters}, "kpi": kpi, "n": n, "mean": mean,
                         "sd": sd, "ci95_low": low, "ci95_high": high})
    columns = ["point_index", "policy_index", *parameters, "kpi", "n", "mean", "sd",
               "ci95_low", "ci95_high"]
    return pd.DataFrame(rows, columns=columns)
