"""One PNG per KPI (and condition): each policy's mean and 95% interval; its paired difference
from the baseline with its interval, coloured by what Holm's adjustment allows to say; and a
MORE plot (Nelson 2008): the spread of single outcomes (5th to 95th percentile) beside the
error of the mean, so a planner sees both the risk of one lockdown and how sure the average is.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from sim.apps.compare.threshold_sensitivity import share_text, stretches  # noqa: E402
from sim.apps.compare.wording import LEVEL, goal_text  # noqa: E402
from sim.apps.report.png_file import save_png  # noqa: E402
from sim.apps.sweep.plots import axis_label  # noqa: E402
from sim.core.i18n import translator  # noqa: E402

ENGLISH = translator("en")

SIGNIFICANT = 0.05
BETTER, WORSE, UNCLEAR, BASELINE = "#1a7f37", "#b03030", "#777777", "#1f4e9c"


def verdict(row, goal: str) -> str:
    """'better', 'worse' or 'unclear' against the baseline, by the Holm-adjusted p-value."""
    if not (row["p_holm"] < SIGNIFICANT):
        return "unclear"
    up = row["diff_mean"] > 0
    return "better" if up == (goal == "max") else "worse"


def plot_kpi(path: Path, kpi: str, goal: str, table: pd.DataFrame, outcomes: pd.DataFrame,
             policies: list[str], baseline: str, title: str, tr=ENGLISH) -> Path:
    """`table`: this KPI's rows of comparison.csv (one per policy); `outcomes`: a row per
    replication, a column per policy; the plot's words in the language of `tr`."""
    rows = table.set_index("policy").loc[policies]
    y = np.arange(len(policies))[::-1]
    fig, axes = plt.subplots(1, 3, figsize=(14, 1.2 + 0.55 * len(policies)), dpi=110,
                             sharey=True)
    means, spread, differences = axes
    for yi, policy in zip(y, policies, strict=True):
        row = rows.loc[policy]
        colour = BASELINE if policy == baseline else "#333333"
        _interval(means, yi, row["mean"], row["ci_low"], row["ci_high"], colour)
        if policy == baseline:
            differences.plot([0], [yi], marker="|", markersize=14, color=BASELINE)
            continue
        colour = {"better": BETTER, "worse": WORSE, "unclear": UNCLEAR}[verdict(row, goal)]
        _interval(differences, yi, row["diff_mean"], row["diff_ci_low"], row["diff_ci_high"],
                  colour)
    means.set_yticks(y, [tr("{policy} (baseline)").format(policy=p) if p == baseline else p
                         for p in policies])
    means.set_title(tr("mean and {level} interval").format(level=LEVEL), fontsize="medium")
    means.set_xlabel(axis_label(kpi, tr))
    differences.axvline(0, color=BASELINE, linewidth=1)
    differences.set_title(tr("paired difference from {baseline}, {level} interval\n"
                             "green better, red worse (Holm p < 0.05), grey unclear").format(
                                 baseline=baseline, level=LEVEL), fontsize="medium")
    differences.set_xlabel(tr("difference in {kpi}").format(kpi=kpi))
    _more_plot(spread, y, policies, outcomes, rows, tr)
    spread.set_xlabel(axis_label(kpi, tr))
    fig.suptitle(tr("{title}: {kpi} ({better})").format(title=title, kpi=kpi,
                                                        better=goal_text(goal, tr)),
                 fontsize="large")
    for ax in axes:
        ax.grid(True, axis="x", alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(6))  # long numbers must not overlap
    values = outcomes.to_numpy(dtype=float, na_value=np.nan)
    if values.size and np.nanmax(values) == np.nanmin(values):  # every outcome the same
        v = float(np.nanmin(values))
        means.set_xlim(v - 0.5, v + 0.5)  # a readable axis instead of one 1e-12 wide
        spread.set_xlim(v - 0.5, v + 0.5)
        differences.set_xlim(-0.5, 0.5)
    return save_png(fig, path)


def _interval(ax, y: float, mean: float, low: float, high: float, colour: str) -> None:
    if np.isnan(mean):
        return
    if np.isnan(low):
        low = high = mean
    ax.errorbar([mean], [y], xerr=[[mean - low], [high - mean]], fmt="o", color=colour,
                capsize=4)


def _more_plot(ax, y, policies: list[str], outcomes: pd.DataFrame, rows: pd.DataFrame,
               tr=ENGLISH) -> None:
    """The MORE plot's bars: light from the 5th to the 95th percentile of single outcomes,
    dark over the mean's 95% interval, a dot per replication."""
    for yi, policy in zip(y, policies, strict=True):
        values = outcomes[policy].dropna().to_numpy(dtype=float) if policy in outcomes else []
        if len(values) == 0:
            continue
        low, high = np.percentile(values, [5, 95])
        ax.barh(yi, max(high - low, 1e-12), left=low, height=0.6, color="#c9d6ea",
                edgecolor="#8fa8cf")
        row = rows.loc[policy]
        if not np.isnan(row["ci_low"]):
            ax.barh(yi, row["ci_high"] - row["ci_low"], left=row["ci_low"], height=0.2,
                    color="#1f4e9c", edgecolor="none")
        ax.plot([row["mean"]], [yi], "o", color="#1f4e9c", markersize=4)
        ax.plot(values, np.full(len(values), yi + 0.38), "|", color="#555555", markersize=6)
    n = len(outcomes)
    ax.set_title(tr("MORE plot: outcomes' 5th-95th percentile spread (light box), mean\n"
                    "and its {level} interval (dark), a tick per replication (n = {n})").format(
                        n=n, level=LEVEL), fontsize="medium")


def plot_cost_against_service(path: Path, points: pd.DataFrame, per_condition: pd.DataFrame,
                              front: list[str], cost: str, service: str, service_goal: str,
                              recommended: str | None, title: str, tr=ENGLISH,
                              knee: str | None = None) -> Path:
    """Each policy's mean cost against its mean service over every condition (large, named),
    its mean in each condition (small, faint), the Pareto front (non-dominated policies, joined
    by a line), the recommended policy ringed and the front's knee (`knee.py`) marked. `points`:
    indexed by policy, columns `cost` and `service`; `per_condition`: rows of policy, cost,
    service."""
    fig, ax = plt.subplots(figsize=(9, 6.2), dpi=110)
    colours = plt.get_cmap("tab10")
    for i, policy in enumerate(points.index):
        colour = colours(i % 10)
        mine = per_condition[per_condition["policy"] == policy]
        ax.scatter(mine["cost"], mine["service"], s=14, color=colour, alpha=0.35, linewidths=0)
        on_front = policy in front
        ax.scatter([points.loc[policy, "cost"]], [points.loc[policy, "service"]], s=90,
                   color=colour, marker="D" if on_front else "o", edgecolors="black",
                   linewidths=1.2 if on_front else 0.4, zorder=3,
                   label=tr("{policy} (Pareto front)").format(policy=policy) if on_front
                   else policy)
    if front:
        ordered = points.loc[front].sort_values("cost")
        ax.plot(ordered["cost"], ordered["service"], "--", color="black", linewidth=1, zorder=2)
    if recommended is not None and recommended in points.index:
        ax.scatter([points.loc[recommended, "cost"]], [points.loc[recommended, "service"]],
                   s=420, facecolors="none", edgecolors=BETTER, linewidths=2, zorder=4,
                   label=tr("recommended: {policy}").format(policy=recommended))
    if knee is not None and knee in points.index:
        ax.annotate(tr("knee: {policy}").format(policy=knee),
                    (points.loc[knee, "cost"], points.loc[knee, "service"]),
                    textcoords="offset points", xytext=(18, 18), fontsize="small",
                    arrowprops={"arrowstyle": "->", "color": "#333333"})
    ax.set_xlabel(tr("{label} ({better})").format(label=axis_label(cost, tr),
                                                  better=goal_text("min", tr)))
    ax.set_ylabel(tr("{label} ({better})").format(label=axis_label(service, tr),
                                                  better=goal_text(service_goal, tr)))
    ax.set_title(tr("{title}: cost against service\nlarge: mean over every condition; small: "
                    "the mean in each condition; diamonds and dashes: the Pareto front").format(
                        title=title), fontsize="medium")
    ax.grid(True, alpha=0.3)
    ax.xaxis.set_major_locator(MaxNLocator(6))
    # with separators (43,000,000), not an offset a reader must multiply in (4 ×1e7), to as
    # many decimals as the ticks' spacing needs
    ax.autoscale_view()
    ticks = ax.get_xticks()
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    decimals = max(0, -math.floor(math.log10(step))) if step > 0 else 0
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.{decimals}f}"))
    ax.legend(fontsize="small", loc="best", framealpha=0.85)
    return save_png(fig, path)


def plot_recommendation_against_threshold(path: Path, table: pd.DataFrame, policies: list[str],
                                          sizes: dict, size_unit: str | None,
                                          spec_threshold: float | None, title: str,
                                          tr=ENGLISH) -> Path:
    """The recommended policy at each threshold of the sensitivity sweep (`table`: rows of
    threshold_sensitivity.csv, ascending): by its size when every policy has one, else by its
    place in the spec's order; the spec's own threshold a dotted line."""
    fig, ax = plt.subplots(figsize=(9, 5.2), dpi=110)
    sized = bool(sizes) and all(sizes.get(p) is not None for p in policies)
    if sized:
        y = [sizes[p] for p in table["policy"]]
        ticks = sorted({float(sizes[p]) for p in policies})
        positive = [t for t in ticks if t > 0]
        if positive and ticks[-1] / positive[0] >= 20:  # 0.1 to 7 days: small sizes apart
            ax.set_yscale("symlog", linthresh=positive[0])
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_ylim(ticks[0] - 0.05 * (positive[0] if positive else 1), ticks[-1] * 1.15 + 0.01)
        ax.set_ylabel(tr("recommended size ({unit})").format(unit=size_unit) if size_unit
                      else tr("recommended size"))
    else:
        y = [policies.index(p) for p in table["policy"]]
        ax.set_yticks(range(len(policies)), policies)
        ax.set_ylabel(tr("recommended policy"))
    x = table["threshold"].to_numpy(dtype=float)
    # joined only to be read in order: between two thresholds tried nothing is known
    ax.plot(x, y, ":", color=BASELINE, linewidth=1, zorder=2)
    fallback = (table["rule"] != "satisficing_then_cost").to_numpy()
    ax.scatter(x[~fallback], np.asarray(y)[~fallback], s=60, color=BASELINE, zorder=3,
               label=tr("meets every threshold in the most conditions (the share beside it), "
                        "cheapest of those"))
    if fallback.any():
        ax.scatter(x[fallback], np.asarray(y)[fallback], s=60, facecolors="white",
                   edgecolors=WORSE, linewidths=1.5, zorder=3,
                   label=tr("no policy meets it anywhere: least maximum regret"))
    # named where the recommendation changes (the same name at each threshold ran together),
    # with the share of conditions it meets the threshold in: below the best any size does,
    # the cheapest of the sizes that do that well may meet it in only some
    starts = {stretch.low: stretch for stretch in stretches(table)}
    for xi, yi in zip(x, y, strict=True):
        if (stretch := starts.get(xi)) is not None:
            label = (f"{stretch.policy}: {share_text(stretch.share)}"
                     if stretch.rule == "satisficing_then_cost" else stretch.policy)
            ax.annotate(label, (xi, yi), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize="x-small", color="#333333")
    if spec_threshold is not None:
        ax.axvline(spec_threshold, color="#555555", linestyle=":", linewidth=1.2,
                   label=tr("the spec's threshold ({value:g})").format(value=spec_threshold))
    if len(x) and x.min() > 0 and x.max() / x.min() >= 20:
        ax.set_xscale("log")
    kpi, bound = table["kpi"].iloc[0], table["bound"].iloc[0]
    ax.set_xlabel(tr("threshold: {kpi} at most").format(kpi=axis_label(kpi, tr)) if bound == "max"
                  else tr("threshold: {kpi} at least").format(kpi=axis_label(kpi, tr)))
    ax.set_title(tr("{title}: the recommendation against the threshold").format(title=title),
                 fontsize="medium")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", loc="best", framealpha=0.85)
    return save_png(fig, path)
