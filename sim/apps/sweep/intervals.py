"""95% confidence intervals of a KPI's mean over replications that respect what the KPI is
(`sim/core/kpi_kinds.py`), and the warning that goes with too few replications.

- A count, amount or time (never negative): the Student-t interval, cut at 0. The mean of a
  non-negative quantity cannot be negative, so the cut removes no value the mean could take and
  the coverage is the t-interval's. A t-interval on the log scale was not chosen: it is an
  interval for the geometric mean, not the mean, and KPIs are often 0 in some runs (no order
  cancelled), which has no logarithm. A score interval with a variance proportional to the
  mean (quasi-Poisson) was tried too: with 2 replications its upper end ran to some eighty
  times the larger value (0 and 58 orders: up to 4,738).
- A share (in [0, 1]): Wilson's score interval with the dispersion estimated from the
  replications (quasi-binomial): the values of p with (mean - p)^2 <= t^2 * phi * p(1 - p) / n,
  phi = sd^2 / (mean (1 - mean)), t the Student-t quantile. A share's spread shrinks toward 0
  and 1, so a symmetric interval cut at the bound claims too much on the side of the bound:
  over Beta-distributed shares with means near 0.1 or 0.95 and 3 to 5 replications, the cut
  t-interval covered the mean 85-90% of the time, this one 92-94%
  (tests/apps/sweep/test_kpi_intervals.py checks one such case). It stays inside [0, 1], always holds
  the mean, needs no special case for shares of 0 or 1 in some runs (a logit has none), is the
  point itself when every run gave the same share, and with many replications it is the
  t-interval (mean +- t sd / sqrt(n)) to within a fraction of its width.
- A paired difference: the Student-t interval; for shares cut at [-1, 1].

Both kinds' intervals are asymmetric around the mean when they matter, so a printed table says
`mean [low, high]` unless the interval is symmetric (`is_symmetric`). With fewer than
MIN_REPLICATIONS_FOR_INTERVAL replications any interval rests on a standard deviation that is
itself barely known (t(0.975, 1) = 12.7), and the sweep summary and the comparison say so.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from sim.core.i18n import N_
from sim.core.kpi_kinds import SHARE, is_share, kpi_kind

CONFIDENCE = 0.95
LEVEL = f"{CONFIDENCE:.0%}"  # kept out of messages' text: gettext reads "95% i" as a placeholder
# below this many replications the 95% intervals are printed with a warning: t(0.975, n - 1)
# is 12.7 at n = 2, 4.3 at 3, 3.2 at 4 and 2.8 at 5, and the standard deviation it multiplies
# comes from as few values
MIN_REPLICATIONS_FOR_INTERVAL = 5

Interval = tuple[int, float, float, float, float]  # n, mean, sd, low, high

FEW_REPLICATIONS = N_(
    "fewer than {minimum} replications ({n}): a {level} interval from so few runs rests on a "
    "spread that is itself barely known; read the intervals as rough and add replications "
    "before drawing conclusions")
FEW_REPLICATIONS_AT = N_(
    "{count} of {total} point(s) have fewer than {minimum} replications (the fewest: {n}): a "
    "{level} interval from so few runs rests on a spread that is itself barely known; read their "
    "intervals as rough and add replications before drawing conclusions")


def student_t(values) -> Interval:
    """n, mean, standard deviation and the textbook Student-t interval (NaN with fewer than
    2 values; NaN values are left out)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return 0, math.nan, math.nan, math.nan, math.nan
    mean = float(values.mean())
    if n < 2:
        return n, mean, math.nan, math.nan, math.nan
    sd = float(values.std(ddof=1))
    half = t_quantile(n) * sd / math.sqrt(n)
    return n, mean, sd, mean - half, mean + half


def t_quantile(n: int) -> float:
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1))


def kpi_interval(values, kpi: str) -> Interval:
    """The interval of the mean of a KPI's values over replications, by the KPI's kind."""
    n, mean, sd, low, high = student_t(values)
    if n < 2:
        return n, mean, sd, low, high
    if kpi_kind(kpi).kind == SHARE:
        low, high = share_score_interval(mean, sd, n)
    elif low < 0 and np.nanmin(np.asarray(values, dtype=float)) >= 0:
        low = 0.0  # the mean of what is never negative is not (negative values: left as they are)
    return n, mean, sd, low, high


def share_score_interval(mean: float, sd: float, n: int) -> tuple[float, float]:
    """Wilson's score interval for a mean of shares, the dispersion from the replications
    (see the module's docstring); values outside [0, 1] get the t-interval, cut at them."""
    if sd == 0 or not 0 < mean < 1:
        half = t_quantile(n) * sd / math.sqrt(n)
        return max(mean - half, 0.0), min(mean + half, 1.0)
    k = t_quantile(n) ** 2 * sd ** 2 / (mean * (1 - mean)) / n
    centre = (mean + k / 2) / (1 + k)
    half = math.sqrt(k * mean * (1 - mean) + k * k / 4) / (1 + k)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def difference_interval(differences, kpi: str) -> Interval:
    """The interval of a mean paired difference: Student t, inside [-1, 1] for a share."""
    n, mean, sd, low, high = student_t(differences)
    if n >= 2 and is_share(kpi):
        low, high = max(low, -1.0), min(high, 1.0)
    return n, mean, sd, low, high


def is_symmetric(mean: float, low: float, high: float) -> bool:
    """Whether the interval is mean +- one half-width (so `±` can print it)."""
    return abs((high - mean) - (mean - low)) <= 1e-9 * max(high - low, abs(mean), 1e-300)


def few_replications(n: int, tr, count: int | None = None, total: int | None = None) -> str | None:
    """The warning for intervals over `n` replications, None when they are enough (or with
    one replication, when there is no interval); with `count` and `total`, how many of the
    points are short of them."""
    if not 2 <= n < MIN_REPLICATIONS_FOR_INTERVAL:
        return None
    if count is None:
        return tr(FEW_REPLICATIONS).format(minimum=MIN_REPLICATIONS_FOR_INTERVAL, n=n, level=LEVEL)
    return tr(FEW_REPLICATIONS_AT).format(count=count, total=total, level=LEVEL,
                                          minimum=MIN_REPLICATIONS_FOR_INTERVAL, n=n)
