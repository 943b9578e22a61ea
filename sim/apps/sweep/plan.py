"""The manifest: every planned run of a sweep, written before the first run starts.

A run's id is a hash of its parameter values, replication and seed, so it names the same
run on any machine and in any order. Policies never enter a seed's address, so every policy
compared at a point meets the same random numbers. With common random numbers (the default
for Sobol and Morris) the seed depends on the replication only, so every design point of a
replication meets the same random numbers too; otherwise each point has its own seeds,
`derive_seed(root_seed, point_index, replication)`. The manifest says which was used and
carries the (shortened) base scenario, so any worker, or a researcher months later, can
rebuild any run from it alone.
"""

from __future__ import annotations

import hashlib
import json

from sim.apps.sweep.design import make_design
from sim.apps.sweep.spec import LoadedSpec
from sim.core.random_streams import derive_seed, stream_key
from sim.scenario import Scenario, decisive_part

MANIFEST_FORMAT = 1


def run_id_of(parameters: dict, replication: int, seed: int, point_index: int | None = None) -> str:
    """16 hex digits of SHA-256 over the run's parameter values, replication and seed (the
    seed tells apart two sampled points that happen to coincide after rounding). Under
    common random numbers coinciding points share seeds too, so their index is hashed as
    well; without, it is left out, which keeps the ids of sweeps planned before."""
    identity = {"parameters": parameters, "replication": int(replication), "seed": int(seed)}
    if point_index is not None:
        identity["point_index"] = int(point_index)
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def run_seed(root_seed: int, point_index: int, replication: int, common_random_numbers: bool) -> int:
    """A run's seed: by replication alone (common random numbers), or by point and replication."""
    if common_random_numbers:
        return derive_seed(root_seed, *stream_key("sweep common random numbers"), replication)
    return derive_seed(root_seed, point_index, replication)


def plan_sweep(loaded: LoadedSpec) -> dict:
    """The manifest of `loaded`: what will run, with which seed, under which id."""
    spec = loaded.spec
    design = make_design(loaded)
    order = [p.path for p in spec.parameters]
    common = spec.uses_common_random_numbers
    runs = []
    for point_index, point in enumerate(design.points):
        for policy_index, policy in enumerate(design.policies):
            values = {**point, **policy}
            parameters = {path: values[path] for path in order}
            for replication in range(spec.replications):
                seed = run_seed(spec.root_seed, point_index, replication, common)
                runs.append({
                    "run_id": run_id_of(parameters, replication, seed,
                                        point_index if common else None),
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
        "common_random_numbers": common,
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
    """Hash of everything that decides the results (not the spec's file name or comments).
    The seeding enters as resolved, and only when it is common random numbers, so a sweep
    planned before the option existed (seeds per point) keeps its fingerprint. The language
    of the summary decides nothing."""
    spec = {k: v for k, v in body["spec"].items() if k not in ("common_random_numbers", "lang")}
    decisive = {"format": body["format"], "spec": spec, "scenario": decisive_part(body["scenario"])}
    if body["common_random_numbers"]:
        decisive["common_random_numbers"] = True
    text = json.dumps(decisive, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_of(manifest: dict) -> Scenario:
    return Scenario.model_validate(manifest["scenario"])

