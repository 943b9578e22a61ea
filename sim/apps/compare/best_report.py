"""The best subsets in a comparison's report: the table (per condition and KPI the best mean,
the subset that could be the best, or a tie, and the indifference zone used with where it came
from) and the paragraph of the method that explains them."""

from __future__ import annotations

import pandas as pd

from sim.apps.compare.indifference import DEFAULT_ZONES, RELATIVE_ZONE, UNIT_NAMES, zone_text
from sim.apps.compare.numbers import number, short_number
from sim.apps.compare.statistics import SUBSET_ALPHA, SUBSET_PROCEDURE
from sim.apps.compare.wording import goal_text


def best_rows(best: pd.DataFrame, tr) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the report's table of best subsets (best.csv, in words)."""
    header = [tr("condition"), tr("KPI"), tr("goal"), tr("indifference"), "n", tr("best mean"),
              tr("could be the best (subset)"), tr("as good to the indifference zone")]
    body = [[r["scenario"], r["kpi"], goal_text(r["goal"], tr),
             zone_text(r["kpi"], r["indifference"], r["indifference_source"] == "spec", tr),
             str(r["n"]), f"{r['best_policy']} ({number(r['best_mean'])})", _subset(r, tr),
             r["near_best"]]
            for _, r in best.iterrows()]
    return header, body


def _subset(row, tr) -> str:
    if not row["tie"]:
        return row["subset"]
    return tr("a tie: {policies} (within the indifference zone of the best; the runs cannot "
              "name one best that matters)").format(policies=row["tied"].replace("; ", tr(", ")))


def best_method(tr) -> list[str]:
    """How the best subset is chosen, its indifference zones and when it is a tie."""
    defaults = tr(", ").join(
        [tr("{value} for {unit}").format(value=short_number(rule.amount), unit=tr(UNIT_NAMES[unit]))
         for unit, rule in DEFAULT_ZONES.items()]
        + [tr("{share} of the baseline's mean for counts and amounts").format(
            share=f"{RELATIVE_ZONE.amount:.0%}")])
    return [
        tr("The best subset (`best.csv`): {procedure}. A policy stays unless some other "
           "policy's mean beats it by more than the noise allowance less the KPI's "
           "indifference zone; with probability at least {confidence:.0%} the subset holds "
           "the best policy whenever it beats every other by at least the indifference zone "
           "(policies closer than that are as good as the best for the planner's purpose, "
           "and the zone lets the screen drop them). So that they are not lost, `near_best` "
           "lists the policies no other is shown to beat by more than the indifference zone "
           "(the same allowance W added to the zone): the ones as good as the best to the "
           "planner's tolerance.").format(procedure=tr(SUBSET_PROCEDURE),
                                          confidence=1 - SUBSET_ALPHA),
        tr("A KPI whose spec gives no `indifference` gets the default for its unit ({defaults}); "
           "the table says which zone each KPI used. A subset of one policy whose margin over "
           "the runner-up is inside the zone is a tie among the policies within the zone of the "
           "best, not a verdict: so small a lead is no reason to choose.").format(
               defaults=defaults),
    ]
