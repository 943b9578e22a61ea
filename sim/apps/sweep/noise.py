"""How much of a KPI's spread between design points is replication noise, not the parameters.

Sensitivity indices are computed on each point's mean over replications. Part of the spread
of those means is noise: the random numbers a point's replications met. Replications measure
it: in the table y[point, replication], the residual of the two-way additive fit (point
effect + replication effect) is the noise that a point's mean keeps. With a seed per point
this is the usual within-point variance; with common random numbers it is only what the
shared seeds do not cancel (the replication effect moves every point alike and so does not
enter the indices). The noise variance of a point mean is that residual variance over the
number of replications; its share of the variance between point means is the noise share.
"""

from __future__ import annotations

import math

import numpy as np

DOMINATED_FROM = 0.5  # noise explains at least half of an index: it cannot be told from noise
ROUNDING = 1e-9  # spreads below this share of the KPI's own spread are floating-point rounding


def noise_share(values: np.ndarray) -> float:
    """The share of the variance between point means that replication noise explains, in
    [0, 1]; 0 when the KPI does not vary at all; NaN without two points and two replications.

    `values` is points x replications, complete.
    """
    values = np.asarray(values, dtype=float)
    points, replications = values.shape
    if points < 2 or replications < 2:
        return math.nan
    noise_of_mean = point_mean_noise_variance(values)
    between = float(values.mean(axis=1).var(ddof=1))
    rounding = (ROUNDING * float(np.abs(values - values.mean()).max())) ** 2
    if noise_of_mean <= rounding:
        return 0.0
    if between <= rounding:
        return 1.0
    return min(1.0, noise_of_mean / between)


def point_mean_noise_variance(values: np.ndarray) -> float:
    """The noise variance of one point's mean over its replications (residual mean square of
    the two-way fit, over the number of replications)."""
    values = np.asarray(values, dtype=float)
    points, replications = values.shape
    residual = (values - values.mean(axis=1, keepdims=True) - values.mean(axis=0, keepdims=True)
                + values.mean())
    mean_square = float((residual ** 2).sum()) / ((points - 1) * (replications - 1))
    return mean_square / replications


def sobol_total_noise_floor(share: float) -> float:
    """What noise alone adds to a total-order index: pure noise at the points makes each
    parameter's (Jansen) total index about equal to the noise share."""
    return share


def morris_mu_star_noise_floor(noise_variance_of_mean: float, num_levels: int) -> float:
    """mu* that noise alone gives: the mean |difference| of two noisy point means, 2 sd /
    sqrt(pi), over the step SALib divides by, num_levels / (2 (num_levels - 1))."""
    step = num_levels / (2 * (num_levels - 1))
    return 2 * math.sqrt(noise_variance_of_mean) / math.sqrt(math.pi) / step


def dominated_by_noise(index: float, floor: float, share: float) -> bool:
    """Whether noise alone could give at least half of `index`, or explains at least half of
    the KPI's spread (then any index, however large, is the estimator's scatter on noise).
    Never without noise: with none, even a zero index is the parameters' own."""
    if math.isnan(floor) or floor <= 0:
        return False
    return bool(share >= DOMINATED_FROM or floor >= DOMINATED_FROM * index)
