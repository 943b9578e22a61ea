"""Comparisons run end to end on the small town: shared random numbers make a policy that
changes nothing differ by exactly zero, a truly better policy is found better, the precision
rule stops when it should, and a killed comparison resumes without running a stored run again."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.apps.compare.runner import run_comparison
from sim.apps.compare.statistics import precision_check
from sim.apps.sweep.storage import read_manifest, read_runs
from tests.support.sweep_fixtures import SMALL_TOWN, kill_mid_run, rehearse

FIVE_AGAINST_TEN = """
[[policies]]
name = "five"
set = { "couriers.whitelist_size" = 5 }

[[policies]]
name = "ten"
set = {}
"""
KPIS = ["orders_placed", "orders_delivered", "fill_rate", "lead_time_minutes_mean",
        "courier_trips", "household_days_without_energy", "urgent_requests"]


def _spec(folder: Path, body: str, name: str = "compare-small") -> Path:
    path = Path(folder) / f"{name}.toml"
    path.write_text(f'base_scenario = "{SMALL_TOWN}"\nroot_seed = 11\n{body}', encoding="utf-8")
    return path


def _kpi_lines(goals: dict[str, str]) -> str:
    return "kpis = [\n" + "".join(f'  {{ name = "{k}", goal = "{g}" }},\n'
                                  for k, g in goals.items()) + "]\n"


def test_policies_that_cannot_change_anything_differ_by_exactly_zero(tmp_path):
    # the small town has no depot (capacity 0): where it would stand changes nothing
    spec = _spec(tmp_path, 'replications = 4\nhorizon_days = 0.75\n'
                 + _kpi_lines({k: "max" for k in KPIS}) + """
[[policies]]
name = "depot_here"
set = {}

[[policies]]
name = "depot_there"
set = { "depot.x_km" = 5.0, "depot.y_km" = -3.0, "depot.replenish_hour" = 3 }
""")
    outcome = run_comparison(spec, tmp_path / "out", workers=2, progress=False)
    assert outcome.finished == 8 and outcome.complete
    table = pd.read_csv(tmp_path / "out" / "comparison.csv")
    other = table[table["policy"] == "depot_there"]
    assert sorted(other["kpi"]) == sorted(KPIS)
    assert (other["n"] == 4).all()
    assert (other["diff_mean"] == 0).all()
    assert (other["diff_ci_low"] == 0).all() and (other["diff_ci_high"] == 0).all()
    assert (other["p_value"] == 1).all() and (other["p_holm"] == 1).all()
    runs = read_runs(tmp_path / "out")
    assert runs.groupby("replication")["seed"].nunique().eq(1).all()  # seeds by replication
    assert runs["seed"].nunique() == 4
    # 4 replications: the report warns that its intervals rest on too few
    assert ("Warning: fewer than 5 replications (4): a 95% interval from so few runs"
            in (tmp_path / "out" / "report.md").read_text())


@pytest.fixture(scope="module")
def couriers_compared(tmp_path_factory):
    folder = tmp_path_factory.mktemp("couriers")
    spec = _spec(folder, 'replications = 6\nhorizon_days = 1\nbaseline = "one"\n'
                 + _kpi_lines({"orders_delivered_within_120_minutes_share": "max",
                               "lead_time_minutes_mean": "min"}) + """
[[policies]]
name = "one"
set = { "couriers.whitelist_size" = 1 }

[[policies]]
name = "thirty"
set = { "couriers.whitelist_size" = 30 }

# couriers who neither live in a sealed village nor get exposed: the one is always at work
[[scenarios]]
name = "couriers_at_work"
set = { "couriers.living_outside_town_share" = 1.0, "couriers.exposure_probability_per_day" = 0.0 }
""")
    outcome = run_comparison(spec, folder / "out", workers=2, progress=False)
    return outcome, folder / "out"


def test_many_couriers_against_one_are_found_better(couriers_compared):
    outcome, out = couriers_compared
    table = pd.read_csv(out / "comparison.csv").set_index(["policy", "kpi"])
    delivered = table.loc[("thirty", "orders_delivered_within_120_minutes_share")]
    lead = table.loc[("thirty", "lead_time_minutes_mean")]
    assert delivered["diff_mean"] > 0 and delivered["p_holm"] < 0.05
    assert lead["diff_mean"] < 0 and lead["p_holm"] < 0.05
    best = pd.read_csv(out / "best.csv").set_index("kpi")
    assert best.loc["orders_delivered_within_120_minutes_share", "subset"] == "thirty"
    assert best.loc["lead_time_minutes_mean", "subset"] == "thirty"


def test_the_report_says_what_was_run_and_embeds_its_plots(couriers_compared):
    outcome, out = couriers_compared
    assert sorted(p.name for p in (out / "plots").iterdir()) == [
        "lead_time_minutes_mean.png", "orders_delivered_within_120_minutes_share.png"]
    markdown = (out / "report.md").read_text()
    assert "6 replications of each of the 2 policy-condition pairs (12 runs)" in markdown
    assert "Nelson, Swann, Goldsman and Song (2001)" in markdown
    assert "`thirty` raised `orders_delivered_within_120_minutes_share`" in markdown
    assert "(plots/lead_time_minutes_mean.png)" in markdown
    assert "Warning: fewer than" not in markdown  # 6 replications are enough
    # the spec gives no indifference zones: the report names the defaults it used
    assert "`lead_time_minutes_mean` (lower is better, indifference 5 (default for minutes))" in markdown
    assert "| 0.01 (default for shares) |" in markdown
    # the town's draws are the entities' own (the default): the report says so
    assert "each household, courier and store draws from a sequence of its own" in markdown
    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 2 and "plots/" not in page
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temporary file left


def _precision_spec(folder: Path, target: float, maximum: int) -> Path:
    return _spec(folder, "horizon_days = 0.5\n" + _kpi_lines({"orders_placed": "max", "courier_trips": "min"})
                 + FIVE_AGAINST_TEN + f"""
[precision]
kpi = "orders_placed"
relative_half_width = {target}
initial_replications = 3
max_replications = {maximum}
""")


def test_the_precision_rule_adds_rounds_until_tight_and_stops_then(tmp_path):
    target = 0.03
    outcome = run_comparison(_precision_spec(tmp_path, target, 60), tmp_path / "out",
                             workers=2, progress=False)
    rounds = outcome.rounds
    assert len(rounds) >= 2 and rounds[-1].met and not any(r.met for r in rounds[:-1])
    n = outcome.replications
    assert rounds[-1].n == n < 60
    runs = read_runs(tmp_path / "out")
    manifest = read_manifest(tmp_path / "out")
    assert precision_check(runs, manifest, "orders_placed", target, n).met
    assert not precision_check(runs, manifest, "orders_placed", target, rounds[-2].n).met
    assert pd.read_csv(tmp_path / "out" / "comparison.csv")["n"].eq(n).all()


def test_the_precision_rule_stops_at_its_maximum_and_says_so(tmp_path):
    outcome = run_comparison(_precision_spec(tmp_path, 0.0001, 5), tmp_path / "out",
                             workers=2, progress=False)
    assert outcome.replications == 5 and not outcome.rounds[-1].met
    assert "Stopped at max_replications = 5" in (tmp_path / "out" / "report.md").read_text()


def test_a_killed_comparison_resumes_without_running_a_stored_run_again(tmp_path):
    spec = _spec(tmp_path, 'replications = 12\nhorizon_days = 0.75\n'
                 + _kpi_lines({"orders_delivered": "max"}) + FIVE_AGAINST_TEN)
    out = tmp_path / "out"
    args = ("compare", str(spec), "--out", str(out), "--workers", "2", "--quiet")
    kill_mid_run(args, out, at_least=4)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "runs").glob("*.parquet")}
    assert 4 <= len(before) < 24, "the kill must land mid-comparison"
    assert not (out / "comparison.csv").exists()

    resumed = rehearse(*args)
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"{len(before)} already stored; ran {24 - len(before)} " in stdout
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "runs").glob("*.parquet")}
    assert len(after) == 24
    assert {name: after[name] for name in before} == before  # the stored runs were not rerun
    assert pd.read_csv(out / "comparison.csv")["n"].eq(12).all()
