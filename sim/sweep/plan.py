"""The manifest: every planned run of a sweep, written before the first run starts.

A run's id is a hash of its parameter values, replication and seed, so it names the same
run on any machine and in any order. Its seed comes from `derive_seed(root_seed,
point_index, replication)`: policies never enter the address, so every policy compared at
a point meets the same random numbers. The manifest carries the (shortened) base scenario,
so any worker, or a researcher months later, can rebuild any run from it alone.
"""

from __future__ import annotations

import hashlib
import json

from sim.random_streams import derive_seed
from sim.scenario import Scenario
from sim.sweep.design import make_design
from sim.sweep.spec import LoadedSpec

MANIFEST_FORMAT = 1


def run_id_of(parameters: dict, replication: int, seed: int) -> str:
    """16 hex digits of SHA-256 over the run's parameter values, replication and seed (the
    seed tells apart two sampled points that happen to coincide after rounding)."""
    text = json.dumps({"parameters": parameters, "replication": int(replication), "seed": int(seed)},
                      sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def plan_sweep(loaded: LoadedSpec) -> dict:
    """The manifest of `loaded`: what will run, with which seed, under which id."""
    spec = loaded.spec
    design = make_design(loaded)
    order = [p.path for p in spec.parameters]
    runs = []
    for point_index, point in enumerate(design.points):
        for policy_index, policy in enumerate(design.policies):
            values = {**point, **policy}
            parameters = {path: values[path] for path in order}
            for replication in range(spec.replications):
                seed = derive_seed(spec.root_seed, point_index, replication)
                runs.append({
                    "run_id": run_id_of(parameters, replication, seed),
                    "point_index": point_index,
                    "policy_index": policy_index,
                    "replication": replication,
                    "seed": seed,
                    "parameters": parameters,
                })
    scenario = loaded.scenario.model_dump(mode="json", by_alias=True)
    body = {
        "format": MANIFEST_FORMAT,
        "name": loaded.name,
        "spec_file": str(loaded.path),
        "spec": spec.model_dump(mode="json"),
        "parameters": order,
        "policy_parameters": [p.path for p in loaded.policies],
        "kpis": list(spec.kpis),
        "problem": design.problem,
        "points": len(design.points),
        "policies": len(design.policies),
        "scenario": scenario,
    }
    body["fingerprint"] = _fingerprint(body)
    body["runs"] = runs
    return body


def _fingerprint(body: dict) -> str:
    """Hash of everything that decides the results (not the spec's file name or comments)."""
    decisive = {k: body[k] for k in ("format", "spec", "scenario")}
    text = json.dumps(decisive, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_of(manifest: dict) -> Scenario:
    return Scenario.model_validate(manifest["scenario"])

