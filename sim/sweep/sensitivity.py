"""Global sensitivity indices for Sobol and Morris designs (SALib), per policy and KPI.

Each design point's output is its mean over replications; the analysis needs every point,
so a KPI or policy with a missing or non-numeric point is skipped and said so.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from sim.sweep.design import sampler_seed
from sim.sweep.spec import SweepSpec


def sensitivity_table(manifest: dict, runs: pd.DataFrame) -> tuple[pd.DataFrame | None, list[str]]:
    """Indices as a long table, and notes about what was skipped; None if the design has none."""
    spec = SweepSpec.model_validate(manifest["spec"])
    if spec.design not in ("sobol", "morris"):
        return None, []
    problem = manifest["problem"]
    seed = sampler_seed(spec.root_seed)
    finished = runs[runs["status"] == "finished"]
    rows, notes = [], []
    for policy in range(manifest["policies"]):
        at_policy = finished[finished["policy_index"] == policy]
        for kpi in manifest["kpis"]:
            if not pd.api.types.is_numeric_dtype(runs[kpi]):
                continue
            means = at_policy.groupby("point_index")[kpi].mean().reindex(range(manifest["points"]))
            y = means.to_numpy(dtype=float, na_value=np.nan)
            if np.isnan(y).any():
                notes.append(f"policy {policy}, {kpi}: {int(np.isnan(y).sum())} point(s) "
                             f"without a value; no indices")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows += _indices(spec, problem, y, seed, policy, kpi)
    return pd.DataFrame(rows), notes


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
