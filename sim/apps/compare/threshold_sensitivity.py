"""How the recommendation moves with the planner's threshold: the same runs judged again with
one KPI's threshold put at each value of the spec's `threshold_sensitivity`, and where the
recommended policy changes.

Satisficing measures where the threshold was put as much as what the policies did: a threshold
between two policies' outcomes decides which of them "meets" it. So the study says for which
range of thresholds its answer holds, and a chart shows the recommended size against the
threshold (`plots.plot_recommendation_against_threshold`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.apps.compare.robust import meets_thresholds, recommend, robust_table
from sim.apps.compare.spec_schema import Threshold

SENSITIVITY_COLUMNS = ["kpi", "bound", "threshold", "policy", "size", "rule", "satisficing_share",
                       "tied"]


@dataclass(frozen=True)
class Stretch:
    """A run of consecutive thresholds (`low` to `high`, in the sweep's order) giving the same
    recommended `policy` by the same `rule`, meeting the threshold in the same `share` of the
    conditions."""

    policy: str
    low: float
    high: float
    rule: str = "satisficing_then_cost"
    share: float = 1.0

    @property
    def meets_everywhere(self) -> bool:
        return self.rule == "satisficing_then_cost" and self.share >= 1.0


def share_text(share: float) -> str:
    """A share of the conditions as a percentage that never reads 100% short of all of them."""
    whole = f"{share:.0%}"
    return f"{share:.1%}" if share < 1 and whole == "100%" else whole


def bound_of(goal: str) -> str:
    """The side a threshold bounds: at most (`max`) for a KPI to keep low, at least otherwise."""
    return "max" if goal == "min" else "min"


def recommendations_over_thresholds(means: pd.DataFrame, regret: pd.DataFrame, thresholds: dict,
                                    kpi: str, goal: str, values: list[float],
                                    points: pd.DataFrame, service: str, policies: list[str],
                                    kpis: list[str], sizes: dict) -> pd.DataFrame:
    """SENSITIVITY_COLUMNS, a row per threshold value (ascending): the recommendation with
    `kpi`'s threshold put there and every other threshold as the spec gives it."""
    bound = bound_of(goal)
    rows = []
    for value in sorted(values):
        judged = {**thresholds, kpi: Threshold(**{bound: float(value)})}
        meets = meets_thresholds(means, judged)
        table = robust_table(regret, meets, policies, kpis)
        rec = recommend(table, points, service, policies)
        rows.append({"kpi": kpi, "bound": bound, "threshold": float(value), "policy": rec.policy,
                     "size": sizes.get(rec.policy), "rule": rec.rule,
                     "satisficing_share": rec.satisficing_share, "tied": "; ".join(rec.tied)})
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def stretches(table: pd.DataFrame) -> list[Stretch]:
    """The sweep's thresholds grouped into runs of the same recommendation, in order."""
    found: list[Stretch] = []
    for _, row in table.iterrows():
        same = (row["policy"], row["rule"], float(row["satisficing_share"]))
        if found and (found[-1].policy, found[-1].rule, found[-1].share) == same:
            found[-1] = Stretch(row["policy"], found[-1].low, row["threshold"], *same[1:])
        else:
            found.append(Stretch(row["policy"], row["threshold"], row["threshold"], *same[1:]))
    return found
