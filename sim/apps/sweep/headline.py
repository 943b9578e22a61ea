"""The headline of a sweep summary, as printed by `rehearse sweep summarize`: each point's
mean and 95% confidence interval of the spec's KPIs, and each policy's paired difference
from the first, in a few lines a researcher can read before opening any file. An interval
symmetric around the mean prints as `mean ±half-width`, any other (a share's, a count's cut
at 0: `sim/apps/sweep/intervals.py`) as `mean [low, high]`.

KPIs are rows and design points (or policy comparisons) are columns, named by letters with
a legend, so long KPI names and many parameters still fit a terminal; columns past
`max_columns` are counted and left to points.csv / policy_differences.csv. A Sobol or
Morris sweep shows only its first points and then the indices, KPI by parameter.
"""

from __future__ import annotations

import math
from string import ascii_uppercase

import pandas as pd

from sim.apps.kpi_table import display_width, pad
from sim.apps.sweep.intervals import is_symmetric
from sim.core.i18n import translator

ENGLISH = translator("en")
TERMINAL_WIDTH = 100
MAX_COLUMNS = 12
SAMPLED_POINTS_SHOWN = 4


def headline(manifest: dict, points: pd.DataFrame, differences: pd.DataFrame | None,
             indices: pd.DataFrame | None = None, width: int = TERMINAL_WIDTH,
             max_columns: int = MAX_COLUMNS, tr=ENGLISH) -> list[str]:
    """The lines, in the language of `tr` (KPI and parameter names stay as they are)."""
    lines = [_seeding(manifest, tr)]
    if indices is not None and not indices.empty:
        max_columns = SAMPLED_POINTS_SHOWN  # the indices say more than a few hundred points
    if not points.empty:
        lines += _table(tr("mean and 95% CI (± half-width, or [low, high] where not symmetric)"),
                        points, "mean", manifest["parameters"],
                        "points.csv", width, max_columns, tr=tr)
    if differences is not None and not differences.empty:
        uncertain = [p for p in manifest["parameters"] if p not in manifest["policy_parameters"]]
        at_points = points[["point_index", *uncertain]].drop_duplicates("point_index")
        differences = differences.merge(at_points, on="point_index", how="left")
        lines.append("")
        lines += _table(tr("paired difference from the first policy, 95% CI (± half-width or "
                           "[low, high]; * the interval excludes 0)"),
                        differences, "mean_difference",
                        manifest["parameters"], "policy_differences.csv", width, max_columns,
                        baseline=manifest["policy_parameters"], tr=tr)
    if indices is not None and not indices.empty:
        lines.append("")
        lines += _indices_table(indices, width, tr)
    return lines


def _indices_table(indices: pd.DataFrame, width: int, tr=ENGLISH) -> list[str]:
    """KPI rows, parameter columns: the index judged against noise (~ when noise dominates)."""
    key = "ST" if "ST" in indices.columns else "mu_star"
    lines = []
    for policy, at_policy in indices.groupby("policy_index", sort=True):
        parameters = list(dict.fromkeys(at_policy["parameter"]))
        labels = [_label(i) for i in range(len(parameters))]
        if indices["policy_index"].nunique() > 1:
            title = tr("sensitivity, {index}, policy {policy} (~ cannot be told from "
                       "replication noise):").format(index=key, policy=policy)
        else:
            title = tr("sensitivity, {index} (~ cannot be told from replication noise):").format(
                index=key)
        lines.append(title)
        lines += [f"  {label}  {name}" for label, name in zip(labels, parameters, strict=True)]
        by_row = at_policy.set_index(["kpi", "parameter"])
        kpis = list(dict.fromkeys(at_policy["kpi"]))
        cells = {kpi: [f"{by_row.loc[(kpi, name), key]:.3g}"
                       + ("~" if by_row.loc[(kpi, name), "noise_dominated"] else "")
                       for name in parameters] for kpi in kpis}
        lines += _columns(labels, kpis, cells, width)
    return lines


def _seeding(manifest: dict, tr=ENGLISH) -> str:
    if manifest.get("common_random_numbers"):
        return tr("seeds: common random numbers (every design point and policy of a replication "
                  "meets the same random numbers)")
    return tr("seeds: one per design point and replication (policies at a point share them)")


def _table(title: str, table: pd.DataFrame, value: str, parameters: list[str], file: str,
           width: int, max_columns: int, baseline: list[str] | None = None,
           tr=ENGLISH) -> list[str]:
    keys = table[["point_index", "policy_index"]].drop_duplicates().sort_values(
        ["point_index", "policy_index"])
    keys = list(keys.itertuples(index=False, name=None))
    shown = keys[:max_columns]
    labels = [_label(i) for i in range(len(shown))]
    lines = [tr("{title}:").format(title=title)]
    by_key = {key: group for key, group in table.groupby(["point_index", "policy_index"])}
    for label, key in zip(labels, shown, strict=True):
        lines.append(f"  {label}  {_describe(by_key[key].iloc[0], parameters, baseline, tr)}")
    kpis = list(dict.fromkeys(table["kpi"]))
    cells = {kpi: [_cell(by_key[key], kpi, value) for key in shown] for kpi in kpis}
    lines += _columns(labels, kpis, cells, width)
    if len(keys) > len(shown):
        lines.append("  " + tr("... and {count} more column(s) in {file}").format(
            count=len(keys) - len(shown), file=file))
    return lines


def _describe(row: pd.Series, parameters: list[str], baseline: list[str] | None,
              tr=ENGLISH) -> str:
    """A column's legend: its parameter values; for a difference, the policy against the
    baseline at the point's other values."""
    def values(names):
        return ", ".join(f"{p}={_number(row[p])}" for p in names)

    if not baseline:
        return values(parameters)
    others = [p for p in parameters if p not in baseline and p in row]
    against = ", ".join(_number(row[f"baseline_{p}"]) for p in baseline)
    if others:
        return tr("{policy} vs {baseline} at {values}").format(
            policy=values(baseline), baseline=against, values=values(others))
    return tr("{policy} vs {baseline}").format(policy=values(baseline), baseline=against)


def _columns(labels: list[str], kpis: list[str], cells: dict, width: int) -> list[str]:
    """KPI rows under letter columns, in as many blocks as the width needs."""
    name_width = max(display_width(k) for k in kpis)
    widths = [max(display_width(label), *(display_width(cells[k][i]) for k in kpis))
              for i, label in enumerate(labels)]
    blocks, block, used = [], [], name_width + 2
    for i, w in enumerate(widths):
        if block and used + w + 2 > width:
            blocks.append(block)
            block, used = [], name_width + 2
        block.append(i)
        used += w + 2
    blocks.append(block)
    lines = []
    for block in blocks:
        lines.append("  " + " " * name_width + "".join(f"  {pad(labels[i], widths[i], '>')}"
                                                       for i in block))
        for kpi in kpis:
            lines.append("  " + pad(kpi, name_width)
                         + "".join(f"  {pad(cells[kpi][i], widths[i], '>')}" for i in block))
    return lines


def _cell(group: pd.DataFrame, kpi: str, value: str) -> str:
    rows = group[group["kpi"] == kpi]
    if rows.empty or pd.isna(rows.iloc[0][value]):
        return "-"
    row = rows.iloc[0]
    text = _number(row[value])
    low, high = row["ci95_low"], row["ci95_high"]
    if not pd.isna(high):
        if is_symmetric(row[value], low, high):
            text += f" ±{_number(high - row[value])}"
        else:
            text += f" [{_number(low)}, {_number(high)}]"
    if row.get("clear", False):
        text += "*"
    return text


def _number(x) -> str:
    """Four significant figures, thousands separated; integers and text as they are."""
    if isinstance(x, str):
        return x
    x = float(x)
    if math.isnan(x):
        return "-"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def _label(i: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    label = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        label = ascii_uppercase[rest] + label
    return label
