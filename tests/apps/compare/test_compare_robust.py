"""The robust study: regret, minimax regret, satisficing and the Pareto front on hand-computed
tables; an ensemble of conditions drawn the same way every time, one draw in each stratum;
PRIM boxes that find where a policy fails; and a tiny study run end to end on the small town."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.apps.compare.discovery import describe_box, prim_boxes
from sim.apps.compare.robust import (
    meets_thresholds,
    minimax_choice,
    pareto_front,
    recommend,
    regret_table,
    robust_table,
)
from sim.apps.compare.runner import run_comparison
from sim.apps.compare.spec import Threshold, expand_ensemble, load_compare_spec
from sim.cli.commands import main
from tests.support.sweep_fixtures import SMALL_TOWN

# Three conditions, three policies; unmet (lower is better) and fill (higher is better):
#            unmet: calm  short  long      fill: calm  short  long
#   none            10    40     100             0.9   0.7    0.4
#   small           12    20      60             0.9   0.8    0.6
#   large           15    18      30             0.9   0.85   0.8
TABLE = {
    ("calm", "none"): (10, 0.9), ("short", "none"): (40, 0.7), ("long", "none"): (100, 0.4),
    ("calm", "small"): (12, 0.9), ("short", "small"): (20, 0.8), ("long", "small"): (60, 0.6),
    ("calm", "large"): (15, 0.9), ("short", "large"): (18, 0.85), ("long", "large"): (30, 0.8),
}
POLICIES = ["none", "small", "large"]
GOALS = {"unmet": "min", "fill": "max"}


def _means() -> pd.DataFrame:
    rows = []
    for (scenario, policy), (unmet, fill) in TABLE.items():
        rows.append({"scenario": scenario, "policy": policy, "kpi": "unmet", "n": 2, "mean": unmet})
        rows.append({"scenario": scenario, "policy": policy, "kpi": "fill", "n": 2, "mean": fill})
    return pd.DataFrame(rows)


def test_regret_is_the_shortfall_from_the_best_policy_of_each_condition():
    regret = regret_table(_means(), GOALS).set_index(["scenario", "policy", "kpi"])["regret"]
    # unmet, by hand: best per condition 10, 18, 30
    assert regret[("calm", "none", "unmet")] == 0
    assert regret[("calm", "large", "unmet")] == 5
    assert regret[("short", "none", "unmet")] == 22
    assert regret[("short", "small", "unmet")] == 2
    assert regret[("long", "none", "unmet")] == 70
    assert regret[("long", "small", "unmet")] == 30
    assert regret[("long", "large", "unmet")] == 0
    # fill, by hand: best per condition 0.9, 0.85, 0.8
    assert regret[("short", "none", "fill")] == pytest.approx(0.15)
    assert regret[("long", "small", "fill")] == pytest.approx(0.2)
    assert (regret >= 0).all()


def test_minimax_regret_picks_the_smallest_worst_shortfall():
    regret = regret_table(_means(), GOALS)
    # max regret on unmet: none 70, small 30, large 5  -> large
    assert minimax_choice(regret, "unmet", POLICIES) == "large"
    # max regret on fill: none 0.4, small 0.2, large 0 -> large
    assert minimax_choice(regret, "fill", POLICIES) == "large"
    # a table where the largest policy is best only in the worst condition
    flipped = regret[regret["kpi"] == "unmet"].copy()
    flipped.loc[(flipped["scenario"] == "calm") & (flipped["policy"] == "large"), "regret"] = 50
    assert minimax_choice(flipped, "unmet", POLICIES) == "small"  # max 30 against 50 and 70


def test_satisficing_share_counts_the_conditions_meeting_every_threshold():
    thresholds = {"unmet": Threshold(max=35), "fill": Threshold(min=0.75)}
    meets = meets_thresholds(_means(), thresholds)
    table = robust_table(regret_table(_means(), GOALS), meets, POLICIES, ["unmet", "fill"])
    share = table.drop_duplicates("policy").set_index("policy")["satisficing_share"]
    # none meets only calm; small meets calm and short; large meets all three
    assert share["none"] == pytest.approx(1 / 3)
    assert share["small"] == pytest.approx(2 / 3)
    assert share["large"] == pytest.approx(1.0)
    missed = meets.set_index(["scenario", "policy"])["misses"]
    assert missed[("long", "small")] == "unmet; fill"
    assert missed[("short", "none")] == "unmet; fill"
    unmet = table[table["kpi"] == "unmet"].set_index("policy")
    assert unmet.loc["none", "max_regret"] == 70 and unmet.loc["small", "max_regret"] == 30
    assert unmet["minimax_choice"].tolist() == [False, False, True]


def test_the_recommendation_is_the_cheapest_of_the_policies_meeting_thresholds_most_often():
    thresholds = {"unmet": Threshold(max=65)}  # small and large both meet it everywhere
    meets = meets_thresholds(_means(), thresholds)
    table = robust_table(regret_table(_means(), GOALS), meets, POLICIES, ["unmet", "fill"])
    points = pd.DataFrame({"cost": [0.0, 10.0, 30.0], "service": [50.0, 30.7, 21.0]},
                          index=POLICIES)
    rec = recommend(table, points, "unmet", POLICIES)
    assert rec.policy == "small" and rec.tied == ["small", "large"]
    nobody = meets_thresholds(_means(), {"unmet": Threshold(max=1)})
    table = robust_table(regret_table(_means(), GOALS), nobody, POLICIES, ["unmet", "fill"])
    fallback = recommend(table, points, "unmet", POLICIES)
    assert fallback.policy == "large" and fallback.rule == "minimax_regret_on_service"


def test_the_pareto_front_keeps_the_policies_no_other_beats_on_both():
    points = pd.DataFrame({"cost": [0, 10, 30, 40, 10], "service": [50, 30, 21, 25, 35]},
                          index=["none", "small", "large", "huge", "worse_small"])
    assert pareto_front(points, "min") == ["none", "small", "large"]
    # service to maximise: flip the sign
    assert pareto_front(points.assign(service=-points["service"]), "max") == \
        ["none", "small", "large"]


ENSEMBLE = """
[ensemble]
size = 6
seed = 3
set = { disruptions = [
    { kind = "supplier_outage", supplier = "wholesale market", start_day = 0.1, days = 1, capacity_share = 0 },
] }
variables = [
    { name = "outage_days", low = 0.1, high = 0.9, paths = ["disruptions.0.days"], digits = 6 },
    { name = "capacity_share", low = 0, high = 0.6, paths = ["disruptions.0.capacity_share"] },
]
"""


def _spec(folder: Path, body: str, name: str = "study") -> Path:
    path = Path(folder) / f"{name}.toml"
    path.write_text(f'base_scenario = "{SMALL_TOWN}"\nroot_seed = 5\n{body}', encoding="utf-8")
    return path


POLICY_PAIR = """
[[policies]]
name = "no_depot"
set = {}

[[policies]]
name = "depot_2d"
set = { "depot.cover_days" = 2 }
"""


def test_an_ensemble_is_drawn_the_same_every_time_one_draw_per_stratum(tmp_path):
    spec = _spec(tmp_path, 'replications = 2\nkpis = [ { name = "fill_rate", goal = "max" } ]\n'
                 + POLICY_PAIR + ENSEMBLE)
    loaded = load_compare_spec(spec)
    again = load_compare_spec(spec)
    assert loaded.scenario_names == [f"draw-{i:02d}" for i in range(1, 7)]
    assert loaded.features == again.features
    days = sorted(f["outage_days"] for f in loaded.features.values())
    strata = [int((d - 0.1) / 0.8 * 6) for d in days]  # each sixth of the range once
    assert strata == list(range(6))
    first = next(a for a in loaded.arms if a.scenario_name == "draw-01")
    assert first.scenario.disruptions[0].days == loaded.features["draw-01"]["outage_days"]
    other_seed = load_compare_spec(_spec(tmp_path, spec.read_text().replace("seed = 3", "seed = 4")
                                         .removeprefix(f'base_scenario = "{SMALL_TOWN}"\nroot_seed = 5\n'),
                                         name="other"))
    assert other_seed.features != loaded.features
    assert expand_ensemble(loaded.spec)[1] == loaded.features


@pytest.mark.parametrize("old, new, field, says", [
    ('kpis = [', 'thresholds = { fill_rat = { min = 0.5 } }\nkpis = [', "thresholds.fill_rat",
     "not among the kpis"),
    ('kpis = [', 'trade_off = { cost = "fill_rate", service = "fill_rate" }\nkpis = [',
     "trade_off.cost", "lower is better"),
    ('low = 0.1, high = 0.9', 'low = 0.1, high = 40', "ensemble.set.disruptions[0].start_day",
     "is not before the horizon (1.0 days) (in condition 'draw-01'; in 6 of the 6 drawn"),
    ('low = 0, high = 0.6', 'low = 0.6, high = 0', "ensemble.variables[1]", "above high"),
])
def test_a_bad_study_spec_exits_2_naming_the_field(tmp_path, capsys, old, new, field, says):
    text = ('replications = 2\nkpis = [ { name = "fill_rate", goal = "max" } ]\n'
            + POLICY_PAIR + ENSEMBLE)
    if "start_day" in field:  # a variable that moves the outage's start past the horizon
        text = text.replace('paths = ["disruptions.0.days"]', 'paths = ["disruptions.0.start_day"]')
    assert old in text
    spec = _spec(tmp_path, text.replace(old, new))
    status = main(["compare", str(spec), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert field in err and says in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_prim_finds_the_box_where_a_policy_fails():
    rng = np.random.default_rng(0)
    features = pd.DataFrame({"outage_days": rng.uniform(0, 7, 20),
                             "start_day": rng.uniform(0.5, 3.5, 20)})
    fails = (features["outage_days"] > 4.5).to_numpy()
    boxes = prim_boxes(features, {"small": fails, "huge": np.zeros(20, dtype=bool)})
    small = boxes[boxes["policy"] == "small"]
    days = small.set_index("variable").loc["outage_days"]
    assert days["restricted"]
    assert features["outage_days"][~fails].max() < days["low"] <= features["outage_days"][fails].min()
    assert days["coverage"] == 1.0 and days["density"] == 1.0
    assert "outage_days >= " in describe_box(small, features)
    huge = boxes[boxes["policy"] == "huge"]
    assert len(huge) == 1 and huge["note"].iloc[0] == "fails in no condition"


@pytest.fixture(scope="module")
def tiny_study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("study")
    spec = _spec(folder, """replications = 2
horizon_days = 1
baseline = "no_depot"
kpis = [
    { name = "unmet_energy_person_days", goal = "min" },
    { name = "fill_rate", goal = "max" },
    { name = "depot_cost_total", goal = "min" },
]
thresholds = { fill_rate = { min = 0.8 } }
""" + POLICY_PAIR + ENSEMBLE.replace("size = 6", "size = 3"))
    outcome = run_comparison(spec, folder / "out", workers=2, progress=False)
    assert outcome.complete and outcome.finished == 12
    return folder / "out", outcome


def test_a_tiny_study_writes_regret_robust_and_prim_tables_that_agree(tiny_study):
    out, outcome = tiny_study
    for name in ("regret.csv", "robust.csv", "prim_boxes.csv", "plots/cost_against_service.png"):
        assert (out / name).is_file() and name in outcome.files
    comparison = pd.read_csv(out / "comparison.csv")
    regret = pd.read_csv(out / "regret.csv")
    robust = pd.read_csv(out / "robust.csv")
    boxes = pd.read_csv(out / "prim_boxes.csv")
    assert list(regret.columns[:3]) == ["scenario", "policy", "kpi"] and "regret" in regret
    assert list(robust.columns[:2]) == ["policy", "kpi"]
    assert {"max_regret", "satisficing_share", "minimax_choice"} <= set(robust.columns)
    assert len(regret) == 3 * 2 * 3 and len(robust) == 2 * 3
    # no depot costs nothing: its depot cost is 0, not missing
    no_depot = comparison[(comparison["policy"] == "no_depot")
                          & (comparison["kpi"] == "depot_cost_total")]
    assert (no_depot["mean"] == 0).all() and (no_depot["n"] == 2).all()
    # regret agrees with comparison.csv's means
    merged = regret.merge(comparison, on=["scenario", "policy", "kpi"])
    assert np.allclose(merged["mean_x"], merged["mean_y"])
    for (_s, _kpi), group in merged.groupby(["scenario", "kpi"]):
        goal = group["goal"].iloc[0]
        best = group["mean_y"].min() if goal == "min" else group["mean_y"].max()
        expected = group["mean_y"] - best if goal == "min" else best - group["mean_y"]
        assert np.allclose(group["regret"], expected)
    # robust.csv's max regret is regret.csv's maximum; one minimax choice per KPI
    worst = regret.groupby(["policy", "kpi"])["regret"].max()
    for _, row in robust.iterrows():
        assert row["max_regret"] == pytest.approx(worst[(row["policy"], row["kpi"])])
    assert robust.groupby("kpi")["minimax_choice"].sum().eq(1).all()
    # satisficing share from comparison.csv's fill-rate means against the threshold
    fill = comparison[comparison["kpi"] == "fill_rate"]
    share = (fill["mean"] >= 0.8).groupby(fill["policy"]).mean()
    for policy, value in share.items():
        assert robust[robust["policy"] == policy]["satisficing_share"].iloc[0] == \
            pytest.approx(value)
    # PRIM: each policy's failures counted as in the satisficing share
    for policy, group in boxes.groupby("policy"):
        assert group["conditions"].iloc[0] == 3
        assert group["failures"].iloc[0] == round((1 - share[policy]) * 3)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## The robust choice over the conditions" in report
    assert "Recommendation: `" in report or "No policy meets" in report
    assert "cost_against_service.png" in report
