"""The prior of each fitted value, as SciPy distributions: what pyabc draws the first
population from, and the prior's own 90% interval, which the posterior's is compared with."""

from __future__ import annotations

from scipy import stats

from sim.apps.calibrate.spec import FittedParameter

CREDIBLE_MASS = 0.90
TAILS = ((1 - CREDIBLE_MASS) / 2, 1 - (1 - CREDIBLE_MASS) / 2)


def prior_arguments(p: FittedParameter) -> tuple[str, tuple, dict]:
    """The SciPy distribution's name and arguments (pyabc's `RV(name, *args, **kwargs)`)."""
    if p.prior == "log_uniform":
        return "loguniform", (p.low, p.high), {}
    if p.prior == "normal":
        a, b = (p.low - p.mean) / p.sd, (p.high - p.mean) / p.sd
        return "truncnorm", (a, b), {"loc": p.mean, "scale": p.sd}
    return "uniform", (p.low, p.high - p.low), {}


def frozen_prior(p: FittedParameter):
    name, args, kwargs = prior_arguments(p)
    return getattr(stats, name)(*args, **kwargs)


def prior_interval(p: FittedParameter) -> tuple[float, float]:
    """The prior's central 90% interval."""
    prior = frozen_prior(p)
    return float(prior.ppf(TAILS[0])), float(prior.ppf(TAILS[1]))


def pyabc_prior(parameters: list[FittedParameter]):
    """The joint prior pyabc samples: independent, one per path."""
    import pyabc

    return pyabc.Distribution(**{
        p.path: pyabc.RV(name, *args, **kwargs)
        for p in parameters for name, args, kwargs in [prior_arguments(p)]})
