"""The robust study's outputs, whenever a comparison has more than one condition: `regret.csv`,
`robust.csv`, `prim_boxes.csv` (with an ensemble and thresholds), `plots/cost_against_service.png`
(with a cost KPI), `threshold_sensitivity.csv` and `plots/recommendation_against_threshold.png`
(with a `threshold_sensitivity`), `marginal_benefit.csv` (the Pareto front's steps and its knee)
and the report's section on the robust choice: the recommendation with what the figures support
(`recommendation_text.py`), its evidence and caveats, the regret and satisficing tables, and the
failure boxes in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.apps.compare.discovery import DENSITY_TARGET, describe_box, prim_boxes
from sim.apps.compare.knee import Knee, knee_of_front
from sim.apps.compare.numbers import number
from sim.apps.compare.plots import plot_cost_against_service, plot_recommendation_against_threshold
from sim.apps.compare.recommendation_text import summary_lines
from sim.apps.compare.robust import (
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
from sim.apps.compare.service_ties import (
    ServiceTies,
    clear_service_differences,
    from_size_up,
    pooled_paired,
    service_ties,
)
from sim.apps.compare.statistics import comparison_table
from sim.apps.compare.threshold_sensitivity import recommendations_over_thresholds
from sim.apps.compare.wording import sentences
from sim.core.atomic_files import write_text_atomically
from sim.core.i18n import translator

ENGLISH = translator("en")
COST_FIGURE = "cost_against_service.png"
THRESHOLD_FIGURE = "recommendation_against_threshold.png"
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
    baseline: str | None = None
    clear: pd.DataFrame | None = None  # the clear service differences from the baseline
    ties: ServiceTies | None = None  # the policies as good as the best on service
    knee: Knee | None = None
    sensitivity: pd.DataFrame | None = None  # the recommendation at each threshold tried
    threshold_figure: str | None = None

    @property
    def conditions(self) -> int:
        return int(self.meets["scenario"].nunique())

    @property
    def sizes(self) -> dict:
        """Each policy's size on the study's scale (None where the spec gives none)."""
        return {p.name: p.size for p in self.loaded.spec.policies}

    @property
    def from_size(self) -> str | None:
        """The smallest tied policy when the tie is every size from it up."""
        if self.ties is None or any(v is None for v in self.sizes.values()):
            return None
        return from_size_up(self.ties.tied, self.sizes)

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


def robust_study(loaded, manifest: dict, runs: pd.DataFrame,
                 comparison: pd.DataFrame | None = None) -> RobustStudy | None:
    """The robust analysis of a comparison with more than one condition (None otherwise);
    `comparison` is comparison.csv's table (computed when not given)."""
    if len(manifest["scenarios"]) < 2:
        return None
    if comparison is None:
        comparison = comparison_table(runs, manifest, [k.model_dump() for k in loaded.spec.kpis])
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
    baseline = manifest["baseline"]
    service_kpi = next(k.model_dump() for k in loaded.spec.kpis if k.name == service)
    ties = service_ties(pooled_paired(runs, manifest, service), service_kpi, baseline,
                        points["cost"] if points is not None else None)
    knee = knee_of_front(points, goals[service]) if points is not None else None
    sensitivity = None
    sweep = loaded.spec.threshold_sensitivity
    if sweep is not None:
        sensitivity = recommendations_over_thresholds(
            means, regret, loaded.spec.thresholds, sweep.kpi, goals[sweep.kpi], sweep.values,
            points if points is not None else _no_cost(loaded), service, loaded.policy_names,
            loaded.kpi_names, {p.name: p.size for p in loaded.spec.policies})
    return RobustStudy(loaded, means, regret, meets, robust, cost, service, points, front,
                       recommendation, features, boxes, baseline=baseline,
                       clear=clear_service_differences(comparison, service, baseline),
                       ties=ties, knee=knee, sensitivity=sensitivity)


def _no_cost(loaded) -> pd.DataFrame:
    return pd.DataFrame({"cost": 0.0, "service": math.nan}, index=loaded.policy_names)


def write_robust(out: Path, study: RobustStudy, plots_dir: str, tr=ENGLISH) -> list[str]:
    """Write the study's files (the plot's words in the language of `tr`); returns their names
    (plots with their folder)."""
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
                                  study.loaded.name, tr,
                                  knee=study.knee.policy if study.knee is not None else None)
        study.figure = COST_FIGURE
        files.append(f"{plots_dir}/{COST_FIGURE}")
    if study.knee is not None:
        write_text_atomically(out / "marginal_benefit.csv", study.knee.steps.assign(
            knee=study.knee.steps["to_policy"] == study.knee.policy).to_csv(index=False))
        files.append("marginal_benefit.csv")
    if study.sensitivity is not None:
        write_text_atomically(out / "threshold_sensitivity.csv",
                              study.sensitivity.to_csv(index=False))
        files.append("threshold_sensitivity.csv")
        kpi = study.sensitivity["kpi"].iloc[0]
        given = study.loaded.spec.thresholds.get(kpi)
        plot_recommendation_against_threshold(
            out / plots_dir / THRESHOLD_FIGURE, study.sensitivity, study.policies, study.sizes,
            study.loaded.spec.size_unit,
            None if given is None else (given.max if given.max is not None else given.min),
            study.loaded.name, tr)
        study.threshold_figure = THRESHOLD_FIGURE
        files.append(f"{plots_dir}/{THRESHOLD_FIGURE}")
    return files


def _threshold_text(thresholds: dict, tr=ENGLISH) -> str:
    parts = []
    for kpi, t in thresholds.items():
        if t.min is not None:
            parts.append(f"`{kpi}` >= {t.min:g}")
        if t.max is not None:
            parts.append(f"`{kpi}` <= {t.max:g}")
    return tr(" and ").join(parts)


def recommendation_lines(study: RobustStudy, tr=ENGLISH) -> list[str]:
    """The recommendation paragraph with its evidence, then where it still fails, then caveats,
    in the language of `tr`."""
    rec, spec = study.recommendation, study.loaded.spec
    conditions = len(study.meets["scenario"].unique())
    share = study.robust.drop_duplicates("policy").set_index("policy")["satisficing_share"]
    lines = []
    if rec.rule == "satisficing_then_cost":
        met = round(rec.satisficing_share * conditions)
        text = tr("Recommendation: `{policy}`. It meets the planner's thresholds ({thresholds}) "
                  "in {met} of the {conditions} conditions ({share:.0%}), as many as any "
                  "policy").format(
                      policy=rec.policy,
                      thresholds=_threshold_text(spec.thresholds, tr) or tr("none given"),
                      met=met, conditions=conditions, share=rec.satisficing_share)
        others = [p for p in rec.tied if p != rec.policy]
        if others:
            text += tr(" ({policies} as many)").format(policies=", ".join(f"`{p}`" for p in others))
        if study.points is not None:
            text += tr(", and is the cheapest of those: `{cost}` {value} on average over the "
                       "conditions").format(cost=study.cost,
                                            value=number(study.points.loc[rec.policy, "cost"]))
            text += _cost_parts(study, rec.policy)
        text += tr(".")
    else:
        text = tr("No policy meets the planner's thresholds ({thresholds}) in any condition. The "
                  "choice falls back on regret: `{policy}` has the smallest maximum regret on "
                  "`{service}`.").format(thresholds=_threshold_text(spec.thresholds, tr),
                                         policy=rec.policy, service=study.service)
    lines.append(text)
    lines.extend(summary_lines(study, tr))
    lines.append(_evidence(study, tr))
    for policy in study.policies:
        line = tr("- `{policy}`: meets the thresholds in {share:.0%} of the conditions; "
                  "{regret}").format(policy=policy, share=share[policy],
                                     regret=_regret_words(study, policy, tr))
        if study.boxes is not None:
            line += tr("; ") + _box_words(study, policy, tr)
        lines.append(line)
    lines.append(_caveats(study, tr))
    return lines


def _cost_parts(study: RobustStudy, policy: str) -> str:
    prefix = study.cost.rsplit("_", 1)[0] + "_"
    parts = [k for k in study.loaded.kpi_names if k.startswith(prefix) and k != study.cost]
    if not parts:
        return ""
    means = study.means[(study.means["policy"] == policy)].groupby("kpi")["mean"].mean()
    return " (" + ", ".join(f"{k.removeprefix(prefix)} {number(means.get(k))}" for k in parts) + ")"


def _evidence(study: RobustStudy, tr=ENGLISH) -> str:
    rec = study.recommendation.policy
    said = []
    if study.points is not None:
        front = ", ".join(f"`{p}`" for p in study.front)
        said.append((tr("On cost against service (pooled over the conditions) `{policy}` is on "
                        "the Pareto front ({front}).") if rec in study.front else
                     tr("On cost against service (pooled over the conditions) `{policy}` is not "
                        "on the Pareto front ({front}).")).format(policy=rec, front=front))
    for kpi in (study.service, study.cost):
        if kpi is None:
            continue
        choice = minimax_choice(study.regret, kpi, study.policies)
        row = study.robust[(study.robust["policy"] == choice) & (study.robust["kpi"] == kpi)]
        mine = study.robust[(study.robust["policy"] == rec) & (study.robust["kpi"] == kpi)]
        said.append(tr("The minimax-regret choice on `{kpi}` is `{choice}` (largest regret "
                       "{largest}); `{policy}`'s largest regret there is {own}.").format(
                           kpi=kpi, choice=choice, largest=number(row["max_regret"].iloc[0]),
                           policy=rec, own=number(mine["max_regret"].iloc[0])))
    return sentences(said, tr)


def _regret_words(study: RobustStudy, policy: str, tr=ENGLISH) -> str:
    rows = study.regret[(study.regret["policy"] == policy) & (study.regret["kpi"] == study.service)]
    rows = rows.dropna(subset=["regret"])
    if rows.empty:
        return tr("no regret known")
    worst = rows.loc[rows["regret"].idxmax()]
    return tr("largest regret on `{kpi}` {regret} (in `{condition}`: {mean} against the best "
              "{best})").format(kpi=study.service, regret=number(worst["regret"]),
                                condition=worst["scenario"], mean=number(worst["mean"]),
                                best=number(worst["best"]))


def _box_words(study: RobustStudy, policy: str, tr=ENGLISH) -> str:
    rows = study.boxes[study.boxes["policy"] == policy]
    if rows.empty:
        return tr("no scenario discovery")
    return describe_box(rows, study.features, tr)


def _caveats(study: RobustStudy, tr=ENGLISH) -> str:
    spec, loaded = study.loaded.spec, study.loaded
    n = int(study.means["n"].max()) if len(study.means) else 0
    days = loaded.base.run.horizon_days
    text = tr("Caveats: each condition's figure is a mean of {n} replication(s) of {days:g} "
              "days, so a regret smaller than the KPI's indifference zone is within the noise "
              "(see the per-condition tables above); the conditions are {conditions} draws, not "
              "every future, and a policy's satisficing share is a share of these draws. The "
              "costs are over the days run, from the scenario's cost assumptions "
              "(`[depot.costs]`), not a budget. ").format(
                  n=n, days=days, conditions=len(study.meets["scenario"].unique()))
    if study.boxes is not None:
        text += tr("The failure boxes are PRIM's (EMA Workbench) on {conditions} conditions, the "
                   "box kept at a density of at least {density:.0%} where one is found: with so "
                   "few cases they point where failures lie, they do not bound them.").format(
                       conditions=len(study.features), density=DENSITY_TARGET)
    if spec.ensemble is None:
        text += tr("Without an ensemble there are no drawn variables to find failure boxes on.")
    return text


def robust_tables(study: RobustStudy, tr=ENGLISH) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading, header, rows) of the tables the report shows, in the language of `tr`."""
    kpis = study.loaded.kpi_names
    header = [tr("policy"), tr("satisficing share"),
              *[tr("max regret {kpi}").format(kpi=k) for k in kpis]]
    body = []
    for policy in study.policies:
        rows = study.robust[study.robust["policy"] == policy].set_index("kpi")
        recommended = policy == study.recommendation.policy
        body.append([tr("{policy} (recommended)").format(policy=policy) if recommended else policy,
                     f"{rows['satisficing_share'].iloc[0]:.0%}",
                     *[number(rows.loc[k, "max_regret"]) + (" *" if rows.loc[k, "minimax_choice"]
                                                         else "") for k in kpis]])
    tables = [(tr("Maximum regret over the conditions (* the minimax-regret choice) and the "
                  "share of conditions meeting every threshold"), header, body)]
    scenarios = list(dict.fromkeys(study.meets["scenario"]))
    met_header = [tr("policy"), *scenarios]
    met_rows = []
    for policy in study.policies:
        mine = study.meets[study.meets["policy"] == policy].set_index("scenario")
        met_rows.append([policy, *[tr("meets") if mine.loc[s, "meets"]
                                   else tr("misses {kpis}").format(kpis=mine.loc[s, "misses"])
                                   for s in scenarios]])
    tables.append((tr("Thresholds met, condition by condition"), met_header, met_rows))
    if len(study.features):
        feature_rows = [[name, *[f"{v:g}" for v in row]] for name, row in study.features.iterrows()]
        tables.append((tr("The drawn conditions"), [tr("condition"), *study.features.columns],
                       feature_rows))
    return tables
