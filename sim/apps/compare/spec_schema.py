"""A compare spec's schema: the tables and fields a compare spec's TOML file may hold, their
types, bounds and defaults, and the checks within one table (pydantic models). The checks
across tables (names, KPIs, what each policy and condition sets) are `spec_checks.py`'s.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_INITIAL_REPLICATIONS = 5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """A policy (a decision) or a condition (outside the planner's control): a name and the
    scenario values it sets by dotted path."""

    name: str = Field(min_length=1)
    set: dict[str, Any] = {}
    # a policy's size on the study's scale (`size_unit`, e.g. days of cover): the axis the
    # recommendation is charted on against the threshold, and what "any size from X up" reads
    size: float | None = Field(default=None, ge=0)


class Kpi(_Strict):
    """A KPI and which way is better; `indifference` is the smallest difference (in the KPI's
    own unit) worth telling apart when choosing the best subset (none: the default for the
    KPI's unit, `sim/apps/compare/indifference.py`)."""

    name: str = Field(min_length=1)
    goal: Literal["min", "max"]
    indifference: float | None = Field(default=None, ge=0)


class Precision(_Strict):
    """Add replications until every policy's 95% interval on `kpi` has a half-width within
    `relative_half_width` of its mean, or `max_replications` are run."""

    kpi: str = Field(min_length=1)
    relative_half_width: float = Field(gt=0, lt=1)
    initial_replications: int = Field(default=DEFAULT_INITIAL_REPLICATIONS, ge=2)
    max_replications: int = Field(ge=2)

    @model_validator(mode="after")
    def _bounds(self):
        if self.initial_replications > self.max_replications:
            raise ValueError(f"initial_replications ({self.initial_replications}) is above "
                             f"max_replications ({self.max_replications})")
        return self


class Threshold(_Strict):
    """What the planner accepts of a KPI: at most `max`, at least `min` (one or both)."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _one_bound(self):
        if self.min is None and self.max is None:
            raise ValueError("give min = ... or max = ... (or both)")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self

    def met_by(self, value: float) -> bool:
        """Whether `value` is within the bounds (a missing value meets nothing)."""
        if value != value:  # NaN
            return False
        return ((self.min is None or value >= self.min)
                and (self.max is None or value <= self.max))


class EnsembleVariable(_Strict):
    """One uncertain quantity of the ensemble: drawn between `low` and `high`, rounded to
    `digits` decimals, and set at every one of its dotted `paths`."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    low: float
    high: float
    paths: list[str] = Field(min_length=1)
    digits: int = Field(default=2, ge=0, le=6)

    @model_validator(mode="after")
    def _range(self):
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class Ensemble(_Strict):
    """`size` conditions drawn by a Latin hypercube over the `variables` (each range cut in
    `size` equal strata, one draw in each, the strata of different variables paired at random)
    from the ensemble's own `seed`; each condition is `set` with the draws filled in at their
    paths, named `<prefix>-01`, `<prefix>-02`, ...

    And/or a calibration's `posterior` (its posterior.parquet, relative to the spec): each
    replication draws a particle by weight and sets its values in all its runs
    (`sim/apps/compare/posterior_draws.py`), from `seed` (else the root seed)."""

    size: int | None = Field(default=None, ge=2, le=1000)
    seed: int | None = Field(default=None, ge=0)
    prefix: str = Field(default="draw", min_length=1)
    set: dict[str, Any] = {}
    variables: list[EnsembleVariable] = []
    posterior: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _draws(self):
        if self.posterior is None and not self.variables:
            raise ValueError("give [[ensemble.variables]] to draw conditions from, or posterior = "
                             "\"…/posterior.parquet\" to draw each replication's values from")
        if self.variables and (self.size is None or self.seed is None):
            raise ValueError("drawn variables need size = N and seed = N")
        return self


class TradeOff(_Strict):
    """The KPIs a cost-against-service chart plots: `cost` (lower is better) and `service`
    (by its goal in `kpis`)."""

    cost: str = Field(min_length=1)
    service: str = Field(min_length=1)


class ThresholdSensitivity(_Strict):
    """The recommendation judged again with `kpi`'s threshold at each of `values` (at most the
    value for a KPI to keep low, at least for one to keep high), every other threshold as given."""

    kpi: str = Field(min_length=1)
    values: list[float] = Field(min_length=2)


class CompareSpec(_Strict):
    base_scenario: str = Field(min_length=1)
    baseline: str | None = None
    root_seed: int = Field(ge=0)
    horizon_days: float | None = Field(default=None, gt=0, le=366)
    replications: int | None = Field(default=None, ge=2)
    precision: Precision | None = None
    kpis: list[Kpi] = Field(min_length=1)
    policies: list[Option] = Field(min_length=2)
    scenarios: list[Option] = []
    ensemble: Ensemble | None = None
    # the planner's thresholds by KPI: a policy meets them in a condition when its mean does
    thresholds: dict[str, Threshold] = {}
    trade_off: TradeOff | None = None
    threshold_sensitivity: ThresholdSensitivity | None = None
    size_unit: str | None = Field(default=None, min_length=1)  # what the policies' `size` counts
    # the language of the reports and plots (`--lang` overrides it; not a part of the runs)
    lang: Literal["en", "zh"] | None = None

    @model_validator(mode="after")
    def _replications_or_precision(self):
        if (self.replications is None) == (self.precision is None):
            raise ValueError("give either replications = N or precision = { kpi = ..., "
                             "relative_half_width = ..., max_replications = ... }, not both")
        return self


def model_at(loc: tuple) -> type[BaseModel]:
    """The model whose keys a misspelt key at `loc` should be among."""
    if len(loc) > 1 and loc[0] in ("policies", "scenarios"):
        return Option
    if len(loc) > 1 and loc[0] == "kpis":
        return Kpi
    if len(loc) > 1 and loc[0] == "precision":
        return Precision
    if len(loc) > 3 and loc[:2] == ("ensemble", "variables"):
        return EnsembleVariable
    if len(loc) > 1 and loc[0] == "ensemble":
        return Ensemble
    if len(loc) > 2 and loc[0] == "thresholds":
        return Threshold
    if len(loc) > 1 and loc[0] == "trade_off":
        return TradeOff
    if len(loc) > 1 and loc[0] == "threshold_sensitivity":
        return ThresholdSensitivity
    return CompareSpec
