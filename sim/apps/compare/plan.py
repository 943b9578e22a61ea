"""The manifest of a comparison: every planned run, in the sweep engine's format, so the sweep's
storage, executors and resume serve it unchanged.

A run's seed depends on the root seed and its replication only (common random numbers): every
policy, under every condition, meets the same seed in a replication, so a paired difference is
the policy's. A run's id hashes its condition, policy, the values they set, replication and
seed. More replications grow the manifest (the sweep storage accepts a grown plan and keeps
every stored run), which is how the precision rule adds rounds.
"""

from __future__ import annotations

import hashlib
import json

from sim.apps.compare.spec import LoadedComparison
from sim.apps.sweep.plan import run_id_of, run_seed
from sim.apps.sweep.worker import RunTask
from sim.scenario import decisive_part

MANIFEST_FORMAT = 1
KIND = "comparison"
_NOT_DECISIVE = {"precision", "kpis", "thresholds", "trade_off", "lang", "threshold_sensitivity",
                 "size_unit"}
# a policy's size places it on the study's scale; it sets nothing in the runs
_NOT_DECISIVE_IN_OPTIONS = {"policies": {"__all__": {"size"}}, "scenarios": {"__all__": {"size"}}}


def replication_seed(root_seed: int, replication: int) -> int:
    """The seed of every run of `replication`, whatever its policy or condition."""
    return run_seed(root_seed, 0, replication, common_random_numbers=True)


def plan_comparison(loaded: LoadedComparison, replications: int) -> dict:
    """The manifest for `replications` replications of every (condition, policy)."""
    spec = loaded.spec
    draws = loaded.posterior
    runs = []
    for arm in loaded.arms:
        identity = {"scenario": arm.scenario_name, "policy": arm.policy_name, "set": arm.settings}
        for replication in range(replications):
            seed = replication_seed(spec.root_seed, replication)
            runs.append({
                "run_id": run_id_of(identity, replication, seed),
                "point_index": arm.scenario_index,
                "policy_index": arm.policy_index,
                "replication": replication,
                "seed": seed,
                "parameters": draws.values(replication) if draws else {},
            })
    body = {
        "format": MANIFEST_FORMAT,
        "kind": KIND,
        "name": loaded.name,
        "spec_file": str(loaded.path),
        # what decides the runs: a new precision target, goal, indifference zone, threshold,
        # threshold sweep, size, trade-off or report language reuses them (a spec without an
        # ensemble is recorded as before it existed)
        "spec": {**spec.model_dump(mode="json", exclude={
                     **dict.fromkeys(_NOT_DECISIVE | (set() if spec.ensemble else {"ensemble"}),
                                     True), **_NOT_DECISIVE_IN_OPTIONS}),
                 "kpis": loaded.kpi_names, "replications": replications},
        "precision": spec.precision.model_dump(mode="json") if spec.precision else None,
        "common_random_numbers": True,
        "parameters": draws.paths if draws else [],
        "policy_parameters": [],
        "kpis": loaded.kpi_names,
        "scenarios": loaded.scenario_names,
        "policy_names": loaded.policy_names,
        "baseline": loaded.policy_names[loaded.baseline_index],
        "scenario": loaded.base.model_dump(mode="json", by_alias=True),
    }
    decisive = {k: body[k] for k in ("format", "kind", "spec")}
    decisive["scenario"] = decisive_part(body["scenario"])  # names and language decide no run
    if draws:  # the posterior's particles decide the runs' values
        decisive["posterior"] = draws.fingerprint
    text = json.dumps(decisive, sort_keys=True, separators=(",", ":"), default=str)
    body["fingerprint"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    body["runs"] = runs
    return body


def tasks_of(loaded: LoadedComparison, manifest: dict, run_ids: set[str]) -> list[RunTask]:
    """The worker tasks of the manifest's runs in `run_ids`: each carries its arm's scenario."""
    scenarios = {(a.scenario_index, a.policy_index): a.scenario for a in loaded.arms}
    kpis = tuple(manifest["kpis"])
    return [RunTask(r["run_id"], r["point_index"], r["policy_index"], r["replication"],
                    r["seed"], r["parameters"], kpis, scenarios[(r["point_index"], r["policy_index"])])
            for r in manifest["runs"] if r["run_id"] in run_ids]
