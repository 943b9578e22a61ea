"""Calibration files: which values of a scenario to fit, to which observed figures, and how.

A calibration file names its `base_scenario`, the `[[parameters]]` to fit (a dotted path, the
range the value may take and a prior over it) and the `[[targets]]` (a KPI and what was
observed: a value with a tolerance, or a range), the `method` (`abc-smc` for a posterior,
`optimize` for a best point) and the work allowed. Every mistake is reported as file, line,
field and what is allowed, before any run starts, as for sweeps and comparisons.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.apps.calibrate.output_statistics import STATISTICS, argument_problems, statistic_name
from sim.apps.sweep.spec import first_line, kpi_names, read_spec, unknown_path_message
from sim.core.i18n import DEFAULT_LANGUAGE
from sim.inputs.scenario_loading import LineLocator, Problem, dotted_path, scenario_with_overrides
from sim.scenario import Scenario

METHODS = ("abc-smc", "optimize")
PRIORS = ("uniform", "log_uniform", "normal")
DEFAULT_TRIALS = 50


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FittedParameter(_Strict):
    """A scenario value to fit, by dotted path, between `low` and `high`. Its prior is uniform
    there unless named: `log_uniform` (for a value whose order of magnitude is unknown) or
    `normal` (`mean`, `sd`; cut at low and high). An `integer` one is fitted as a real number
    and rounded where a run uses it."""

    path: str = Field(min_length=1)
    low: float
    high: float
    integer: bool = Field(default=False, strict=True)
    prior: Literal["uniform", "log_uniform", "normal"] = "uniform"
    mean: float | None = None
    sd: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _prior_fields(self):
        if self.prior == "normal" and (self.mean is None or self.sd is None):
            raise ValueError("a normal prior needs mean = ... and sd = ...")
        if self.prior != "normal" and (self.mean is not None or self.sd is not None):
            raise ValueError(f"mean and sd belong to prior = \"normal\"; a {self.prior} prior "
                             "takes low and high only")
        return self

    def range_problems(self) -> list[tuple[str, str]]:
        """(field, what is wrong) with the range and the prior on it."""
        if not self.low < self.high:
            return [("low", f"low ({self.low:g}) must be below high ({self.high:g})")]
        if self.prior == "normal" and not self.low <= self.mean <= self.high:
            return [("mean", f"the normal prior's mean ({self.mean:g}) must lie between low "
                             f"and high ({self.low:g} to {self.high:g})")]
        if self.prior == "log_uniform" and self.low <= 0:
            return [("low", f"a log_uniform prior needs low above 0 (got {self.low:g})")]
        return []

    def as_run_value(self, value: float) -> float | int:
        """The value a run uses: rounded for an integer parameter."""
        return int(round(value)) if self.integer else float(value)


class Target(_Strict):
    """A figure the runs should reproduce: a KPI, or a `statistic` of the run's outputs with
    its `arguments` (`output_statistics.py`); its observed `value` within `tolerance`, or an
    observed range `low` to `high` (either side may be open). Outside a range the miss is
    measured in `tolerance`, by default half the range's width."""

    kpi: str | None = Field(default=None, min_length=1)
    statistic: str | None = Field(default=None, min_length=1)
    arguments: dict[str, int | float | str] = {}
    value: float | None = None
    tolerance: float | None = Field(default=None, gt=0)
    low: float | None = None
    high: float | None = None
    source: str | None = None  # where the figure comes from, said in the calibrated scenario

    @model_validator(mode="after")
    def _value_or_range(self):
        if (self.kpi is None) == (self.statistic is None):
            raise ValueError("give either kpi = \"...\" or statistic = \"...\" (a statistic "
                             "of the run's outputs), not both")
        if self.kpi is not None and self.arguments:
            raise ValueError("arguments belong to a statistic; a KPI takes none")
        has_range = self.low is not None or self.high is not None
        if self.value is not None and has_range:
            raise ValueError("give either value (with tolerance) or low/high, not both")
        if self.value is None and not has_range:
            raise ValueError("give an observed value = ... with tolerance = ..., or a range "
                             "low = ..., high = ...")
        if self.value is not None and self.tolerance is None:
            raise ValueError("an observed value needs tolerance = ... (how far off still counts "
                             "as reproducing it, in the KPI's unit)")
        if has_range:
            if (self.low is None or self.high is None) and self.tolerance is None:
                raise ValueError("a range open on one side needs tolerance = ... (the miss "
                                 "outside it that counts as one tolerance)")
        return self

    @property
    def name(self) -> str:
        """The figure's name in the posterior's tables: the KPI, or the statistic with its
        arguments."""
        return self.kpi if self.kpi is not None else statistic_name(self.statistic, self.arguments)

    def range_problems(self) -> list[tuple[str, str]]:
        if self.low is not None and self.high is not None and not self.low < self.high:
            return [("low", f"low ({self.low:g}) must be below high ({self.high:g})")]
        return []

    @property
    def scale(self) -> float:
        """The miss that counts as one tolerance."""
        if self.tolerance is not None:
            return self.tolerance
        return (self.high - self.low) / 2

    @property
    def observed(self) -> float:
        """The figure as one number (a range's middle, or its one bound)."""
        if self.value is not None:
            return self.value
        if self.low is None or self.high is None:
            return self.low if self.high is None else self.high
        return (self.low + self.high) / 2

    def miss(self, simulated: float) -> float:
        """How far a simulated value is from the figure, in tolerances (0 inside a range;
        infinite when the run had no such case)."""
        if simulated is None or math.isnan(simulated):
            return math.inf
        if self.value is not None:
            return abs(simulated - self.value) / self.scale
        below = self.low - simulated if self.low is not None else 0.0
        above = simulated - self.high if self.high is not None else 0.0
        return max(below, above, 0.0) / self.scale


class CalibrationSpec(_Strict):
    """The file's content. `seeds_per_particle` runs (the same seeds for every point tried:
    common random numbers) are averaged for each point; `population_size` and
    `max_populations` bound ABC-SMC's work, `trials` the optimizer's. ABC-SMC stops early once
    its tolerance falls to `minimum_epsilon` (1: every target met on average)."""

    base_scenario: str = Field(min_length=1)
    method: Literal["abc-smc", "optimize"] = "abc-smc"
    root_seed: int = Field(ge=0)
    horizon_days: float | None = Field(default=None, gt=0, le=366)
    seeds_per_particle: int = Field(default=1, ge=1, le=100)
    population_size: int = Field(default=100, ge=2)
    max_populations: int = Field(default=5, ge=1)
    minimum_epsilon: float = Field(default=0.0, ge=0)
    trials: int | None = Field(default=None, ge=1)
    parameters: list[FittedParameter] = Field(min_length=1)
    targets: list[Target] = Field(min_length=1)
    lang: Literal["en", "zh"] | None = None

    @property
    def trial_count(self) -> int:
        return self.trials if self.trials is not None else DEFAULT_TRIALS


class LoadedCalibration:
    """A checked calibration with its base scenario resolved (shortened to `horizon_days`, the
    order log off) and the base's path, which the calibrated scenario extends."""

    def __init__(self, path: Path, spec: CalibrationSpec, scenario: Scenario):
        self.path = path
        self.spec = spec
        self.scenario = scenario

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def base_path(self) -> Path:
        return (self.path.parent / self.spec.base_scenario).resolve()

    @property
    def report_language(self) -> str:
        return self.spec.lang or self.scenario.run.lang or DEFAULT_LANGUAGE


def load_calibration_spec(path: str | Path) -> LoadedCalibration:
    """Read and check a calibration file; raises `ScenarioError` listing every problem."""
    read = read_spec(path, CalibrationSpec, _model_at)
    file, locator, spec = str(read.path), read.locator, read.spec
    read.check(("method", "trials", "population_size", "max_populations"), "the method's bounds",
               lambda: _method_problems(file, locator, spec))
    read.check(("parameters", "base_scenario"), "the parameters' paths and ranges",
               lambda: _parameter_problems(file, locator, spec, read.scenario))
    read.check(("targets",), "the targets' KPIs and statistics", lambda: _target_problems(file, locator, spec))
    read.raise_problems()
    return LoadedCalibration(read.path, spec, read.scenario)


def _model_at(loc: tuple) -> type[BaseModel]:
    if "parameters" in loc:
        return FittedParameter
    return Target if "targets" in loc else CalibrationSpec


def _problem(file: str, locator: LineLocator, loc: tuple, message: str) -> Problem:
    return Problem(file, locator.line_of(loc), dotted_path(loc), message)


def _method_problems(file: str, locator: LineLocator, spec: CalibrationSpec) -> list[Problem]:
    if spec.method == "abc-smc" and spec.trials is not None:
        return [_problem(file, locator, ("trials",), "trials bounds method = \"optimize\"; "
                         "abc-smc takes population_size and max_populations")]
    return []


def _parameter_problems(file: str, locator: LineLocator, spec: CalibrationSpec,
                        scenario: Scenario) -> list[Problem]:
    """Each path must name one value of the base scenario, once, and its low and high must be
    valid values there."""
    problems = []
    base = scenario.model_dump(by_alias=True)
    paths = [p.path for p in spec.parameters]
    for i, p in enumerate(spec.parameters):
        wrong_range = p.range_problems()
        problems += [_problem(file, locator, ("parameters", i, field), message)
                     for field, message in wrong_range]
        missing = unknown_path_message(base, p.path)
        if missing:
            problems.append(_problem(file, locator, ("parameters", i, "path"), missing))
            continue
        if paths.index(p.path) < i:
            problems.append(_problem(file, locator, ("parameters", i, "path"),
                                     f"{p.path!r} is fitted twice; give each path once"))
            continue
        if wrong_range:
            continue
        for field, value in (("low", p.low), ("high", p.high)):
            try:
                scenario_with_overrides(scenario, {p.path: p.as_run_value(value)})
            except (ValidationError, ValueError, KeyError) as exc:
                problems.append(_problem(file, locator, ("parameters", i, field),
                                         f"{value!r} is not valid for {p.path}: {first_line(exc)}"))
    return problems


def _target_problems(file: str, locator: LineLocator, spec: CalibrationSpec) -> list[Problem]:
    """Each target must be a KPI a run reports or a known statistic with valid arguments, once."""
    problems = []
    names = [t.name for t in spec.targets]
    for i, target in enumerate(spec.targets):
        problems += [_problem(file, locator, ("targets", i, field), message)
                     for field, message in target.range_problems()]
        field = "kpi" if target.kpi is not None else "statistic"
        where = ("targets", i, field)
        wrong = (_unknown(target.kpi, kpi_names(), "KPI") if target.kpi is not None
                 else _statistic_problems(file, locator, i, target))
        if isinstance(wrong, str):
            problems.append(_problem(file, locator, where, wrong))
        elif wrong:
            problems += wrong
        elif names.index(target.name) < i:
            problems.append(_problem(file, locator, where,
                                     f"{target.name!r} is a target twice; give each figure once"))
    return problems


def _unknown(name: str, known: list[str], what: str, allowed: list[str] | None = None) -> str | None:
    if name in known:
        return None
    guess = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"unknown {what} {name!r}{hint} Allowed: {', '.join(allowed or known)}"


def _statistic_problems(file: str, locator: LineLocator, i: int, target: Target):
    """The statistic's name (a message) or its arguments' problems (a list)."""
    if target.statistic not in STATISTICS:
        return _unknown(target.statistic, list(STATISTICS), "statistic",
                        [s.usage() for s in STATISTICS.values()])
    return [_problem(file, locator, ("targets", i, "arguments", key), message)
            for key, message in argument_problems(STATISTICS[target.statistic], target.arguments)]
