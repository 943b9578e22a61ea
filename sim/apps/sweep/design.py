"""Experimental designs: the points of a sweep, from a full grid or a sampler.

Samplers come from scipy (Latin hypercube) and SALib (Sobol/Saltelli, Morris), seeded from
the spec's root seed, so the same spec always plans the same points. Policies (parameters
marked `policy = true`) are crossed with every point and never change the point's index.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from sim.apps.sweep.spec import LoadedSpec, Parameter
from sim.core.random_streams import derive_seed, stream_key


@dataclass(frozen=True)
class Design:
    points: list[dict]     # uncertainty values by dotted path; the index is the seed's address
    policies: list[dict]   # policy values by dotted path, crossed with every point
    problem: dict | None   # SALib problem over the sampled parameters (Sobol/Morris/LHS)


def sampler_seed(root_seed: int) -> int:
    """The samplers' own seed: an address no run seed (point, replication) can take."""
    return derive_seed(root_seed, *stream_key("sweep design"), 0)


def make_design(loaded: LoadedSpec) -> Design:
    spec = loaded.spec
    uncertain = loaded.uncertainties
    policies = _grid(loaded.policies)
    if spec.design == "full_factorial":
        return Design(_grid(uncertain), policies, None)
    problem = {
        "num_vars": len(uncertain),
        "names": [p.path for p in uncertain],
        "bounds": [[p.low, p.high] for p in uncertain],
    }
    seed = sampler_seed(spec.root_seed)
    if spec.design == "latin_hypercube":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(uncertain), rng=np.random.default_rng(seed)).random(spec.samples)
        matrix = qmc.scale(unit, [p.low for p in uncertain], [p.high for p in uncertain])
    elif spec.design == "sobol":
        from SALib.sample import sobol

        matrix = sobol.sample(problem, spec.samples, calc_second_order=spec.sobol_second_order,
                              seed=seed)
    else:
        from SALib.sample import morris

        matrix = morris.sample(problem, spec.samples, num_levels=spec.morris_levels, seed=seed)
    points = [{p.path: _cast(p, x) for p, x in zip(uncertain, row, strict=True)} for row in matrix]
    return Design(points, policies, problem)


def _grid(parameters: list[Parameter]) -> list[dict]:
    if not parameters:
        return [{}]
    paths = [p.path for p in parameters]
    return [dict(zip(paths, combo, strict=True))
            for combo in itertools.product(*(p.values for p in parameters))]


def _cast(parameter: Parameter, x: float):
    """A sampled value as the scenario wants it: a plain float, or rounded for integers."""
    return int(round(float(x))) if parameter.integer else float(x)
