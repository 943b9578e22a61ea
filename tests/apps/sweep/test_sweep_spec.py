"""Sweep specs: planning (ids, seeds, designs) and the errors a bad spec gets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.apps.sweep.plan import plan_sweep
from sim.apps.sweep.spec import load_sweep_spec
from sim.cli.commands import main
from sim.core.random_streams import derive_seed
from sim.inputs.scenario_loading import ScenarioError
from tests.support.sweep_fixtures import SMALL_SWEEP, write_spec


def test_plan_crosses_policies_with_points_and_policies_share_seeds(tmp_path):
    manifest = plan_sweep(load_sweep_spec(write_spec(tmp_path)))
    runs = manifest["runs"]
    assert len(runs) == 2 * 2 * 3  # points x policies x replications
    assert len({r["run_id"] for r in runs}) == len(runs)
    for r in runs:
        assert r["seed"] == derive_seed(7, r["point_index"], r["replication"])
    by_address = {}
    for r in runs:
        by_address.setdefault((r["point_index"], r["replication"]), set()).add(r["seed"])
    assert all(len(seeds) == 1 for seeds in by_address.values())  # couriers never change seeds
    assert len({seeds.pop() for seeds in by_address.values()}) == 2 * 3
    (tmp_path / "elsewhere").mkdir()
    again = plan_sweep(load_sweep_spec(write_spec(tmp_path / "elsewhere", name="other")))
    assert [r["run_id"] for r in again["runs"]] == [r["run_id"] for r in runs]


def test_run_id_changes_with_parameters_replication_and_root_seed(tmp_path):
    base = plan_sweep(load_sweep_spec(write_spec(tmp_path)))["runs"]
    reseeded = plan_sweep(load_sweep_spec(write_spec(
        tmp_path, SMALL_SWEEP.replace("root_seed = 7", "root_seed = 8"), name="b")))["runs"]
    assert not {r["run_id"] for r in base} & {r["run_id"] for r in reseeded}


@pytest.mark.parametrize("design, samples, runs", [
    ("latin_hypercube", 5, 5 * 2), ("sobol", 4, 4 * (2 + 2) * 2), ("morris", 3, 3 * (2 + 1) * 2),
])
def test_samplers_plan_points_inside_their_ranges(tmp_path, design, samples, runs):
    body = f"""
design = "{design}"
samples = {samples}
root_seed = 3
kpis = ["orders_delivered"]
[[parameters]]
path = "couriers.whitelist_size"
values = [2, 10]
policy = true
[[parameters]]
path = "households.first_day_order_share"
low = 0.2
high = 0.8
[[parameters]]
path = "couriers.max_batch_orders"
low = 2
high = 30
integer = true
"""
    manifest = plan_sweep(load_sweep_spec(write_spec(tmp_path, body)))
    assert len(manifest["runs"]) == runs
    shares = [r["parameters"]["households.first_day_order_share"] for r in manifest["runs"]]
    batches = [r["parameters"]["couriers.max_batch_orders"] for r in manifest["runs"]]
    assert all(0.2 <= s <= 0.8 for s in shares) and len(set(shares)) > 1
    assert all(isinstance(b, int) and 2 <= b <= 30 for b in batches)
    assert plan_sweep(load_sweep_spec(write_spec(tmp_path, body)))["runs"] == manifest["runs"]


def _problems(tmp_path, body):
    path = write_spec(tmp_path, body)
    with pytest.raises(ScenarioError) as caught:
        load_sweep_spec(path)
    lines = path.read_text().splitlines()
    return caught.value.problems, lines


def test_unknown_key_names_file_line_field_and_allowed_keys(tmp_path):
    problems, lines = _problems(tmp_path, SMALL_SWEEP.replace("replications =", "replicatons ="))
    (p,) = problems
    assert p.field == "replicatons" and lines[p.line - 1].startswith("replicatons")
    assert "did you mean 'replications'" in p.message and "root_seed" in p.message
    assert p.file.endswith("sweep-small.toml")


def test_unknown_parameter_path_lists_what_is_allowed_there(tmp_path):
    problems, lines = _problems(tmp_path, SMALL_SWEEP.replace('"couriers.whitelist_size"',
                                                             '"couriers.whitelist"'))
    (p,) = problems
    assert p.field == "parameters[0].path" and "couriers.whitelist" in lines[p.line - 1]
    assert "unknown parameter path" in p.message and "whitelist_size" in p.message


def test_bad_design_and_range_in_a_grid_are_reported(tmp_path):
    problems, lines = _problems(tmp_path, SMALL_SWEEP.replace('"full_factorial"', '"grid"'))
    (p,) = problems
    assert p.field == "design" and lines[p.line - 1].startswith("design")
    assert "full_factorial, latin_hypercube, sobol, morris" in p.message
    ranged = SMALL_SWEEP.replace("values = [0.3, 0.7]", "low = 0.3\nhigh = 0.7")
    problems, _ = _problems(tmp_path, ranged)
    assert [p.field for p in problems] == ["parameters[1].low"]
    assert "full_factorial needs values" in problems[0].message


def test_invalid_level_and_unknown_kpi_are_reported(tmp_path):
    body = SMALL_SWEEP.replace("values = [2, 10]", "values = [2, -1]").replace(
        '"busiest_store"', '"busiest_shop"')
    problems, _ = _problems(tmp_path, body)
    fields = {p.field: p.message for p in problems}
    assert "-1 is not valid for couriers.whitelist_size" in fields["parameters[0].values"]
    assert "did you mean 'busiest_store'" in fields["kpis"]


def test_cli_bad_spec_exits_2_with_location_and_no_traceback(tmp_path, capsys):
    path = write_spec(tmp_path, SMALL_SWEEP.replace('"full_factorial"', '"factorial"'))
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if t.startswith("design"))
    assert f"{path}:{line}: design: unknown design 'factorial'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_summarize_without_folder_and_missing_folder_exit_2(tmp_path, capsys):
    assert main(["sweep", "summarize"]) == 2
    assert main(["sweep", "summarize", str(tmp_path / "nothing")]) == 2
    assert "not a sweep folder" in capsys.readouterr().err


SOBOL_SWEEP = """
design = "sobol"
samples = 8
replications = 2
root_seed = 11
kpis = ["orders_placed"]
[[parameters]]
path = "couriers.whitelist_size"
low = 2
high = 3
integer = true
[[parameters]]
path = "volunteers.orders_per_round"
low = 1
high = 2
integer = true
"""


def test_sobol_gives_every_point_of_a_replication_the_same_seed_and_says_so(tmp_path):
    manifest = plan_sweep(load_sweep_spec(write_spec(tmp_path, SOBOL_SWEEP)))
    runs = manifest["runs"]
    assert manifest["common_random_numbers"] is True
    seeds = {}
    for r in runs:
        seeds.setdefault(r["replication"], set()).add(r["seed"])
    assert [len(s) for s in seeds.values()] == [1, 1] and seeds[0] != seeds[1]
    # two integer parameters over two levels: most of the 32 points coincide, yet every run
    # keeps its own id
    assert len({tuple(r["parameters"].values()) for r in runs}) <= 4
    assert len({r["run_id"] for r in runs}) == len(runs)


def _crn_body(design: str, samples: int = 8, replications: int = 2,
              common: bool | None = None) -> str:
    """SOBOL_SWEEP under another design, sample size, replication count or seeding."""
    body = SOBOL_SWEEP.replace("replications = 2", f"replications = {replications}")
    if design == "full_factorial":
        body = body.replace('design = "sobol"\nsamples = 8', 'design = "full_factorial"')
        body = body.replace("low = 2\nhigh = 3", "values = [2, 3]").replace(
            "low = 1\nhigh = 2", "values = [1, 2]")
    else:
        body = body.replace('"sobol"\nsamples = 8', f'"{design}"\nsamples = {samples}')
    if common is not None:
        body = f"common_random_numbers = {str(common).lower()}\n" + body
    return body


@pytest.mark.parametrize("design, common, used", [
    ("sobol", False, False), ("full_factorial", None, False), ("full_factorial", True, True),
])
def test_common_random_numbers_is_a_spec_option(tmp_path, design, common, used):
    manifest = plan_sweep(load_sweep_spec(write_spec(tmp_path, _crn_body(design, common=common))))
    assert manifest["common_random_numbers"] is used
    seeds_per_replication = {r["replication"]: set() for r in manifest["runs"]}
    for r in manifest["runs"]:
        seeds_per_replication[r["replication"]].add(r["seed"])
        if not used:
            assert r["seed"] == derive_seed(11, r["point_index"], r["replication"])
    assert all((len(s) == 1) is used for s in seeds_per_replication.values())


def test_common_random_numbers_must_be_true_or_false(tmp_path):
    problems, lines = _problems(tmp_path, 'common_random_numbers = "yes"\n' + SOBOL_SWEEP)
    (p,) = problems
    assert p.field == "common_random_numbers" and lines[p.line - 1].startswith("common_random")


@given(design=st.sampled_from(["sobol", "morris", "full_factorial"]),
       common=st.sampled_from([None, True, False]),
       replications=st.integers(1, 3), more_replications=st.integers(0, 2),
       samples_power=st.integers(0, 2), more_power=st.integers(0, 1))
def test_a_grown_plan_keeps_every_run_of_the_smaller_one(
        tmp_path_factory, design, common, replications, more_replications, samples_power,
        more_power):
    """Run ids and seeds do not depend on how many replications or samples there are, so
    growing a spec keeps every planned run, seed for seed."""
    folder = tmp_path_factory.mktemp("grown")

    def plan(reps, power):
        body = _crn_body(design, 2 ** power, reps, common)
        return plan_sweep(load_sweep_spec(write_spec(folder, body, name=f"g{reps}-{power}")))

    small = plan(replications, samples_power)
    grown = plan(replications + more_replications, samples_power + more_power)
    grown_runs = {r["run_id"]: r for r in grown["runs"]}
    for run in small["runs"]:
        assert grown_runs[run["run_id"]] == run
