"""Global sensitivity indices for Sobol and Morris designs (SALib), per policy and KPI.

Each design point's output is its mean over replications; the analysis needs every point,
so a KPI or policy with a missing or non-numeric point is skipped and said so. Each index
is set against the replication noise it could be made of (sim/apps/sweep/noise.py): the table
says, per KPI, how much of the spread between points is noise, and marks the indices that
noise alone could explain, so seeds are not mistaken for parameters.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.apps.sweep.design import sampler_seed
from sim.apps.sweep.noise import (
    DOMINATED_FROM,
    dominated_by_noise,
    morris_mu_star_noise_floor,
    noise_share,
    point_mean_noise_variance,
    sobol_total_noise_floor,
)
from sim.apps.sweep.spec import SENSITIVITY_DESIGNS, SweepSpec
from sim.core.i18n import translator

ENGLISH = translator("en")


@dataclass
class Sensitivity:
    table: pd.DataFrame | None  # None when the design has no indices
    notes: list[str] = field(default_factory=list)     # what was skipped
    warnings: list[str] = field(default_factory=list)  # indices that noise dominates


def sensitivity_table(manifest: dict, runs: pd.DataFrame, tr=ENGLISH) -> Sensitivity:
    """Indices as a long table (with noise_share, noise_floor and noise_dominated), notes
    about what was skipped and warnings about what noise dominates (in the language of `tr`)."""
    spec = SweepSpec.model_validate(manifest["spec"])
    if spec.design not in SENSITIVITY_DESIGNS:
        return Sensitivity(None)
    problem = manifest["problem"]
    seed = sampler_seed(spec.root_seed)
    finished = runs[runs["status"] == "finished"]
    found = Sensitivity(None)
    rows = []
    for policy in range(manifest["policies"]):
        at_policy = finished[finished["policy_index"] == policy]
        for kpi in manifest["kpis"]:
            if not pd.api.types.is_numeric_dtype(runs[kpi]):
                continue
            means = at_policy.groupby("point_index")[kpi].mean().reindex(range(manifest["points"]))
            y = means.to_numpy(dtype=float, na_value=np.nan)
            if np.isnan(y).any():
                found.notes.append(tr("policy {policy}, {kpi}: {count} point(s) without a value; "
                                      "no indices").format(policy=policy, kpi=kpi,
                                                           count=int(np.isnan(y).sum())))
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                indices = _indices(spec, problem, y, seed, policy, kpi)
            _mark_noise(spec, indices, _replicated(at_policy, kpi))
            rows += indices
            if np.ptp(y) == 0:
                found.notes.append(tr("{where}: the same at every design point: no parameter "
                                      "moves it (indices 0)").format(
                                          where=_where(manifest, policy, kpi, tr)))
            found.warnings += _noise_warnings(spec, manifest, policy, kpi, indices, tr)
    if spec.replications < 2:
        found.warnings.append(tr(
            "replications = 1: the noise in the sensitivity indices cannot be estimated "
            "(noise_share is empty); use replications = 2 or more"))
    found.table = pd.DataFrame(rows)
    return found


def _replicated(at_policy: pd.DataFrame, kpi: str) -> np.ndarray:
    """points x replications of `kpi`, the points with every replication only."""
    table = at_policy.pivot_table(index="point_index", columns="replication", values=kpi,
                                  aggfunc="first", dropna=False)
    return table.dropna().to_numpy(dtype=float)


def _mark_noise(spec: SweepSpec, indices: list[dict], values: np.ndarray) -> None:
    share = noise_share(values)
    if np.isnan(share):
        floor = np.nan
    elif spec.design == "sobol":
        floor = sobol_total_noise_floor(share)
    else:
        floor = morris_mu_star_noise_floor(point_mean_noise_variance(values), spec.morris_levels)
    key = _main_index(spec)
    for row in indices:
        row["noise_share"] = share
        row["noise_floor"] = floor
        row["noise_dominated"] = dominated_by_noise(row[key], floor, share)


def _noise_warnings(spec: SweepSpec, manifest: dict, policy: int, kpi: str,
                    indices: list[dict], tr=ENGLISH) -> list[str]:
    key = _main_index(spec)
    flagged = [f"{row['parameter']} ({row[key]:.3g})" for row in indices if row["noise_dominated"]]
    if not flagged:
        return []
    where = _where(manifest, policy, kpi, tr)
    share, floor = indices[0]["noise_share"], indices[0]["noise_floor"]
    if share < DOMINATED_FROM:
        return [tr("{where}: {index} of {parameters} within replication noise (noise floor "
                   "{floor:.3g}): no effect of these can be told from these runs").format(
                       where=where, index=key, parameters=", ".join(flagged), floor=floor)]
    advice = (tr("more replications would sharpen them") if manifest.get("common_random_numbers")
              else tr("common_random_numbers = true or more replications would sharpen them"))
    return [tr("{where}: replication noise explains {share:.1%} of the spread between design "
               "points, so its indices measure the seeds: {index} of {parameters} cannot be told "
               "from noise (noise_dominated in sensitivity.csv); {advice}").format(
                   where=where, share=share, index=key, parameters=", ".join(flagged),
                   advice=advice)]


def _where(manifest: dict, policy: int, kpi: str, tr=ENGLISH) -> str:
    if manifest["policies"] > 1:
        return tr("policy {policy}, {kpi}").format(policy=policy, kpi=kpi)
    return kpi


def _main_index(spec: SweepSpec) -> str:
    """The index judged against noise: total-order for Sobol, mu* for Morris."""
    return "ST" if spec.design == "sobol" else "mu_star"


def _indices(spec: SweepSpec, problem: dict, y: np.ndarray, seed: int, policy: int,
             kpi: str) -> list[dict]:
    if spec.design == "sobol":
        from SALib.analyze import sobol

        result = sobol.analyze(problem, y, calc_second_order=spec.sobol_second_order,
                               seed=seed, print_to_console=False)
        keys = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        from SALib.analyze import morris
        from SALib.sample import morris as morris_sample

        x = morris_sample.sample(problem, spec.samples, num_levels=spec.morris_levels, seed=seed)
        result = morris.analyze(problem, x, y, num_levels=spec.morris_levels, seed=seed,
                                print_to_console=False)
        keys = ("mu", "mu_star", "sigma", "mu_star_conf")
    return [{"policy_index": policy, "kpi": kpi, "parameter": name,
             **{k: float(result[k][i]) for k in keys}}
            for i, name in enumerate(problem["names"])]
