"""Compare specifications: which policies to compare on which scenario, by which KPIs.

A spec is a TOML file (e.g. `experiments/compare-policies.toml`). Every mistake is reported as
file, line, field and what is allowed (a `ScenarioError`, exit 2) before any run starts. Each
policy's and condition's `set` table changes the base scenario by dotted path, as `--set` does;
a value may be a whole list or table (a scenario's lockdowns, a distribution).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.scenario import Scenario
from sim.scenario_loading import (
    LineLocator,
    Problem,
    ScenarioError,
    apply_overrides,
    dotted_path,
)
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
    own unit) worth telling apart when choosing the best subset."""

    name: str = Field(min_length=1)
    goal: Literal["min", "max"]
    indifference: float = Field(default=0.0, ge=0)


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

    def __init__(self, path: Path, spec: CompareSpec, base: Scenario, arms: list[Arm]):
        self.path = path
        self.spec = spec
        self.base = base
        self.arms = arms

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def policy_names(self) -> list[str]:
        return [p.name for p in self.spec.policies]

    @property
    def scenario_names(self) -> list[str]:
        return [s.name for s in self.spec.scenarios] or ["base"]

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


def load_compare_spec(path: str | Path) -> LoadedComparison:
    """Read and check a compare spec; raises `ScenarioError` listing every problem found."""
    path, spec, locator, base = read_spec(path, CompareSpec, _model_at)
    file = str(path)
    problems = _name_problems(file, locator, spec) + _kpi_problems(file, locator, spec)
    arms, set_problems = _arms(file, locator, spec, base)
    problems += set_problems
    if problems:
        raise ScenarioError(problems)
    return LoadedComparison(path, spec, base, arms)


def _model_at(loc: tuple) -> type[BaseModel]:
    """The model whose keys a misspelt key at `loc` should be among."""
    if len(loc) > 1 and loc[0] in ("policies", "scenarios"):
        return Option
    if len(loc) > 1 and loc[0] == "kpis":
        return Kpi
    if len(loc) > 1 and loc[0] == "precision":
        return Precision
    return CompareSpec


def _name_problems(file: str, locator: LineLocator, spec: CompareSpec) -> list[Problem]:
    problems = []
    for table, options in (("policies", spec.policies), ("scenarios", spec.scenarios)):
        names = [o.name for o in options]
        for i, name in enumerate(names):
            if names.index(name) < i:
                where = (table, i, "name")
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


def _arms(file: str, locator: LineLocator, spec: CompareSpec, base: Scenario
          ) -> tuple[list[Arm], list[Problem]]:
    """Every condition crossed with every policy, each scenario checked as `--set` checks."""
    problems: list[Problem] = []
    conditions = [(c.name, c.set) for c in spec.scenarios] or [("base", {})]
    for i, (_name, values) in enumerate(conditions):
        if spec.scenarios:
            problems += _set_problems(file, locator, ("scenarios", i, "set"), base, values)
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
    if problems:
        return [], problems
    arms = []
    for i, (name, values) in enumerate(conditions):
        for j, policy in enumerate(spec.policies):
            settings = {**values, **policy.set}
            scenario = apply_overrides(base, settings, file) if settings else base
            arms.append(Arm(i, j, name, policy.name, settings, scenario))
    return arms, problems


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
