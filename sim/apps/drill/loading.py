"""Read a drill file and check it against its scenario: every problem with file, line, field
and what is allowed, so a trainer can fix the inject list before the exercise, not during it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sim.apps.drill.amount_bounds import amount_bounds, amount_problems
from sim.apps.drill.language import drill_language
from sim.apps.drill.spec import INJECT_TARGETS, DrillSettings, DrillSpec, Inject, StoreRole
from sim.core.roads import road
from sim.core.set_aside import valid_fields
from sim.core.units import MINUTES_PER_DAY
from sim.inputs.scenario_loading import (
    LineLocator,
    Problem,
    ScenarioError,
    _describe,
    apply_set_options,
    dotted_path,
    load_scenario,
    read_toml,
    scenario_with_overrides,
)
from sim.scenario import Scenario


@dataclass(frozen=True)
class Drill:
    """A checked drill: its spec, the scenario it runs on, and each inject's minute."""

    spec: DrillSpec
    scenario: Scenario
    file: Path
    inject_minutes: dict[str, float]
    lang: str = "en"  # what people read: --lang, else the drill file's, else the scenario's

    @property
    def speaker(self):
        """Says the drill's texts and messages in its language (sim/apps/drill/language.py)."""
        from sim.apps.drill.language import Speaker

        return Speaker(self.scenario, self.lang)

    @property
    def name(self) -> str:
        return self.spec.drill.name

    @property
    def seed(self) -> int:
        return self.spec.drill.seed if self.spec.drill.seed is not None else self.scenario.run.seed

    def injects_in_time_order(self) -> list[Inject]:
        order = {i.id: n for n, i in enumerate(self.spec.injects)}
        return sorted(self.spec.injects, key=lambda i: (self.inject_minutes[i.id], order[i.id]))


def inject_minute(inject: Inject, start: dt.datetime) -> float:
    """Minutes since the run's start: `day` alone is days since the start; with `clock` it is
    that clock time on calendar day `day` (0 = the start's date)."""
    if inject.clock is None:
        return inject.day * MINUTES_PER_DAY
    hours, minutes = (int(x) for x in inject.clock.split(":"))
    date = start.date() + dt.timedelta(days=int(inject.day or 0))
    at = dt.datetime.combine(date, dt.time(hours, minutes))
    return (at - start.replace(tzinfo=None)).total_seconds() / 60


def load_drill(path: str | Path, horizon_days: float | None = None,
               set_options: list[str] | tuple = ()) -> Drill:
    """Read and check a drill file; raises ScenarioError listing every problem: the file's
    own, its base scenario's, and the injects' targets and times, all in one list.
    `set_options` (the command line's `--set PATH=VALUE`) apply after the drill's overrides."""
    path = Path(path)
    name = str(path)
    data, lines = read_toml(path)
    locator = LineLocator(lines)

    def problem(loc: tuple, message: str) -> Problem:
        return Problem(name, locator.line_of(loc), dotted_path(loc), message)

    problems: list[Problem] = []
    notes: list[str] = []
    try:
        spec = DrillSpec.model_validate(data)
        settings, injects = spec.drill, list(enumerate(spec.injects))
    except ValidationError as exc:
        spec = None
        for err in exc.errors():
            problems.append(problem(*_describe(err, DrillSpec)))
        # go on with the parts that are valid, so that later checks still report
        settings = _valid_settings(data.get("drill"))
        raw_injects = data.get("injects") if isinstance(data.get("injects"), list) else []
        injects = [(i, inject) for i, raw in enumerate(raw_injects)
                   if (inject := _valid_or_none(Inject, raw)) is not None]
    scenario = None if settings is None else _base_scenario(path, settings, horizon_days, injects,
                                                            problem, problems, notes)
    if scenario is not None and set_options:
        try:
            scenario = apply_set_options(scenario, list(set_options))
        except ScenarioError as exc:
            problems += exc.problems
            scenario = None
    minutes: dict[str, float] = {}
    if scenario is not None:
        problems += _check_references(injects, scenario, problem)
        problems += _check_times(injects, scenario, problem, minutes)
    elif problems:
        notes.append("the injects' targets and times are checked once the drill's scenario loads")
    if problems:
        raise ScenarioError(problems, notes)
    return Drill(spec, scenario, path, minutes, drill_language(spec.drill.lang, scenario))


def _valid_or_none(model, raw):
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def _valid_settings(raw) -> DrillSettings | None:
    """`[drill]` with what of it is valid (a bad seed does not keep its scenario from loading);
    None without a valid scenario path."""
    if not isinstance(raw, dict):
        return None
    try:
        return DrillSettings.model_validate(raw)
    except ValidationError as exc:
        settings, failed = valid_fields(DrillSettings, raw, exc.errors())
        return None if "scenario" in failed or "scenario" not in raw else settings


def _base_scenario(path: Path, settings: DrillSettings, horizon_days: float | None, injects,
                   problem, problems: list[Problem], notes: list[str]) -> Scenario | None:
    """The drill's scenario with its overrides; its problems are added to `problems`."""
    base = (path.parent / settings.scenario).resolve()
    if not base.exists():
        problems.append(problem(("drill", "scenario"), f"no such scenario file: {base}"))
        return None
    try:
        scenario = load_scenario(base)
    except ScenarioError as exc:
        problems += exc.problems
        notes += exc.notes
        return None
    overrides: dict = dict(settings.overrides)
    days = horizon_days or settings.horizon_days
    if days is not None:
        overrides["run.horizon_days"] = days
    if any(inject.kind == "village_locked" for _, inject in injects):
        overrides["lockdowns"] = []  # as DrillSpec.locks_by_inject
    unknown = []  # every path that names nothing; the values of the others together
    for dotted in overrides:
        try:
            scenario_with_overrides(scenario, {dotted: overrides[dotted]})
        except KeyError as exc:
            unknown.append(dotted)
            problems.append(problem(("drill", "overrides"), f"cannot apply: {exc.args[0]}"))
        except ValidationError:
            pass
    try:
        changed = scenario_with_overrides(scenario, {k: v for k, v in overrides.items()
                                                     if k not in unknown})
    except ValidationError as exc:
        text = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        problems.append(problem(("drill", "overrides"), f"cannot apply: {text}"))
        return None
    return changed  # without the paths that name nothing: the injects are still checked on it


def _check_times(injects, scenario: Scenario, problem, minutes: dict[str, float]) -> list[Problem]:
    """Each inject's minute into `minutes`; a problem for each one outside the horizon."""
    problems = []
    horizon = scenario.horizon_minutes
    end = scenario.run.start + dt.timedelta(minutes=horizon)
    for i, inject in injects:
        minute = inject_minute(inject, scenario.run.start)
        minutes[inject.id] = minute
        if not 0 <= minute < horizon:
            at = scenario.run.start + dt.timedelta(minutes=minute)
            field = "clock" if inject.clock is not None else "day"
            problems.append(problem(("injects", i, field),
                                    f"time {at:%d %b %Y %H:%M} is outside the horizon; allowed: "
                                    f"from {scenario.run.start:%d %b %Y %H:%M} to before "
                                    f"{end:%d %b %Y %H:%M} (day 0 to {horizon / MINUTES_PER_DAY:g})"))
    return problems


def _check_references(injects: list[tuple[int, Inject]], scenario: Scenario, problem) -> list[Problem]:
    """Targets and option fields must name villages, stores, suppliers and categories the
    scenario has; each inject comes with its place in the file."""
    villages = [v.name for v in scenario.villages]
    stores = {s.id: s for s in scenario.ledger.stores}
    suppliers = [s.name for s in scenario.suppliers]
    kinds = list(scenario.store_kinds)
    known = {"village": villages, "store": sorted(stores), "supplier": suppliers,
             "delivery_group": ["couriers"]}
    problems = []
    bounds = amount_bounds(scenario)

    def check(loc, value, allowed, what):
        if value is not None and value not in allowed:
            shown = allowed if len(allowed) <= 12 else allowed[:12] + ["..."]
            problems.append(problem(loc, f"unknown {what} {value!r}; allowed: {', '.join(map(str, shown))}"))
            return False
        return True

    for i, inject in injects:
        if inject.kind == "road_closed":
            problems += _road_closure_problems(i, inject, scenario, problem)
        target_kind = INJECT_TARGETS[inject.kind]
        check(("injects", i, "target"), inject.target, known[target_kind],
              f"target for {inject.kind} ({target_kind.replace('_', ' ')})")
        for j, option in enumerate(inject.options):
            loc = ("injects", i, "options", j)
            for field in ("village", "from_village", "to_village"):
                check(loc + (field,), getattr(option, field), villages, "village")
            check(loc + ("supplier",), option.supplier, suppliers, "supplier")
            check(loc + ("store_kind",), option.store_kind, kinds, "store kind")
            if isinstance(option.store, StoreRole):
                check(loc + ("store", "serving"), option.store.serving, villages, "village for store.serving")
                if check(loc + ("store", "kind"), option.store.kind, kinds, "store kind"):
                    sells = list(scenario.store_kinds[option.store.kind].categories)
                    check(loc + ("category",), option.category, sells, f"category for a {option.store.kind}")
            elif check(loc + ("store",), option.store, sorted(stores), "store") and option.store:
                sells = list(scenario.store_kinds[stores[option.store].kind].categories)
                check(loc + ("category",), option.category, sells, f"category for {option.store}")
            problems += [problem(loc + (field,), too_much)
                         for field, too_much in amount_problems(option.model_dump(), bounds, scenario)]
            if option.action == "release_depot_stock" and not scenario.depot.exists:
                problems.append(problem(loc + ("action",),
                                        "the scenario has no depot (depot.capacity_kg = 0); add "
                                        "\"depot.capacity_kg\" to [drill] overrides or choose another action"))
    return problems


def _road_closure_problems(i: int, inject: Inject, scenario: Scenario, problem) -> list[Problem]:
    """A town with a road network closes roads by name (`edges`, or every road of the target
    village); a town without one lengthens the last leg (`detour_factor`)."""
    roads = scenario.roads.edges
    if not roads:
        if inject.edges is not None:
            return [problem(("injects", i, "edges"), "the scenario has no road network "
                            "([roads] edges); allowed: detour_factor (the last leg to the "
                            "village that many times as long)")]
        if inject.detour_factor is None:
            return [problem(("injects", i, "kind"), "a road closure in a town without a road "
                            "network needs detour_factor; allowed: a number >= 1")]
        return []
    if inject.detour_factor is not None:
        return [problem(("injects", i, "detour_factor"), "the scenario has a road network: "
                        'allowed: edges = [["A", "B"], ...] (the roads to close) or neither '
                        "(every road of the target village)")]
    known = {road(e.from_, e.to) for e in roads}
    return [problem(("injects", i, "edges"), f"no road between {a!r} and {b!r} in the "
                    "scenario's roads.edges; allowed: a road of the network")
            for a, b in inject.edges or () if road(a, b) not in known]
