"""The robust study's outputs, whenever a comparison has more than one condition: `regret.csv`,
`robust.csv`, `prim_boxes.csv` (with an ensemble and thresholds), `plots/cost_against_service.png`
(with a cost KPI) and the report's section on the robust choice: the recommendation with its
evidence and caveats, the regret and satisficing tables, and the failure boxes in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.atomic_files import write_text_atomically
from sim.compare.discovery import DENSITY_TARGET, describe_box, prim_boxes
from sim.compare.numbers import number
from sim.compare.plots import plot_cost_against_service
from sim.compare.robust import (
    Recommendation,
    condition_means,
    meets_thresholds,
    minimax_choice,
    pareto_front,
    pooled_points,
    recommend,
    regret_table,
    robust_table,
)

COST_FIGURE = "cost_against_service.png"
DEFAULT_COST = "depot_cost_total"


@dataclass
class RobustStudy:
    loaded: object
    means: pd.DataFrame
    regret: pd.DataFrame
    meets: pd.DataFrame
    robust: pd.DataFrame
    cost: str | None
    service: str
    points: pd.DataFrame | None
    front: list[str]
    recommendation: Recommendation
    features: pd.DataFrame
    boxes: pd.DataFrame | None
    figure: str | None = None

    @property
    def policies(self) -> list[str]:
        return self.loaded.policy_names

    @property
    def goals(self) -> dict[str, str]:
        return {k.name: k.goal for k in self.loaded.spec.kpis}


def trade_off_kpis(loaded) -> tuple[str | None, str]:
    """The cost and service KPIs: the spec's `trade_off`, else `depot_cost_total` (when
    compared) and the first other KPI."""
    spec = loaded.spec
    if spec.trade_off is not None:
        return spec.trade_off.cost, spec.trade_off.service
    names = loaded.kpi_names
    cost = DEFAULT_COST if DEFAULT_COST in names else None
    others = [k for k in names if k != cost]
    if not others:  # the cost is the only KPI: no trade-off to draw
        return None, names[0]
    return cost, others[0]


def robust_study(loaded, manifest: dict, runs: pd.DataFrame) -> RobustStudy | None:
    """The robust analysis of a comparison with more than one condition (None otherwise)."""
    if len(manifest["scenarios"]) < 2:
        return None
    goals = {k.name: k.goal for k in loaded.spec.kpis}
    means = condition_means(runs, manifest, loaded.kpi_names)
    regret = regret_table(means, goals)
    meets = meets_thresholds(means, loaded.spec.thresholds)
    robust = robust_table(regret, meets, loaded.policy_names, loaded.kpi_names)
    cost, service = trade_off_kpis(loaded)
    points = pooled_points(means, cost, service) if cost else None
    front = pareto_front(points, goals[service]) if points is not None else []
    recommendation = recommend(robust, points if points is not None else _no_cost(loaded),
                               service, loaded.policy_names)
    features = pd.DataFrame.from_dict(loaded.features, orient="index")
    boxes = None
    if len(features) and loaded.spec.thresholds:
        failing = {p: ~meets[meets["policy"] == p].set_index("scenario")["meets"]
                   .reindex(features.index).fillna(False).astype(bool).to_numpy()
                   for p in loaded.policy_names}
        boxes = prim_boxes(features, failing)
    return RobustStudy(loaded, means, regret, meets, robust, cost, service, points, front,
                       recommendation, features, boxes)


def _no_cost(loaded) -> pd.DataFrame:
    return pd.DataFrame({"cost": 0.0, "service": math.nan}, index=loaded.policy_names)


def write_robust(out: Path, study: RobustStudy, plots_dir: str) -> list[str]:
    """Write the study's files; returns their names (plots with their folder)."""
    write_text_atomically(out / "regret.csv", study.regret.to_csv(index=False))
    write_text_atomically(out / "robust.csv", study.robust.to_csv(index=False))
    files = ["regret.csv", "robust.csv"]
    if study.boxes is not None:
        write_text_atomically(out / "prim_boxes.csv", study.boxes.to_csv(index=False))
        files.append("prim_boxes.csv")
    if study.points is not None:
        wide = study.means.pivot_table(index=["scenario", "policy"], columns="kpi",
                                       values="mean").reset_index()
        per_condition = pd.DataFrame({"policy": wide["policy"], "cost": wide[study.cost],
                                      "service": wide[study.service]})
        plot_cost_against_service(out / plots_dir / COST_FIGURE, study.points, per_condition,
                                  study.front, study.cost, study.service,
                                  study.goals[study.service], study.recommendation.policy,
                                  study.loaded.name)
        study.figure = COST_FIGURE
        files.append(f"{plots_dir}/{COST_FIGURE}")
    return files


def _threshold_text(thresholds: dict) -> str:
    parts = []
    for kpi, t in thresholds.items():
        if t.min is not None:
            parts.append(f"`{kpi}` >= {t.min:g}")
        if t.max is not None:
            parts.append(f"`{kpi}` <= {t.max:g}")
    return " and ".join(parts)


def recommendation_lines(study: RobustStudy) -> list[str]:
    """The recommendation paragraph with its evidence, then where it still fails, then caveats."""
    rec, spec = study.recommendation, study.loaded.spec
    conditions = len(study.meets["scenario"].unique())
    share = study.robust.drop_duplicates("policy").set_index("policy")["satisficing_share"]
    lines = []
    if rec.rule == "satisficing_then_cost":
        met = round(rec.satisficing_share * conditions)
        text = (f"Recommendation: `{rec.policy}`. It meets the planner's thresholds "
                f"({_threshold_text(spec.thresholds) or 'none given'}) in {met} of the "
                f"{conditions} conditions ({rec.satisficing_share:.0%}), as many as any policy")
        others = [p for p in rec.tied if p != rec.policy]
        text += (f" ({', '.join(f'`{p}`' for p in others)} as many)" if others else "")
        if study.points is not None:
            text += (f", and is the cheapest of those: `{study.cost}` "
                     f"{number(study.points.loc[rec.policy, 'cost'])} on average over the conditions")
            text += _cost_parts(study, rec.policy)
        text += "."
    else:
        text = (f"No policy meets the planner's thresholds ({_threshold_text(spec.thresholds)}) "
                f"in any condition. The choice falls back on regret: `{rec.policy}` has the "
                f"smallest maximum regret on `{study.service}`.")
    lines.append(text)
    lines.append(_evidence(study))
    for policy in study.policies:
        lines.append(f"- `{policy}`: meets the thresholds in {share[policy]:.0%} of the "
                     f"conditions; " + _regret_words(study, policy)
                     + (f"; {_box_words(study, policy)}" if study.boxes is not None else ""))
    lines.append(_caveats(study))
    return lines


def _cost_parts(study: RobustStudy, policy: str) -> str:
    prefix = study.cost.rsplit("_", 1)[0] + "_"
    parts = [k for k in study.loaded.kpi_names if k.startswith(prefix) and k != study.cost]
    if not parts:
        return ""
    means = study.means[(study.means["policy"] == policy)].groupby("kpi")["mean"].mean()
    return " (" + ", ".join(f"{k.removeprefix(prefix)} {number(means.get(k))}" for k in parts) + ")"


def _evidence(study: RobustStudy) -> str:
    rec = study.recommendation.policy
    said = []
    if study.points is not None:
        on = "is" if rec in study.front else "is not"
        said.append(f"On cost against service (pooled over the conditions) `{rec}` {on} on the "
                    f"Pareto front ({', '.join(f'`{p}`' for p in study.front)}).")
    for kpi in (study.service, study.cost):
        if kpi is None:
            continue
        choice = minimax_choice(study.regret, kpi, study.policies)
        row = study.robust[(study.robust["policy"] == choice) & (study.robust["kpi"] == kpi)]
        mine = study.robust[(study.robust["policy"] == rec) & (study.robust["kpi"] == kpi)]
        said.append(f"The minimax-regret choice on `{kpi}` is `{choice}` (largest regret "
                    f"{number(row['max_regret'].iloc[0])}); `{rec}`'s largest regret there is "
                    f"{number(mine['max_regret'].iloc[0])}.")
    return " ".join(said)


def _regret_words(study: RobustStudy, policy: str) -> str:
    rows = study.regret[(study.regret["policy"] == policy) & (study.regret["kpi"] == study.service)]
    rows = rows.dropna(subset=["regret"])
    if rows.empty:
        return "no regret known"
    worst = rows.loc[rows["regret"].idxmax()]
    return (f"largest regret on `{study.service}` {number(worst['regret'])} (in `{worst['scenario']}`"
            f": {number(worst['mean'])} against the best {number(worst['best'])})")


def _box_words(study: RobustStudy, policy: str) -> str:
    rows = study.boxes[study.boxes["policy"] == policy]
    if rows.empty:
        return "no scenario discovery"
    return describe_box(rows, study.features)


def _caveats(study: RobustStudy) -> str:
    spec, loaded = study.loaded.spec, study.loaded
    n = int(study.means["n"].max()) if len(study.means) else 0
    days = loaded.base.run.horizon_days
    text = (f"Caveats: each condition's figure is a mean of {n} replication(s) of {days:g} "
            f"days, so a regret smaller than the KPI's indifference zone is within the noise "
            f"(see the per-condition tables above); the conditions are "
            f"{len(study.meets['scenario'].unique())} draws, not every future, and a policy's "
            f"satisficing share is a share of these draws. The costs are over the days run, "
            f"from the scenario's cost assumptions (`[depot.costs]`), not a budget. ")
    if study.boxes is not None:
        text += (f"The failure boxes are PRIM's (EMA Workbench) on {len(study.features)} "
                 f"conditions, the box kept at a density of at least {DENSITY_TARGET:.0%} where "
                 f"one is found: with so few cases they point where failures lie, they do "
                 f"not bound them.")
    if spec.ensemble is None:
        text += "Without an ensemble there are no drawn variables to find failure boxes on."
    return text


def robust_tables(study: RobustStudy) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading, header, rows) of the tables the report shows."""
    kpis = study.loaded.kpi_names
    header = ["policy", "satisficing share", *[f"max regret {k}" for k in kpis]]
    body = []
    for policy in study.policies:
        rows = study.robust[study.robust["policy"] == policy].set_index("kpi")
        body.append([policy + (" (recommended)" if policy == study.recommendation.policy else ""),
                     f"{rows['satisficing_share'].iloc[0]:.0%}",
                     *[number(rows.loc[k, "max_regret"]) + (" *" if rows.loc[k, "minimax_choice"]
                                                         else "") for k in kpis]])
    tables = [("Maximum regret over the conditions (* the minimax-regret choice) and the share "
               "of conditions meeting every threshold", header, body)]
    scenarios = list(dict.fromkeys(study.meets["scenario"]))
    met_header = ["policy", *scenarios]
    met_rows = []
    for policy in study.policies:
        mine = study.meets[study.meets["policy"] == policy].set_index("scenario")
        met_rows.append([policy, *["meets" if mine.loc[s, "meets"] else f"misses {mine.loc[s, 'misses']}"
                                   for s in scenarios]])
    tables.append(("Thresholds met, condition by condition", met_header, met_rows))
    if len(study.features):
        feature_rows = [[name, *[f"{v:g}" for v in row]] for name, row in study.features.iterrows()]
        tables.append(("The drawn conditions", ["condition", *study.features.columns],
                       feature_rows))
    return tables
