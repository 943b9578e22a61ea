"""A compare spec's `[ensemble]` expanded into named conditions: a Latin hypercube over the
ensemble's variables, drawn from its own seed, so the same spec always gives the same
conditions (see `sim/apps/compare/robust.py` for what a robust study does with them).
"""

from __future__ import annotations

import numpy as np

from sim.apps.compare.spec_schema import CompareSpec, Option
from sim.core.random_streams import RandomStreams


def latin_hypercube(size: int, dimensions: int, rng) -> np.ndarray:
    """`size` points in the unit cube, one in each of `size` equal strata of every dimension,
    the strata of different dimensions paired by independent random permutations."""
    points = np.empty((size, dimensions))
    for d in range(dimensions):
        points[:, d] = (rng.permutation(size) + rng.random(size)) / size
    return points


def expand_ensemble(spec: CompareSpec) -> tuple[list[Option], dict[str, dict[str, float]]]:
    """The spec's conditions: those listed, then one per draw of the ensemble; and each drawn
    condition's values of the ensemble's variables. The draws come from the ensemble's seed
    alone (a named stream), so the same spec always gives the same conditions."""
    conditions = list(spec.scenarios)
    ensemble = spec.ensemble
    if ensemble is None or not ensemble.variables:
        return conditions, {}
    rng = RandomStreams(ensemble.seed).generator("compare.ensemble")
    unit = latin_hypercube(ensemble.size, len(ensemble.variables), rng)
    width = len(str(ensemble.size))
    features = {}
    for i, row in enumerate(unit):
        name = f"{ensemble.prefix}-{i + 1:0{max(2, width)}d}"
        values, settings = {}, dict(ensemble.set)
        for variable, u in zip(ensemble.variables, row, strict=True):
            value = round(float(variable.low + u * (variable.high - variable.low)), variable.digits)
            values[variable.name] = value
            for path in variable.paths:
                settings[path] = value
        conditions.append(Option(name=name, set=settings))
        features[name] = values
    return conditions, features
