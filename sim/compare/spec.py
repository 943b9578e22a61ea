"""Compare specifications: which policies to compare on which scenario, by which KPIs.

A spec is a TOML file (e.g. `experiments/compare-policies.toml`). Every mistake is reported as
file, line, field and what is allowed (a `ScenarioError`, exit 2) before any run starts. Each
policy's and condition's `set` table changes the base scenario by dotted path, as `--set` does;
a value may be a whole list or table (a scenario's lockdowns, a distribution).

A robust study adds an `[ensemble]` of conditions drawn by a Latin hypercube (expanded here into
named conditions, the same ones every time from the ensemble's seed), the planner's `thresholds`
and which KPIs are the cost and the service of a `trade_off` (see `sim/compare/robust.py`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.i18n import DEFAULT_LANGUAGE
from sim.random_streams import RandomStreams
from sim.scenario import Scenario
from sim.scenario_loading import (
    LineLocator,
    Problem,
    ScenarioError,
    apply_overrides,
    dotted_path,
)
from sim.set_aside import needs_failed
from sim.sweep.spec import kpi_names, read_spec

TEXT_KPIS = ("busiest_store",)  # the one KPI that names something rather than counts it
DEFAULT_INITIAL_REPLICATIONS = 5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """A policy (a decision) or a condition (outside the planner's control): a name and the
    scenario values it sets by dotted path."""

    name: str = Field(min_length=1)
    set: dict[str, Any] = {}


class Kpi(_Strict):
    """A KPI and which way is better; `indifference` is the smallest difference (in the KPI's
    own unit) worth telling apart when choosing the best subset (none: the default for the
    KPI's unit, `sim/compare/indifference.py`)."""

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
    paths, named `<prefix>-01`, `<prefix>-02`, ..."""

    size: int = Field(ge=2, le=1000)
    seed: int = Field(ge=0)
    prefix: str = Field(default="draw", min_length=1)
    set: dict[str, Any] = {}
    variables: list[EnsembleVariable] = Field(min_length=1)


class TradeOff(_Strict):
    """The KPIs a cost-against-service chart plots: `cost` (lower is better) and `service`
    (by its goal in `kpis`)."""

    cost: str = Field(min_length=1)
    service: str = Field(min_length=1)


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
    # the language of the reports and plots (`--lang` overrides it; not a part of the runs)
    lang: Literal["en", "zh"] | None = None

    @model_validator(mode="after")
    def _replications_or_precision(self):
        if (self.replications is None) == (self.precision is None):
            raise ValueError("give either replications = N or precision = { kpi = ..., "
                             "relative_half_width = ..., max_replications = ... }, not both")
        return self


@dataclass(frozen=True)
class Arm:
    """One (condition, policy) pair: the scenario its runs use."""

    scenario_index: int
    policy_index: int
    scenario_name: str
    policy_name: str
    settings: dict  # the dotted paths set, the condition's then the policy's
    scenario: Scenario


class LoadedComparison:
    """A checked spec with every (condition, policy) scenario built."""

    def __init__(self, path: Path, spec: CompareSpec, base: Scenario, arms: list[Arm],
                 conditions: list[Option] | None = None,
                 features: dict[str, dict[str, float]] | None = None):
        self.path = path
        self.spec = spec
        self.base = base
        self.arms = arms
        # the conditions: those listed, then the ensemble's draws
        self.conditions = list(spec.scenarios) if conditions is None else conditions
        # per condition drawn by the ensemble: its value of each ensemble variable
        self.features = features or {}

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def report_language(self) -> str:
        """The spec's `lang`, else one the base scenario declares, else English."""
        return self.spec.lang or declared_language(self.base) or DEFAULT_LANGUAGE

    @property
    def policy_names(self) -> list[str]:
        return [p.name for p in self.spec.policies]

    @property
    def scenario_names(self) -> list[str]:
        return [s.name for s in self.conditions] or ["base"]

    @property
    def baseline_index(self) -> int:
        return self.policy_names.index(self.spec.baseline) if self.spec.baseline else 0

    @property
    def kpi_names(self) -> list[str]:
        return [k.name for k in self.spec.kpis]

    @property
    def initial_replications(self) -> int:
        spec = self.spec
        return spec.replications if spec.precision is None else spec.precision.initial_replications

    @property
    def max_replications(self) -> int:
        spec = self.spec
        return spec.replications if spec.precision is None else spec.precision.max_replications


def declared_language(scenario: Scenario) -> str | None:
    """The language a scenario declares for what people read (its `[run]` table's `lang`)."""
    return scenario.run.lang


def load_compare_spec(path: str | Path) -> LoadedComparison:
    """Read and check a compare spec; raises `ScenarioError` listing every problem found."""
    read = read_spec(path, CompareSpec, _model_at)
    file, locator, spec, base = str(read.path), read.locator, read.spec, read.scenario
    options = ("policies.name", "policies.set", "scenarios.name", "scenarios.set", "ensemble")
    conditions, features = ([], {}) if needs_failed(options, read.failed) else expand_ensemble(spec)
    read.check(options + ("baseline",), "the policies' and conditions' names",
               lambda: _name_problems(file, locator, spec, conditions))
    read.check(("kpis.name", "precision"), "the KPI names", lambda: _kpi_problems(file, locator, spec))
    read.check(("kpis", "thresholds", "trade_off"), "the thresholds and the trade-off",
               lambda: _robust_problems(file, locator, spec))
    read.check(options + ("base_scenario",), "what the policies and conditions set",
               lambda: _arm_problems(file, locator, spec, base, conditions))
    read.raise_problems()
    return LoadedComparison(read.path, spec, base, _arms(file, spec, base, conditions),
                            conditions, features)


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
    if ensemble is None:
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


def has_depot(scenario: Scenario) -> bool:
    """Whether the scenario's town has a depot (a capacity or some days of cover)."""
    depot = scenario.depot
    cover = depot.cover_days
    if cover is not None:
        return any(v > 0 for v in (cover.values() if isinstance(cover, dict) else [cover]))
    return depot.capacity_kg > 0


def _model_at(loc: tuple) -> type[BaseModel]:
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
    return CompareSpec


def _name_problems(file: str, locator: LineLocator, spec: CompareSpec,
                   conditions: list[Option]) -> list[Problem]:
    problems = []
    for table, options in (("policies", spec.policies), ("scenarios", conditions)):
        names = [o.name for o in options]
        for i, name in enumerate(names):
            if names.index(name) < i:
                where = (table, i, "name") if i < len(spec.scenarios) or table == "policies" \
                    else ("ensemble", "prefix")
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"{name!r} is used twice; each name once"))
    if spec.baseline is not None and spec.baseline not in [p.name for p in spec.policies]:
        names = [p.name for p in spec.policies]
        guess = difflib.get_close_matches(spec.baseline, names, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        problems.append(Problem(file, locator.line_of(("baseline",)), "baseline",
                                f"no policy named {spec.baseline!r}{hint} Allowed: "
                                f"{', '.join(names)}"))
    return problems


def _kpi_problems(file: str, locator: LineLocator, spec: CompareSpec) -> list[Problem]:
    known = kpi_names()
    problems = []
    names = [k.name for k in spec.kpis]
    for i, kpi in enumerate(spec.kpis):
        where = ("kpis", i, "name")
        line = locator.line_of(where)
        if kpi.name not in known:
            guess = difflib.get_close_matches(kpi.name, known, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            problems.append(Problem(file, line, dotted_path(where),
                                    f"unknown KPI {kpi.name!r}{hint} Allowed: {', '.join(known)}"))
        elif kpi.name in TEXT_KPIS:
            problems.append(Problem(file, line, dotted_path(where),
                                    f"{kpi.name!r} names a store, it is not a number; a "
                                    f"comparison needs a KPI that is one"))
        elif names.index(kpi.name) < i:
            problems.append(Problem(file, line, dotted_path(where), f"{kpi.name!r} is listed twice"))
    if spec.precision is not None and spec.precision.kpi not in names:
        problems.append(Problem(file, locator.line_of(("precision", "kpi")), "precision.kpi",
                                f"{spec.precision.kpi!r} is not among the kpis compared; "
                                f"allowed: {', '.join(names)}"))
    return problems


def _robust_problems(file: str, locator: LineLocator, spec: CompareSpec) -> list[Problem]:
    """Thresholds and the trade-off must name KPIs compared; the trade-off's cost must be one
    where lower is better."""
    goals = {k.name: k.goal for k in spec.kpis}
    problems = []
    for name in spec.thresholds:
        if name not in goals:
            problems.append(Problem(file, locator.line_of(("thresholds", name)),
                                    f"thresholds.{name}", f"{name!r} is not among the kpis "
                                    f"compared; allowed: {', '.join(goals)}"))
    if spec.trade_off is not None:
        for role in ("cost", "service"):
            name = getattr(spec.trade_off, role)
            where = ("trade_off", role)
            if name not in goals:
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"{name!r} is not among the kpis compared; allowed: "
                                        f"{', '.join(goals)}"))
            elif role == "cost" and goals[name] != "min":
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"{name!r} has goal 'max'; a cost is a KPI where lower "
                                        f"is better (goal 'min')"))
    return problems


def _arm_problems(file: str, locator: LineLocator, spec: CompareSpec, base: Scenario,
                  listed: list[Option]) -> list[Problem]:
    """Every condition crossed with every policy, each scenario checked as `--set` checks."""
    problems: list[Problem] = []
    conditions = [(c.name, c.set) for c in listed] or [("base", {})]
    drawn: dict[str, list[tuple[str, Problem]]] = {}  # field: (condition, problem)
    for i, (_name, values) in enumerate(conditions):
        if i < len(spec.scenarios):
            problems += _set_problems(file, locator, ("scenarios", i, "set"), base, values)
        elif listed:
            for found in _drawn_problems(file, locator, base, values):
                drawn.setdefault(found.field, []).append((_name, found))
    draws = len(conditions) - len(spec.scenarios)
    for field, found in drawn.items():
        # a drawn condition's problem points at the ensemble, once per field
        name, first = found[0]
        problems.append(Problem(first.file, first.line, field,
                                f"{first.message} (in condition {name!r}; in {len(found)} of "
                                f"the {draws} drawn conditions)"))
    for j, policy in enumerate(spec.policies):
        problems += _set_problems(file, locator, ("policies", j, "set"), base, policy.set)
        for name, values in conditions:
            both = sorted(set(values) & set(policy.set))
            if both:
                where = ("policies", j, "set")
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"sets {', '.join(both)}, which condition {name!r} "
                                        f"sets too; a policy and a condition may not set the "
                                        f"same value"))
    return problems


def _arms(file: str, spec: CompareSpec, base: Scenario, listed: list[Option]) -> list[Arm]:
    """Every condition crossed with every policy, each with its scenario (all checked)."""
    arms = []
    for i, (name, values) in enumerate([(c.name, c.set) for c in listed] or [("base", {})]):
        for j, policy in enumerate(spec.policies):
            settings = {**values, **policy.set}
            scenario = apply_overrides(base, settings, file) if settings else base
            arms.append(Arm(i, j, name, policy.name, settings, scenario))
    return arms


def _drawn_problems(file: str, locator: LineLocator, base: Scenario,
                    values: dict) -> list[Problem]:
    """A drawn condition's values applied together (a variable's path may lead into a list
    the ensemble's `set` makes), its problems pointed at the ensemble's `set` line."""
    try:
        apply_overrides(base, values, file)
    except ScenarioError as exc:
        where = ("ensemble", "set")
        return [Problem(file, locator.line_of(where),
                        f"ensemble.set.{found.field}" if found.field else "ensemble.set",
                        found.message.removeprefix(f"{found.field}: "))
                for found in exc.problems]
    return []


def _set_problems(file: str, locator: LineLocator, where: tuple, base: Scenario,
                  values: dict) -> list[Problem]:
    """Each path must name a value of the base scenario and each value must be valid there;
    a problem points at the `set` line and names the path."""
    problems = []
    line = locator.line_of(where)
    for path, value in values.items():
        try:
            apply_overrides(base, {path: value}, file)
        except ScenarioError as exc:
            for found in exc.problems:
                message = found.message.removeprefix(f"{path}: ")
                if found.field and found.field != path:
                    message = f"{found.field}: {message}"
                problems.append(Problem(file, line, f"{dotted_path(where)}.{path}", message))
    return problems
