"""Sweep specifications: which parameters of which scenario to vary, how, and what to keep.

A spec is a TOML file under `experiments/`. Every mistake in it is reported as file, line,
field and what is allowed (a `ScenarioError`, which the command line turns into exit 2),
before any run starts: a typo must not cost an hour of cluster time.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.core.i18n import DEFAULT_LANGUAGE
from sim.core.problems import in_reading_order
from sim.core.set_aside import needs_failed, valid_fields
from sim.inputs.scenario_loading import (
    LineLocator,
    Problem,
    ScenarioError,
    dotted_path,
    load_scenario,
    read_toml,
    scenario_with_overrides,
    with_horizon,
)
from sim.scenario import Scenario

DESIGNS = ("full_factorial", "latin_hypercube", "sobol", "morris")
SAMPLED_DESIGNS = ("latin_hypercube", "sobol", "morris")
SENSITIVITY_DESIGNS = ("sobol", "morris")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(_Strict):
    """One swept scenario value, named by its dotted path (e.g. ``couriers.whitelist_size``).

    `values` lists levels (full factorial, or policies in any design); `low`/`high` give a
    range for the samplers. A `policy` is a decision being compared: it never enters a run's
    seed, so every policy meets the same demand and the same delays (common random numbers).
    """

    path: str = Field(min_length=1)
    values: list[bool | int | float | str] | None = Field(default=None, min_length=1)
    low: float | None = None
    high: float | None = None
    integer: bool = False
    policy: bool = False

    @model_validator(mode="after")
    def _levels_or_range(self):
        has_range = self.low is not None or self.high is not None
        if self.values is not None and has_range:
            raise ValueError("give either values = [...] or low/high, not both")
        if self.values is None and not has_range:
            raise ValueError("give values = [...] or a range low = ..., high = ...")
        if has_range:
            if self.low is None or self.high is None:
                raise ValueError("a range needs both low and high")
            if not self.low < self.high:
                raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        if self.values is not None:
            seen = [repr(v) for v in self.values]
            dup = sorted({s for s in seen if seen.count(s) > 1})
            if dup:
                raise ValueError(f"values repeat {', '.join(dup)}; each level once")
        return self

    @property
    def is_range(self) -> bool:
        return self.values is None


class SweepSpec(_Strict):
    """The file's content. `samples` means: Latin hypercube points, Sobol base size N
    (a power of 2; N*(D+2) points) or Morris trajectories (r*(D+1) points).

    `common_random_numbers` gives every design point of a replication the same seed, so a
    difference between points is the parameters', not the seeds' (unset: on for Sobol and
    Morris, whose indices compare points, off for the others)."""

    base_scenario: str = Field(min_length=1)
    design: Literal["full_factorial", "latin_hypercube", "sobol", "morris"] = "full_factorial"
    samples: int | None = Field(default=None, ge=1)
    morris_levels: int = Field(default=4, ge=2)
    sobol_second_order: bool = False
    replications: int = Field(default=1, ge=1)
    root_seed: int = Field(ge=0)
    horizon_days: float | None = Field(default=None, gt=0, le=366)
    kpis: list[str] = Field(min_length=1)
    parameters: list[Parameter] = Field(min_length=1)
    common_random_numbers: bool | None = Field(default=None, strict=True)
    # the language of what `rehearse sweep` prints and of `sweep summarize`'s printout and plots
    # (`--lang` overrides it)
    lang: Literal["en", "zh"] | None = None

    @property
    def uses_common_random_numbers(self) -> bool:
        if self.common_random_numbers is not None:
            return self.common_random_numbers
        return self.design in SENSITIVITY_DESIGNS


class LoadedSpec:
    """A checked spec with its base scenario resolved (shortened to `horizon_days`)."""

    def __init__(self, path: Path, spec: SweepSpec, scenario: Scenario):
        self.path = path
        self.spec = spec
        self.scenario = scenario

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def report_language(self) -> str:
        """The language of what the sweep prints: the spec's `lang`, else the one the base
        scenario declares, else English."""
        return self.spec.lang or self.scenario.run.lang or DEFAULT_LANGUAGE

    @property
    def policies(self) -> list[Parameter]:
        return [p for p in self.spec.parameters if p.policy]

    @property
    def uncertainties(self) -> list[Parameter]:
        return [p for p in self.spec.parameters if not p.policy]


def load_sweep_spec(path: str | Path) -> LoadedSpec:
    """Read and check a spec; raises `ScenarioError` listing every problem found."""
    read = read_spec(path, SweepSpec, _model_at)
    file, locator, spec, scenario = str(read.path), read.locator, read.spec, read.scenario
    read.check(("parameters", "design", "samples"), "the design's parameters",
               lambda: _design_problems(file, locator, spec))
    read.check(("parameters.path", "parameters.values", "parameters.low", "parameters.high",
                "parameters.integer", "base_scenario"), "the parameters' paths and values",
               lambda: _parameter_problems(file, locator, spec, scenario))
    read.check(("kpis",), "the KPI names", lambda: _kpi_problems(file, locator, spec))
    read.raise_problems()
    return LoadedSpec(read.path, spec, scenario)


@dataclass
class SpecFile:
    """A spec file read: the spec built from its valid fields (`failed`: the keys with a
    problem), its base scenario if it loaded, and every problem and note so far."""

    path: Path
    locator: LineLocator
    spec: BaseModel
    scenario: Scenario | None
    failed: set[str]
    problems: list[Problem]
    notes: list[str]

    def check(self, needs: tuple[str, ...], what: str, problems_of: Callable[[], list[Problem]]) -> None:
        """Add what a check finds, or a note that it waits for the keys it needs to be fixed."""
        waiting = needs_failed(needs, self.failed)
        if waiting:
            self.notes.append(f"{what}: checked once {', '.join(waiting)} "
                              f"{'is' if len(waiting) == 1 else 'are'} fixed")
        else:
            self.problems += problems_of()

    def raise_problems(self) -> None:
        if self.problems:
            raise ScenarioError(in_reading_order(self.problems), self.notes)


def read_spec(path: str | Path, model: type[BaseModel], model_at) -> SpecFile:
    """A spec file of `model` (with `base_scenario` and `horizon_days`) read and checked
    field by field, and its base scenario loaded and shortened (unless `base_scenario` has a
    problem, or the base scenario has: then `base_scenario` is among the keys that failed).
    `model_at(loc)` names the model whose keys a misspelt key at `loc` should be among."""
    path = Path(path)
    data, lines = read_toml(path)
    locator = LineLocator(lines)
    file = str(path)
    problems: list[Problem] = []
    notes: list[str] = []
    failed: set[str] = set()
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        problems += [spec_problem(file, locator, err, model_at) for err in exc.errors()]
        spec, failed = valid_fields(model, data, exc.errors())
    scenario = None
    if "base_scenario" not in failed:
        base_path = (path.parent / spec.base_scenario).resolve()
        try:
            if not base_path.is_file():
                raise ScenarioError([Problem(file, locator.line_of(("base_scenario",)), "base_scenario",
                                             f"no such file {str(base_path)!r} (paths are relative "
                                             f"to the spec file)")])
            days = None if "horizon_days" in failed else spec.horizon_days
            scenario = shorten(load_scenario(base_path), days)
        except ScenarioError as exc:
            problems += exc.problems
            notes += exc.notes
            failed.add("base_scenario")
    return SpecFile(path, locator, spec, scenario, failed, problems, notes)


def shorten(scenario: Scenario, horizon_days: float | None) -> Scenario:
    """The scenario run to `horizon_days`, without the lockdowns that would start after it;
    the order log is switched off (a sweep keeps KPIs, not millions of orders)."""
    if horizon_days is not None:
        scenario, _ = with_horizon(scenario, horizon_days, "horizon_days")
    data = scenario.model_dump(by_alias=True)
    data["run"]["order_log"] = False
    return Scenario.model_validate(data)


def spec_problem(file: str, locator: LineLocator, err: dict, model_at) -> Problem:
    """A pydantic error in a spec as file, line, field and what is allowed."""
    loc = tuple(err["loc"])
    if loc and isinstance(loc[-1], str) and loc[-1] in ("bool", "int", "float", "str"):
        loc = loc[:-1]  # pydantic names the union member it tried; the user's field is enough
    field = dotted_path(loc)
    if err["type"] == "extra_forbidden":
        allowed = sorted(model_at(loc).model_fields)
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        message = f"unknown key{hint} Allowed here: {', '.join(allowed)}"
    elif err["type"] == "missing":
        message = "required but missing"
    elif err["type"] == "literal_error" and loc == ("design",):
        message = f"unknown design {err['input']!r}; allowed: {', '.join(DESIGNS)}"
    else:
        message = err["msg"].removeprefix("Value error, ")
        if "input" in err and not isinstance(err["input"], dict):
            message += f" (got {err['input']!r})"
    return Problem(file, locator.line_of(loc), field, message)


def _model_at(loc: tuple) -> type[BaseModel]:
    return Parameter if "parameters" in loc else SweepSpec


def _design_problems(file: str, locator: LineLocator, spec: SweepSpec) -> list[Problem]:
    problems = []

    def add(loc: tuple, message: str) -> None:
        problems.append(Problem(file, locator.line_of(loc), dotted_path(loc), message))

    paths = [p.path for p in spec.parameters]
    for i, p in enumerate(spec.parameters):
        if paths.count(p.path) > 1 and paths.index(p.path) < i:
            add(("parameters", i, "path"), f"{p.path!r} is swept twice")
        if p.policy and p.is_range:
            add(("parameters", i, "policy"), "a policy lists its options: values = [...]")
        elif spec.design == "full_factorial" and p.is_range:
            add(("parameters", i, "low"),
                "full_factorial needs values = [...]; a range needs design = "
                f"{' | '.join(SAMPLED_DESIGNS)}")
        elif spec.design in SAMPLED_DESIGNS and not p.policy and not p.is_range:
            add(("parameters", i, "values"),
                f"{spec.design} samples a range: give low and high (or mark it policy = true)")
    if spec.design in SAMPLED_DESIGNS:
        if not any(not p.policy for p in spec.parameters):
            add(("design",), f"{spec.design} needs at least one parameter with low/high")
        if spec.samples is None:
            add(("samples",), f"{spec.design} needs samples = N")
        elif spec.design == "sobol" and spec.samples & (spec.samples - 1):
            add(("samples",), f"sobol needs a power of 2 (got {spec.samples})")
    elif spec.samples is not None:
        add(("samples",), "only latin_hypercube, sobol and morris take samples")
    return problems


def _parameter_problems(file: str, locator: LineLocator, spec: SweepSpec,
                        scenario: Scenario) -> list[Problem]:
    """Each path must name a value of the base scenario, and each level must be valid there."""
    problems = []
    base = scenario.model_dump(by_alias=True)
    for i, p in enumerate(spec.parameters):
        where = ("parameters", i, "path")
        missing = unknown_path_message(base, p.path)
        if missing:
            problems.append(Problem(file, locator.line_of(where), dotted_path(where), missing))
            continue
        trials = p.values if p.values is not None else [p.low, p.high]
        if p.integer and p.is_range:
            trials = [round(p.low), round(p.high)]
        fields = ["values"] * len(trials) if p.values is not None else ["low", "high"]
        for value, field in zip(trials, fields):  # every level that is not valid
            try:
                scenario_with_overrides(scenario, {p.path: value})
            except (ValidationError, ValueError, KeyError) as exc:
                at = ("parameters", i, field)
                problems.append(Problem(file, locator.line_of(at), dotted_path(at),
                                        f"{value!r} is not valid for {p.path}: {first_line(exc)}"))
    return problems


def unknown_path_message(base: dict, dotted: str) -> str | None:
    node = base
    walked = []
    for part in dotted.split("."):
        if isinstance(node, list):
            if part.isdigit() and int(part) < len(node):
                node = node[int(part)]
                walked.append(part)
                continue
            return (f"unknown parameter path {dotted!r}: {'.'.join(walked)} is a list of "
                    f"{len(node)}; use an index 0..{len(node) - 1}")
        if not isinstance(node, dict) or part not in node:
            allowed = sorted(node) if isinstance(node, dict) else []
            guess = difflib.get_close_matches(part, allowed, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            under = ".".join(walked) or "the scenario"
            return (f"unknown parameter path {dotted!r}{hint} Allowed under {under}: "
                    f"{', '.join(allowed) if allowed else '(not a section)'}")
        node = node[part]
        walked.append(part)
    if isinstance(node, dict):
        return (f"{dotted!r} is a section, not a value; choose one of: "
                f"{', '.join(sorted(node))}")
    return None


def first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(map(str, err['loc']))}: {err['msg'].removeprefix('Value error, ')}"
    return str(exc).splitlines()[0]


def _kpi_problems(file: str, locator: LineLocator, spec: SweepSpec) -> list[Problem]:
    known = kpi_names()
    problems = []
    for name in spec.kpis:
        if name not in known:
            guess = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            problems.append(Problem(file, locator.line_of(("kpis",)), "kpis",
                                    f"unknown KPI {name!r}{hint} Allowed: {', '.join(known)}"))
    return problems


@functools.cache
def kpi_names() -> tuple[str, ...]:
    """The KPI names a run may report (from tiny runs, so the list never goes stale): a plain
    town's, and those only a town with every optional part reports (several order channels,
    a depot, notice, counter trade, panic, roads)."""
    from sim.inputs.small_town import small_town
    from sim.model.town_model import TownModel

    names: dict[str, None] = {}
    for sections in ({}, _EVERY_PART):
        model = TownModel(small_town(villages=1, stores_per_kind=1, population=5,
                                     horizon_days=0.05, couriers=1, **sections))
        names.update(dict.fromkeys(k for k in model.run_episode() if k not in ("scenario", "seed")))
    return tuple(names)


# a town with every optional part a scenario may switch on, for the KPIs only it reports
_EVERY_PART = {
    "households": {"smartphone_share": 0.5},
    "depot": {"cover_days": 1},
    "walk_in": {"daily_consumption_share": 0.1},
    "panic": {"enabled": True},
    "group_buying": {"share": 0.5},
    "push_packs": [{"village": "all", "days_after_lockdown": 0, "content": {"staples": 1}}],
    "lockdowns": [{"village": "V0", "start_day": 0.0, "notice_hours": 1}],
    "roads": {"edges": [{"from": "V0", "to": "bridge", "km": 1.0}],
              "junctions": [{"name": "bridge", "x_km": 0.5, "y_km": 0.0}]},
}
