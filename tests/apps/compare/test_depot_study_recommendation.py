"""The depot study's recommendation says what its figures support: the knee of cost against
service on a known cost/benefit table, ties named as ties, the recommendation judged again as
the threshold moves (and the report saying when it changes), no finding where no service
difference is clear, and the shipped spec loading (a bad one exiting 2 with file, line, field).

The runs here are made up, a row per (condition, replication, policy) with known effects, and
go through the same functions as a comparison's runs do (`robust_study`, `write_robust`,
`recommendation_lines`, the report's plain words).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sim.apps.compare.knee import knee_of_front
from sim.apps.compare.recommendation_text import threshold_sentence
from sim.apps.compare.report import Story
from sim.apps.compare.robust_report import recommendation_lines, robust_study, write_robust
from sim.apps.compare.spec import load_compare_spec
from sim.apps.compare.statistics import best_table, comparison_table
from sim.apps.compare.threshold_sensitivity import stretches
from sim.cli.commands import main
from tests.support.paths import ROOT
from tests.support.sweep_fixtures import SMALL_TOWN

# The three-village default of issue 25: no depot, 0.2 days (17 t), 2 days, 7 days.
ISSUE_TABLE = pd.DataFrame({"cost": [0.0, 6_233.0, 367_011.0, 1_079_358.0],
                            "service": [118_000.0, 34_220.0, 21_240.0, 21_240.0]},
                           index=["none", "cover_0.2d", "cover_2d", "cover_7d"])


def test_the_knee_is_where_more_money_stops_buying_service():
    knee = knee_of_front(ISSUE_TABLE, "min")
    assert knee.front == ["none", "cover_0.2d", "cover_2d"]  # 7 days: same service, dearer
    assert knee.policy == "cover_0.2d"
    steps = knee.steps.set_index("to_policy")
    # 0.2 days: 83,780 person-days for 6,233 yuan; 2 days: 12,980 more for 360,778 more
    assert steps.loc["cover_0.2d", "gain_per_yuan"] == pytest.approx(83_780 / 6_233)
    assert steps.loc["cover_2d", "gain_per_yuan"] == pytest.approx(12_980 / 360_778)
    # a later knee: cheap steps that buy little, then one that buys most
    late = pd.DataFrame({"cost": [0.0, 10, 20, 100], "service": [100.0, 90, 20, 15]},
                        index=["a", "b", "c", "d"])
    assert knee_of_front(late, "min").policy == "c"
    # service to maximise (a fill rate) reads the same way
    assert knee_of_front(late.assign(service=-late["service"]), "max").policy == "c"


def test_a_front_that_gains_in_step_with_its_cost_has_no_knee():
    straight = pd.DataFrame({"cost": [0.0, 10, 20, 30], "service": [40.0, 30, 20, 10]},
                            index=["a", "b", "c", "d"])
    assert knee_of_front(straight, "min").policy is None
    two = knee_of_front(ISSUE_TABLE.iloc[:2], "min")
    assert two.policy is None and len(two.steps) == 1


# Made-up runs: five sizes, three conditions, four replications. unmet_energy_share falls with
# size until 1 day of cover, then stays (1, 2 and 7 days within 0.002, inside the 0.005 zone);
# cost rises with size.
SIZES = {"no_depot": 0, "cover_0.25d": 0.25, "cover_1d": 1, "cover_2d": 2, "cover_7d": 7}
UNMET = {"no_depot": 0.20, "cover_0.25d": 0.08, "cover_1d": 0.045, "cover_2d": 0.044,
         "cover_7d": 0.044}
COST = {"no_depot": 0.0, "cover_0.25d": 6_000.0, "cover_1d": 60_000.0, "cover_2d": 150_000.0,
        "cover_7d": 600_000.0}
CONDITION_SHIFT = [-0.005, 0.0, 0.005]


def _spec(folder: Path, threshold: float = 0.1, sweep: str = "[0.03, 0.06, 0.1, 0.25]") -> Path:
    policies = "".join(
        f'\n[[policies]]\nname = "{name}"\nsize = {size}\n'
        + ('set = {}\n' if size == 0 else f'set = {{ "depot.cover_days" = {size} }}\n')
        for name, size in SIZES.items())
    path = folder / "study.toml"
    path.write_text(f"""base_scenario = "{SMALL_TOWN}"
root_seed = 5
replications = 4
horizon_days = 1
baseline = "no_depot"
size_unit = "days of cover"
kpis = [
    {{ name = "unmet_energy_share", goal = "min", indifference = 0.005 }},
    {{ name = "depot_cost_total", goal = "min" }},
]
trade_off = {{ cost = "depot_cost_total", service = "unmet_energy_share" }}
thresholds = {{ unmet_energy_share = {{ max = {threshold} }} }}
threshold_sensitivity = {{ kpi = "unmet_energy_share", values = {sweep} }}

[ensemble]
size = 3
seed = 3
set = {{ disruptions = [
    {{ kind = "supplier_outage", supplier = "wholesale market", start_day = 0.1, days = 1, capacity_share = 0 }},
] }}
variables = [ {{ name = "outage_days", low = 0.1, high = 0.9, paths = ["disruptions.0.days"] }} ]
{policies}""", encoding="utf-8")
    return path


def _runs(loaded, unmet: dict = UNMET) -> tuple[dict, pd.DataFrame]:
    rng = np.random.default_rng(25)
    names = loaded.policy_names
    rows = []
    for s, _scenario in enumerate(loaded.scenario_names):
        for r in range(4):
            noise = rng.normal(0, 0.001)  # shared by the policies of a replication (CRN)
            for p, policy in enumerate(names):
                rows.append({"status": "finished", "point_index": s, "replication": r,
                             "policy_index": p,
                             "unmet_energy_share": unmet[policy] + CONDITION_SHIFT[s] + noise
                             + rng.normal(0, 0.0003),
                             "depot_cost_total": COST[policy]})
    manifest = {"policy_names": names, "scenarios": loaded.scenario_names,
                "baseline": loaded.spec.baseline}
    return manifest, pd.DataFrame(rows)


def _study(folder: Path, **spec):
    loaded = load_compare_spec(_spec(folder, **spec))
    manifest, runs = _runs(loaded)
    return loaded, manifest, runs, robust_study(loaded, manifest, runs)


def test_the_recommendation_changes_with_the_threshold_and_the_report_says_so(tmp_path):
    loaded, manifest, runs, study = _study(tmp_path)
    table = study.sensitivity.set_index("threshold")
    assert table["policy"].to_dict() == {0.03: "cover_2d", 0.06: "cover_1d",
                                         0.1: "cover_0.25d", 0.25: "no_depot"}
    assert table.loc[0.03, "rule"] == "minimax_regret_on_service"  # nobody meets 3%
    assert table.loc[0.06, "size"] == 1
    # the spec's own threshold (0.1) gives the recommendation at 0.1 in the sweep
    assert study.recommendation.policy == "cover_0.25d"
    lines = recommendation_lines(study)
    said = " ".join(lines)
    assert "The recommendation changes with the threshold on `unmet_energy_share`" in said
    assert ("`cover_2d` at ≤ 0.03 (no policy meets every threshold in any condition: the least "
            "maximum regret); `cover_1d` at ≤ 0.06; `cover_0.25d` at ≤ 0.1; `no_depot` at ≤ 0.25") in said
    # the threshold moved: another recommendation, the same runs
    strict = tmp_path / "strict"
    strict.mkdir()
    _l, _m, _r, moved = _study(strict, threshold=0.06)
    assert moved.recommendation.policy == "cover_1d"
    assert recommendation_lines(moved)[0].startswith("Recommendation: `cover_1d`")
    # a sweep inside one stretch: the report says the answer does not depend on it
    narrow = tmp_path / "narrow"
    narrow.mkdir()
    _l, _m, _r, steady = _study(narrow, sweep="[0.09, 0.1, 0.12]")
    assert ("does not depend on the threshold within the range tried: `cover_0.25d` at every "
            "`unmet_energy_share` ≤ 0.09 to 0.12") in " ".join(recommendation_lines(steady))
    # the file and the chart
    (tmp_path / "out" / "plots").mkdir(parents=True)
    files = write_robust(tmp_path / "out", study, "plots")
    assert "plots/recommendation_against_threshold.png" in files
    csv = pd.read_csv(tmp_path / "out" / "threshold_sensitivity.csv")
    assert csv["policy"].tolist() == ["cover_2d", "cover_1d", "cover_0.25d", "no_depot"]
    knee = pd.read_csv(tmp_path / "out" / "marginal_benefit.csv")
    assert knee.loc[knee["knee"], "to_policy"].tolist() == ["cover_0.25d"]


def test_ties_are_named_as_ties_with_the_cheapest(tmp_path):
    _loaded, _manifest, _raw, study = _study(tmp_path)
    assert study.ties.tied == ["cover_1d", "cover_2d", "cover_7d"]
    assert study.ties.cheapest == "cover_1d"
    said = " ".join(recommendation_lines(study))
    assert ("any size from `cover_1d` up is indistinguishable at this precision (a difference "
            "smaller than the indifference zone 0.005 (from the spec) is no difference") in said
    assert "`cover_1d` is the cheapest of them." in said
    # the knee and what each step buys
    assert "The knee of cost against `unmet_energy_share` is `cover_0.25d`" in said
    assert "`no_depot` to `cover_0.25d`: 6,000 yuan more for" in said
    # a zone of 0: 2 and 7 days still tie (the noise), 1 day is behind by more than it
    zero = tmp_path / "zero"
    zero.mkdir()
    spec = _spec(zero)
    spec.write_text(spec.read_text().replace("indifference = 0.005", "indifference = 0"))
    loaded = load_compare_spec(spec)
    study = robust_study(loaded, *_runs(loaded))
    assert "cover_1d" not in study.ties.tied and "cover_2d" in study.ties.tied


def test_no_finding_when_no_service_difference_is_clear(tmp_path):
    loaded = load_compare_spec(_spec(tmp_path, threshold=0.25))
    same = dict.fromkeys(SIZES, 0.2)  # every size the same service, replication by replication
    manifest, runs = _runs(loaded, same)
    for column in ("unmet_energy_share",):  # the same value for every policy of a pair
        runs[column] = runs.groupby(["point_index", "replication"])[column].transform("first")
    kpis = [k.model_dump() for k in loaded.spec.kpis]
    comparison = comparison_table(runs, manifest, kpis)
    study = robust_study(loaded, manifest, runs, comparison)
    service = comparison[(comparison["kpi"] == "unmet_energy_share")
                         & (comparison["policy"] != "no_depot")]
    assert (service["p_holm"] == 1.0).all()
    lines = recommendation_lines(study)
    assert "the figures show no difference in service" in lines[1]
    assert "is not a finding about service" in lines[1]
    assert "any size from `no_depot` up is indistinguishable" in " ".join(lines)
    # the quotable paragraphs say the same as the recommendation
    story = Story(loaded, manifest, runs, comparison, best_table(runs, manifest, kpis),
                  outcome=None, figures=[], study=study)
    plain = story.plain()
    assert lines[1] in plain[-2] and plain[-2].startswith("Over every condition: ")
    assert not any("lowered `unmet_energy_share`" in p for p in plain)
    # where the runs do show one, the report says so instead
    loaded2 = load_compare_spec(_spec(tmp_path))
    manifest2, runs2 = _runs(loaded2)
    clear = robust_study(loaded2, manifest2, runs2)
    assert "a clear difference in `unmet_energy_share`" in " ".join(recommendation_lines(clear))


def test_the_shipped_depot_study_loads_with_sizes_thresholds_in_need_and_a_sweep():
    loaded = load_compare_spec(ROOT / "experiments" / "depot-study.toml")
    spec = loaded.spec
    sizes = [p.size for p in spec.policies]
    assert sizes == sorted(sizes) and sizes[0] == 0 and sizes[-1] >= 7
    assert {0.1, 0.25, 0.5, 1} <= set(sizes)
    assert 14 <= loaded.base.run.horizon_days <= 28 or 14 <= spec.horizon_days <= 28
    assert set(spec.thresholds) <= {"unmet_energy_share", "households_ever_without_energy_share"}
    assert spec.threshold_sensitivity.kpi == "unmet_energy_share"
    assert len(spec.threshold_sensitivity.values) >= 5
    variables = {v.name for v in spec.ensemble.variables}
    assert {"outage_start_day", "outage_days", "market_capacity_share", "second_wave_day",
            "pickers_local_share", "renters_staples_days"} <= variables
    assert len(loaded.arms) == len(spec.policies) * spec.ensemble.size


@pytest.mark.parametrize("old, new, marker, field, says", [
    ('values = [0.03, 0.06, 0.1, 0.25]', 'values = [0.03]', "threshold_sensitivity",
     "threshold_sensitivity.values", "at least 2"),
    ('kpi = "unmet_energy_share", values', 'kpi = "unmet_energy_shares", values',
     "threshold_sensitivity", "threshold_sensitivity.kpi", "not among the kpis compared"),
    ('name = "cover_1d"\nsize = 1\n', 'name = "cover_1d"\n', 'name = "cover_1d"',
     "policies[2].size", "give every policy a size"),
    ('name = "cover_1d"\nsize = 1\n', 'name = "cover_1d"\nsize = -1\n', "size = -1",
     "policies[2].size", "greater than or equal to 0"),
    ('size_unit = "days of cover"', 'size_units = "days of cover"', "size_units", "size_units",
     "unknown key"),
])
def test_a_bad_depot_study_spec_exits_2_with_file_line_and_field(tmp_path, capsys, old, new,
                                                                 marker, field, says):
    spec = _spec(tmp_path)
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new))
    line = next(i for i, t in enumerate(spec.read_text().splitlines(), 1) if marker in t)
    status = main(["compare", str(spec), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"{spec}:{line}: {field}: " in err and says in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_sizes_and_the_threshold_sweep_decide_no_run(tmp_path):
    """Stored runs are reused when only the sweep, the sizes or their unit change, and a spec
    without them is planned as before they existed."""
    from sim.apps.compare.plan import plan_comparison

    spec = _spec(tmp_path)
    planned = plan_comparison(load_compare_spec(spec), 2)
    text = spec.read_text()
    bare = text.replace('size_unit = "days of cover"\n', "").replace(
        'threshold_sensitivity = { kpi = "unmet_energy_share", values = [0.03, 0.06, 0.1, 0.25] }\n',
        "")
    for size in SIZES.values():
        bare = bare.replace(f"size = {size}\n", "")
    spec.write_text(bare)
    without = plan_comparison(load_compare_spec(spec), 2)
    assert planned["spec"] == without["spec"]
    assert "size" not in without["spec"]["policies"][0]
    assert [r["run_id"] for r in planned["runs"]] == [r["run_id"] for r in without["runs"]]


def _sweep(policies, rules, shares, thresholds=(0.01, 0.02, 0.03, 0.05, 0.1)) -> pd.DataFrame:
    return pd.DataFrame({"kpi": "unmet_energy_share", "bound": "max", "threshold": list(thresholds),
                         "policy": policies, "size": None, "rule": rules,
                         "satisficing_share": shares, "tied": ""})


def test_a_threshold_met_only_in_some_conditions_is_said_with_its_share():
    """Below what any policy meets everywhere, the cheapest of those that meet every threshold
    as often as any is named with that share, and its stretch is not merged with the same
    policy's stretch where it meets them everywhere."""
    table = _sweep(["cover_4d", "cover_0.25d", "cover_0.5d", "cover_0.25d", "cover_0.25d"],
                   ["minimax_regret_on_service"] + ["satisficing_then_cost"] * 4,
                   [0.0, 0.5, 1.0, 1.0, 1.0])
    said = threshold_sentence(SimpleNamespace(sensitivity=table))
    assert said.endswith(
        "decides it: `cover_4d` at ≤ 0.01 (no policy meets every threshold in any condition: the "
        "least maximum regret); `cover_0.25d` at ≤ 0.02 (meeting every threshold in 50% of the "
        "conditions, as many as any policy); `cover_0.5d` at ≤ 0.03; `cover_0.25d` at ≤ 0.05 to 0.1.")
    assert [(r.policy, r.low, r.high) for r in stretches(table)] == [
        ("cover_4d", 0.01, 0.01), ("cover_0.25d", 0.02, 0.02), ("cover_0.5d", 0.03, 0.03),
        ("cover_0.25d", 0.05, 0.1)]


def test_the_same_policy_at_every_threshold_is_no_change_even_where_it_meets_them_less_often():
    table = _sweep(["cover_1d"] * 5, ["satisficing_then_cost"] * 5, [0.5, 0.995, 1.0, 1.0, 1.0])
    said = threshold_sentence(SimpleNamespace(sensitivity=table))
    assert said == (
        "The recommendation does not depend on the threshold within the range tried: `cover_1d` "
        "at every `unmet_energy_share` ≤ 0.01 to 0.1, but not in every condition: "
        "`cover_1d` at ≤ 0.01 (meeting every threshold in 50% of the conditions, as many as "
        "any policy); `cover_1d` at ≤ 0.02 (meeting every threshold in 99.5% of the conditions, "
        "as many as any policy); `cover_1d` at ≤ 0.03 to 0.1.")
    nowhere = _sweep(["cover_7d"] * 5, ["minimax_regret_on_service"] * 5, [0.0] * 5)
    assert threshold_sentence(SimpleNamespace(sensitivity=nowhere)).endswith(
        "but not in every condition: `cover_7d` at ≤ 0.01 to 0.1 (no policy "
        "meets every threshold in any condition: the least maximum regret).")
    everywhere = _sweep(["cover_1d"] * 5, ["satisficing_then_cost"] * 5, [1.0] * 5)
    assert threshold_sentence(SimpleNamespace(sensitivity=everywhere)).endswith(
        "`cover_1d` at every `unmet_energy_share` ≤ 0.01 to 0.1.")
