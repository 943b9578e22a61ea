"""Distribution specs for every duration, rate and quantity in a scenario, and fast samplers.

A scenario writes e.g. ``pick_minutes = { dist = "triangular", low = 3, mode = 5, high = 8 }``;
a bare number means a fixed value. Fixed and exponential choices let a user reduce the model to
textbook queues. Samplers draw in blocks from their generator because a scalar numpy draw costs
more than the SimPy event it feeds; block draws give the same sequence in every process.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from functools import cached_property
from itertools import chain
from statistics import NormalDist
from typing import Annotated, Literal, Union

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_STANDARD_NORMAL = NormalDist()


class _Spec(BaseModel):
    """A distribution. Its `dist` tag defaults to its own, so Python says `Uniform(low=1,
    high=2)`; a TOML table must still say `dist`, which chooses the class (`DistSpec`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def mean(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def quantile(self, u: float) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def from_uniform(self) -> Callable[[float], float]:
        """The quantile as a function of one uniform number, for an entity's draws from its own
        sequence. The common specs write their quantile into it with its constants bound: the
        same arithmetic, fewer lookups a draw."""
        return self.quantile


class Fixed(_Spec):
    dist: Literal["fixed"] = "fixed"
    value: float = Field(ge=0)

    def mean(self) -> float:
        return self.value

    def draw_block(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, self.value)

    def quantile(self, u: float) -> float:
        return self.value


class Exponential(_Spec):
    dist: Literal["exponential"] = "exponential"
    mean_value: float = Field(gt=0, alias="mean")

    def mean(self) -> float:
        return self.mean_value

    def draw_block(self, rng, n):
        return rng.exponential(self.mean_value, n)

    def quantile(self, u: float) -> float:
        return -self.mean_value * math.log1p(-u)

    def from_uniform(self) -> Callable[[float], float]:
        minus_mean, log1p = -self.mean_value, math.log1p
        return lambda u: minus_mean * log1p(-u)


class Uniform(_Spec):
    dist: Literal["uniform"] = "uniform"
    low: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self):
        if self.high < self.low:
            raise ValueError(f"needs low <= high, got low={self.low}, high={self.high}")
        return self

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def draw_block(self, rng, n):
        return rng.uniform(self.low, self.high, n)

    def quantile(self, u: float) -> float:
        return self.low + u * (self.high - self.low)

    def from_uniform(self) -> Callable[[float], float]:
        low, span = self.low, self.high - self.low
        return lambda u: low + u * span


class Triangular(_Spec):
    dist: Literal["triangular"] = "triangular"
    low: float = Field(ge=0)
    mode: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self):
        if not (self.low <= self.mode <= self.high) or self.low == self.high:
            raise ValueError(
                f"needs low <= mode <= high and low < high, got {self.low}, {self.mode}, {self.high}"
            )
        return self

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    def draw_block(self, rng, n):
        return rng.triangular(self.low, self.mode, self.high, n)

    def quantile(self, u: float) -> float:
        low, mode, high = self.low, self.mode, self.high
        cut = (mode - low) / (high - low)
        if u < cut:
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1 - u) * (high - low) * (high - mode))


class Lognormal(_Spec):
    dist: Literal["lognormal"] = "lognormal"
    median: float = Field(gt=0)
    sigma: float = Field(ge=0)

    def mean(self) -> float:
        return self.median * math.exp(self.sigma**2 / 2)

    def draw_block(self, rng, n):
        return rng.lognormal(math.log(self.median), self.sigma, n)

    def quantile(self, u: float) -> float:
        return self.median * math.exp(self.sigma * _STANDARD_NORMAL.inv_cdf(min(max(u, 1e-16), 1 - 1e-16)))


class Empirical(_Spec):
    dist: Literal["empirical"] = "empirical"
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self):
        if any(v < 0 for v in self.values):
            raise ValueError("values must be >= 0")
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"weights has {len(self.weights)} entries, values has {len(self.values)}"
                )
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be >= 0 and not all zero")
        return self

    def _probabilities(self) -> np.ndarray:
        if self.weights is None:
            return np.full(len(self.values), 1 / len(self.values))
        w = np.asarray(self.weights, dtype=float)
        return w / w.sum()

    def mean(self) -> float:
        return float(np.dot(self.values, self._probabilities()))

    def draw_block(self, rng, n):
        return rng.choice(np.asarray(self.values, dtype=float), size=n, p=self._probabilities())

    @cached_property
    def _cumulative(self) -> list[float]:
        """The running sums of the probabilities, once (quantile sits on entity draws' hot path)."""
        cumulative, total = [], 0.0
        for p in self._probabilities():
            total += p
            cumulative.append(float(total))
        return cumulative

    @cached_property
    def _float_values(self) -> list[float]:
        """The values as floats, once: every entity's draw function shares the list."""
        return [float(v) for v in self.values]

    def quantile(self, u: float) -> float:
        """The first value whose running probability exceeds `u`."""
        values = self._float_values
        i = bisect_right(self._cumulative, u)
        return values[i] if i < len(values) else values[-1]

    def from_uniform(self) -> Callable[[float], float]:
        cumulative, values = self._cumulative, self._float_values
        count, last = len(values), values[-1]

        def value(u: float) -> float:
            i = bisect_right(cumulative, u)
            return values[i] if i < count else last

        return value


DistSpec = Annotated[
    Union[Fixed, Exponential, Uniform, Triangular, Lognormal, Empirical],
    Field(discriminator="dist"),
]


def as_spec(value):
    """Accept a bare number as a fixed distribution."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"dist": "fixed", "value": value}
    return value


Dist = Annotated[DistSpec, BeforeValidator(as_spec)]
"""A distribution field of a scenario: a spec table or a bare number (fixed)."""

UNIT = Uniform(dist="uniform", low=0, high=1)
"""The uniform distribution on [0, 1): for draws compared with a share or a probability."""


def sampler(spec: _Spec, rng: np.random.Generator) -> Callable[[], float]:
    """A draw function for one spec on one generator: ``draw = sampler(spec, rng); draw()``.

    Draws come in blocks, growing from 16 to 4096 so that a sampler used a handful of times
    costs little; the function handed out is the `__next__` of a C-level iterator over the
    blocks, because this call sits on the simulation's hot path (about a dozen per order).
    """

    def blocks():
        size = 16
        while True:
            yield spec.draw_block(rng, size).tolist()
            size = min(size * 4, 4096)

    return chain.from_iterable(blocks()).__next__
