"""The planners' example: experiments/compare-depot.toml's depot sizes, each size's mean and
95% interval and its paired difference from no depot, as `summary/points.csv` and
`summary/policy_differences.csv` give them."""

from __future__ import annotations

import pandas as pd

from sim.apps.report.constraints import WAITING_SHARE
from sim.apps.sweep.statistics import point_table, policy_difference_table
from tests.readme_figures.sweep_runs import run_spec
from tests.readme_figures.wording import about, and_list, decimals, interval, paragraph, signed

SPEC = "compare-depot"
SIZE = "depot.capacity_kg"


def depot_sentence(workers: int = 2) -> str:
    swept = run_spec(SPEC, workers)
    manifest, runs = swept.manifest, swept.runs
    points = point_table(runs, manifest["parameters"], manifest["kpis"])
    paired = policy_difference_table(runs, manifest["policy_parameters"], manifest["kpis"])
    sizes = sorted(points[SIZE].unique())
    mean = {kpi: [_row(points, kpi, size) for size in sizes] for kpi in manifest["kpis"]}
    diff = {kpi: [_row(paired, kpi, size) for size in sizes[1:]] for kpi in manifest["kpis"]}
    where = [_at(size) for size in sizes]

    fill = [f"{decimals(r['mean'], 2)} {interval(r['ci95_low'], r['ci95_high'], 2)} {w}"
            for r, w in zip(mean["fill_rate"], where)]
    raised = [f"{_size(size)} by {decimals(r['mean_difference'], 3)} "
              f"{interval(r['ci95_low'], r['ci95_high'], 3)}"
              for size, r in zip(sizes[1:], diff["fill_rate"])]
    raised[0] = raised[0].replace(" by ", " raised it by ", 1)
    cancelled = and_list([about(-r["mean_difference"]) for r in diff["orders_cancelled"]])
    delivered = and_list([about(r["mean"]) for r in mean["orders_delivered"]])
    open_at_end = and_list([about(r["mean"]) for r in mean["orders_open_at_end"]])
    waiting = [r["mean"] for r in mean["lead_time_share_waiting_for_picker"]]
    text = (
        f"As measured, with `fill_rate` counting every order placed (one still open at the end "
        f"as not served): the fill rate went from {fill[0]} to {and_list(fill[1:])}; paired, "
        f"{and_list(raised)}, and cancelled orders fell by about {cancelled}. "
        f"`orders_delivered` {_delivered(delivered, diff['orders_delivered'])}: the orders a "
        f"bigger depot saves from cancellation wait instead (`orders_open_at_end` about "
        f"{open_at_end}), and waiting for a picker took "
        f"{and_list([f'{share:.0%}' for share in waiting])} of the orders' lead time "
        f"(`lead_time_share_waiting_for_picker`)")
    if min(waiting) >= WAITING_SHARE:  # the run report's rule for a binding wait
        text += (": the stores' pickers, not stock, bind (each run's report names the binding "
                 "constraint day by day)")
    return paragraph(text + ".")


def _delivered(delivered: str, differences: list[pd.Series]) -> str:
    """Whether the depot moved deliveries: the paired differences say, not the means."""
    shown = and_list([f"{signed(r['mean_difference'], 0)} "
                      f"{interval(r['ci95_low'], r['ci95_high'], 0)}" for r in differences])
    if not any(r["clear"] for r in differences):
        return f"stayed at about {delivered}; its paired differences, {shown}, are not clear of 0"
    return f"was about {delivered}; its paired differences were {shown}"


def _row(table: pd.DataFrame, kpi: str, size) -> pd.Series:
    return table[(table["kpi"] == kpi) & (table[SIZE] == size)].iloc[0]


def _size(size) -> str:
    return f"{decimals(size, 0)} kg"


def _at(size) -> str:
    return "with no depot" if size == 0 else f"at {_size(size)}"
