"""Uncertainty carried forward: a compare spec's `[ensemble] posterior` makes each replication
draw a particle by weight (the same draws every time, the same particle for every policy of a
replication) and set its values; the report says so; a bad posterior exits 2 at its line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.apps.compare.plan import plan_comparison, tasks_of
from sim.apps.compare.spec import load_compare_spec
from sim.cli.commands import main
from tests.support.sweep_fixtures import SMALL_TOWN

REACH = "command_centre.reach_area_minutes.high"
PUBLISH = "command_centre.publish_minutes.high"


def write_posterior(folder: Path, rows: list[tuple[float, int, float]]) -> Path:
    path = folder / "posterior.parquet"
    pd.DataFrame(rows, columns=[REACH, PUBLISH, "weight"]).assign(distance=0.5).to_parquet(path)
    return path


def write_spec(folder: Path, posterior: str = "posterior.parquet", extra: str = "") -> Path:
    spec = folder / "study.toml"
    spec.write_text(f"""base_scenario = "{SMALL_TOWN}"
root_seed = 5
horizon_days = 0.2
replications = 4
kpis = [ {{ name = "channel_open_minutes_min", goal = "min" }} ]

[[policies]]
name = "as_is"

[[policies]]
name = "more_couriers"
set = {{ "couriers.whitelist_size" = 12 }}

[ensemble]
posterior = "{posterior}"
{extra}
""", encoding="utf-8")
    return spec


def runs_values(manifest: dict) -> list[dict]:
    return [(r["replication"], r["parameters"]) for r in manifest["runs"]]


def test_a_particle_of_all_the_weight_is_set_in_every_run(tmp_path):
    write_posterior(tmp_path, [(9.0, 3, 1.0 - 2e-12), (30.0, 6, 1e-12), (35.0, 2, 1e-12)])
    loaded = load_compare_spec(write_spec(tmp_path))
    manifest = plan_comparison(loaded, 4)
    assert {tuple(sorted(v.items())) for _, v in runs_values(manifest)} == {
        ((PUBLISH, 3), (REACH, 9.0))}
    tasks = tasks_of(loaded, manifest, {r["run_id"] for r in manifest["runs"]})
    assert all(t.parameters == {REACH: 9.0, PUBLISH: 3} for t in tasks)


def test_draws_follow_the_weights_are_the_same_every_time_and_paired_by_replication(tmp_path):
    write_posterior(tmp_path, [(10.0, 3, 0.8), (30.0, 6, 0.2)])
    spec = write_spec(tmp_path)
    loaded = load_compare_spec(spec)
    draws = [loaded.posterior.values(r)[REACH] for r in range(400)]
    assert 0.74 < draws.count(10.0) / 400 < 0.86
    again = load_compare_spec(spec)
    assert [again.posterior.values(r)[REACH] for r in range(400)] == draws
    manifest = plan_comparison(loaded, 4)
    by_replication: dict[int, set] = {}
    for replication, values in runs_values(manifest):
        by_replication.setdefault(replication, set()).add(values[REACH])
    assert all(len(v) == 1 for v in by_replication.values())  # every policy the same particle
    other_seed = load_compare_spec(write_spec(tmp_path, extra="seed = 99"))
    assert [other_seed.posterior.values(r)[REACH] for r in range(400)] != draws


def test_a_comparison_drawing_from_a_posterior_runs_with_its_values_and_says_so(tmp_path):
    write_posterior(tmp_path, [(9.0, 3, 1.0)])
    out = tmp_path / "out"
    assert main(["compare", str(write_spec(tmp_path)), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    from sim.apps.sweep.storage import read_runs

    runs = read_runs(out)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "drew their uncertain values from a posterior (`posterior.parquet`)" in report
    assert f"`{REACH}`" in report and f"`{PUBLISH}`" in report
    assert len(runs) == 8 and set(runs[REACH]) == {9.0} and set(runs[PUBLISH]) == {3}


@pytest.mark.parametrize("posterior, written, says", [
    ("missing.parquet", None, "no posterior at"),
    ("notes.parquet", "not parquet", "is not a Parquet table"),
    ("noweight.parquet", pd.DataFrame({REACH: [9.0]}), "needs a `weight` column"),
    ("badpath.parquet", pd.DataFrame({"command_centre.no_such": [9.0], "weight": [1.0]}),
     "must be paths of the base scenario"),
])
def test_a_bad_posterior_exits_2_at_its_line(tmp_path, capsys, posterior, written, says):
    if isinstance(written, str):
        (tmp_path / posterior).write_text(written, encoding="utf-8")
    elif written is not None:
        written.to_parquet(tmp_path / posterior)
    spec = write_spec(tmp_path, posterior)
    assert main(["compare", str(spec), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(spec.read_text().splitlines(), 1)
                if text.startswith("posterior ="))
    assert f"{spec}:{line}: ensemble.posterior" in err and says in err, err
