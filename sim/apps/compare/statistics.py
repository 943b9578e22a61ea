"""The statistics of a comparison: per policy a 95% interval that respects what the KPI is
(a share's inside [0, 1], a count's at 0 or above: `sim/apps/sweep/intervals.py`, as in a sweep);
against the baseline, paired by replication, the mean difference, its Student-t interval and a
paired t-test's p-value, Holm-adjusted over every policy and KPI compared; how much common
random numbers bought; the subset of policies that cannot be told from the best, read as a tie
when it is one policy ahead by less than the KPI's indifference zone
(`sim/apps/compare/indifference.py`); and the precision rule.

Runs of one replication share their seed, so the pair (policy, baseline) differs only by the
policy: its difference's variance is what the comparison's precision rests on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sim.apps.compare.indifference import indifference_zone, tie_among
from sim.apps.sweep.intervals import CONFIDENCE, difference_interval, kpi_interval, student_t
from sim.core.i18n import N_

SUBSET_ALPHA = 0.05
SUBSET_PROCEDURE = N_("the subset-selection (screening) procedure of Nelson, Swann, Goldsman "
                      "and Song (2001), with the variance of the paired differences (the "
                      "policies share random numbers) and a Bonferroni t quantile")
COMPARISON_COLUMNS = ["scenario", "policy", "kpi", "goal", "n", "mean", "ci_low", "ci_high",
                      "diff_mean", "diff_ci_low", "diff_ci_high", "p_value", "p_holm",
                      "crn_variance_ratio"]
BEST_COLUMNS = ["scenario", "kpi", "goal", "indifference", "indifference_source", "n",
                "best_policy", "best_mean", "subset", "subset_size", "procedure", "near_best",
                "tie", "tied"]


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values (NaN entries are not in the family
    and stay NaN): the i-th smallest is multiplied by (m - i + 1), kept monotone, capped at 1."""
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = len(present)
    running = 0.0
    for rank, index in enumerate(present[np.argsort(p[present], kind="stable")]):
        running = max(running, min(1.0, (m - rank) * p[index]))
        adjusted[index] = running
    return adjusted


def paired_test(differences: np.ndarray) -> float:
    """Two-sided p-value of a paired t-test that the mean difference is zero. Differences
    that are all equal give 1 when they are zero (nothing changed) and 0 otherwise (the same
    change in every replication)."""
    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d)]
    if len(d) < 2:
        return math.nan
    sd = d.std(ddof=1)
    if sd == 0:
        return 1.0 if d.mean() == 0 else 0.0
    t = d.mean() / (sd / math.sqrt(len(d)))
    return float(2 * stats.t.sf(abs(t), len(d) - 1))


def crn_variance_ratio(policy: np.ndarray, baseline: np.ndarray) -> float:
    """Var(policy - baseline) / (Var(policy) + Var(baseline)): 1 is what independent seeds
    would give, below 1 what common random numbers saved; NaN when neither varies."""
    a, b = np.asarray(policy, dtype=float), np.asarray(baseline, dtype=float)
    if len(a) < 2:
        return math.nan
    total = a.var(ddof=1) + b.var(ddof=1)
    return float((a - b).var(ddof=1) / total) if total > 0 else math.nan


def paired_values(runs: pd.DataFrame, scenario: int, kpi: str) -> pd.DataFrame:
    """KPI values of one condition: a row per replication every policy finished (NaN-free),
    a column per policy index."""
    finished = runs[(runs["status"] == "finished") & (runs["point_index"] == scenario)]
    wide = finished.pivot_table(index="replication", columns="policy_index", values=kpi,
                                aggfunc="first", dropna=False)
    return wide.dropna().sort_index()


def comparison_table(runs: pd.DataFrame, manifest: dict, kpis: list[dict]) -> pd.DataFrame:
    """`comparison.csv`: a row per condition, policy and KPI (see COMPARISON_COLUMNS)."""
    policies = manifest["policy_names"]
    baseline = policies.index(manifest["baseline"])
    rows = []
    for s, scenario in enumerate(manifest["scenarios"]):
        for kpi in kpis:
            name = kpi["name"]
            wide = paired_values(runs, s, name)
            for p, policy in enumerate(policies):
                values = wide[p].to_numpy(dtype=float) if p in wide else np.array([])
                n, mean, _sd, low, high = kpi_interval(values, name)
                row = {"scenario": scenario, "policy": policy, "kpi": name, "goal": kpi["goal"],
                       "n": n, "mean": mean, "ci_low": low, "ci_high": high,
                       "diff_mean": math.nan, "diff_ci_low": math.nan, "diff_ci_high": math.nan,
                       "p_value": math.nan, "crn_variance_ratio": math.nan}
                if p != baseline and n > 0 and baseline in wide:
                    base = wide[baseline].to_numpy(dtype=float)
                    _n, diff, _sd, dlow, dhigh = difference_interval(values - base, name)
                    row.update(diff_mean=diff, diff_ci_low=dlow, diff_ci_high=dhigh,
                               p_value=paired_test(values - base),
                               crn_variance_ratio=crn_variance_ratio(values, base))
                rows.append(row)
    table = pd.DataFrame(rows, columns=[c for c in COMPARISON_COLUMNS if c != "p_holm"])
    table.insert(COMPARISON_COLUMNS.index("p_holm"), "p_holm", holm(table["p_value"]))
    return table[COMPARISON_COLUMNS]


def subset_of_best(values: pd.DataFrame, goal: str, indifference: float,
                   alpha: float = SUBSET_ALPHA) -> list[int]:
    """Policies (columns of `values`, a row per replication) that cannot be told from the best.

    Policy i stays when, against every other j, its mean is no worse than j's by more than
    (W_ij - indifference)+, with W_ij = t(1 - alpha/(k-1), n-1) * S_ij / sqrt(n) and S_ij the
    standard deviation of the paired differences: with probability at least 1 - alpha the
    subset holds the best policy whenever the best beats every other by `indifference` or
    more (with indifference 0, whatever the means)."""
    columns = list(values.columns)
    k, n = len(columns), len(values)
    if k == 1:
        return columns
    if n < 2:
        return columns  # nothing can be screened out without a variance
    sign = 1.0 if goal == "max" else -1.0
    x = values.to_numpy(dtype=float) * sign  # larger is better from here on
    means = x.mean(axis=0)
    t = float(stats.t.ppf(1 - alpha / (k - 1), n - 1))
    kept = []
    for i in range(k):
        stays = True
        for j in range(k):
            if i == j:
                continue
            s_ij = (x[:, i] - x[:, j]).std(ddof=1)
            w = t * s_ij / math.sqrt(n)
            if means[i] < means[j] - max(w - indifference, 0.0):
                stays = False
                break
        if stays:
            kept.append(columns[i])
    return kept


def near_best(values: pd.DataFrame, goal: str, indifference: float,
              alpha: float = SUBSET_ALPHA) -> list[int]:
    """Policies that no other is shown to beat by more than `indifference`: i stays unless
    some j has mean_j - mean_i > W_ij + indifference (the same W_ij as the subset). Where the
    subset answers "which could be the best?", this answers "which are as good as the best,
    to the planner's tolerance?"."""
    columns = list(values.columns)
    k, n = len(columns), len(values)
    if k == 1 or n < 2:
        return columns
    x = values.to_numpy(dtype=float) * (1.0 if goal == "max" else -1.0)
    means = x.mean(axis=0)
    t = float(stats.t.ppf(1 - alpha / (k - 1), n - 1))
    return [columns[i] for i in range(k)
            if all(means[j] - means[i] <= t * (x[:, i] - x[:, j]).std(ddof=1) / math.sqrt(n)
                   + indifference for j in range(k) if j != i)]


def best_table(runs: pd.DataFrame, manifest: dict, kpis: list[dict]) -> pd.DataFrame:
    """`best.csv`: per condition and KPI the best mean and the subset that cannot be told
    from it at the KPI's indifference zone (the spec's, or the default for its unit, with
    `indifference_source` saying which); `tie` when that subset is the best alone but the
    runner-up is within the zone, `tied` the policies within the zone of the best then."""
    policies = manifest["policy_names"]
    baseline = policies.index(manifest["baseline"])
    rows = []
    for s, scenario in enumerate(manifest["scenarios"]):
        for kpi in kpis:
            wide = paired_values(runs, s, kpi["name"])
            if wide.empty:
                continue
            means = wide.mean(axis=0)
            best = means.idxmax() if kpi["goal"] == "max" else means.idxmin()
            zone = indifference_zone(kpi, float(means.get(baseline, math.nan)), means.tolist())
            subset = subset_of_best(wide, kpi["goal"], zone.value)
            tied = tie_among(means.to_dict(), best, subset, zone.value, kpi["goal"])
            rows.append({"scenario": scenario, "kpi": kpi["name"], "goal": kpi["goal"],
                         "indifference": zone.value, "indifference_source": zone.source,
                         "n": len(wide), "best_policy": policies[best],
                         "best_mean": float(means[best]),
                         "subset": "; ".join(policies[p] for p in subset),
                         "subset_size": len(subset), "procedure": "Nelson et al. (2001) subset",
                         "near_best": "; ".join(policies[p] for p in near_best(
                             wide, kpi["goal"], zone.value)),
                         "tie": bool(tied), "tied": "; ".join(policies[p] for p in tied)})
    return pd.DataFrame(rows, columns=BEST_COLUMNS)


@dataclass(frozen=True)
class PrecisionCheck:
    """Whether every policy's interval on the precision KPI is tight enough at `n`, the
    widest relative half-width and whose, and the replications the widest would need."""

    n: int
    met: bool
    widest: float
    widest_at: str
    needed: int


def precision_check(runs: pd.DataFrame, manifest: dict, kpi: str, target: float,
                    replications: int) -> PrecisionCheck:
    """The relative half-width (half-width / |mean|) of every (condition, policy) on `kpi`
    over its first `replications` replications. A mean of zero meets the target only with
    no spread. `needed` follows the usual n * (h / target)^2 estimate."""
    widest, widest_at, needed = 0.0, "", replications
    for s, scenario in enumerate(manifest["scenarios"]):
        wide = paired_values(runs, s, kpi)
        wide = wide[wide.index < replications]
        for p, policy in enumerate(manifest["policy_names"]):
            values = wide[p].to_numpy(dtype=float) if p in wide else np.array([])
            n, mean, _sd, low, high = student_t(values)
            if n < 2:
                return PrecisionCheck(replications, False, math.inf, f"{scenario}/{policy}",
                                      replications + 1)
            half = (high - low) / 2
            relative = half / abs(mean) if mean != 0 else (0.0 if half == 0 else math.inf)
            if relative > widest:
                widest, widest_at = relative, f"{scenario}/{policy}"
            if relative > target:
                estimate = n * (relative / target) ** 2 if math.isfinite(relative) else 2 * n
                needed = max(needed, math.ceil(estimate))
    return PrecisionCheck(replications, widest <= target, widest, widest_at, needed)


def next_round(check: PrecisionCheck, max_replications: int) -> int:
    """Replications of the next round: what the widest interval needs, at least one more and at
    most twice as many (the estimate rests on a variance that is itself uncertain), capped."""
    return min(max_replications, max(check.n + 1, min(check.needed, 2 * check.n)))


__all__ = ["CONFIDENCE", "holm", "paired_test", "crn_variance_ratio", "comparison_table",
           "subset_of_best", "near_best", "best_table", "precision_check", "next_round", "PrecisionCheck"]
