"""Load a scenario TOML file into a `Scenario`, or list every problem in it.

A user's mistake is reported as file, line, field path, what is wrong and what is allowed;
`ScenarioError` carries the list, and the command line prints it and exits 2.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from sim.core.phrase import Phrase
from sim.core.problems import Problem, ScenarioError, in_reading_order
from sim.core.set_aside import SetAside, validate_rest
from sim.inputs.scenario_files import LineLocator, dotted_path, read_scenario_data, read_toml
from sim.scenario import Scenario
from sim.scenario.removed_fields import removed_field

__all__ = ["LineLocator", "Problem", "ScenarioError", "dotted_path", "read_toml", "load_scenario",
           "validated", "scenario_with_overrides", "apply_overrides", "with_horizon",
           "parse_set_option", "apply_set_options"]

_DIST_TAGS = {"fixed", "exponential", "uniform", "triangular", "lognormal", "empirical"}


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model reached by following `loc` (for did-you-mean)."""
    current = model
    for part in loc:
        if isinstance(part, int) or part in _DIST_TAGS:
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            break
        ann = field.annotation
        nxt = _model_in(ann)
        if nxt is None:
            return []
        current = nxt
    return sorted(f.alias or name for name, f in current.model_fields.items())


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _describe(error: dict, model: type[BaseModel]) -> tuple[tuple, str]:
    loc = tuple(p for p in error["loc"] if p not in _DIST_TAGS)
    kind = error["type"]
    if kind == "extra_forbidden":
        replaced = removed_field(loc)
        if replaced is not None:
            return loc, replaced
        allowed = _allowed_keys(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        return loc, f"unknown key{hint} Allowed here: {', '.join(allowed)}"
    if kind == "missing":
        return loc, "required but missing"
    msg = error["msg"].removeprefix("Value error, ")
    shown = error.get("input")
    if isinstance(shown, (str, int, float, bool)) and len(repr(shown)) <= 60 and kind not in (
            "union_tag_invalid", "model_type"):
        return loc, f"{msg} (got {shown!r})"
    return loc, msg


# values a scenario with problems takes while its other parts are checked
_STAND_INS = {("run", "name"): "(no name)", ("run",): {"name": "(no name)"}}


def validated(data: dict, sources: list[tuple[str, LineLocator]], set_aside: SetAside | None = None,
              problems: list[Problem] | tuple = ()) -> Scenario:
    """The scenario `data` makes, else ScenarioError with `problems` (found reading it) and
    every problem of the schema and of the cross-references. A part with a problem is set
    aside (sim/core/set_aside.py) so that the cross-references of the rest are still checked."""
    problems = list(problems)
    set_aside = set_aside or SetAside()
    references: list[tuple[tuple, str]] = []

    def validate(data: dict) -> Scenario:
        references.clear()
        return Scenario.model_validate(data, context={"reference_problems": references})

    try:
        scenario = validate(data)
    except ValidationError as exc:
        for loc, message in (_describe(err, Scenario) for err in exc.errors()):
            if not set_aside.hides_schema(loc):
                problems.append(_problem(sources, loc, message))
        scenario = validate_rest(validate, data, exc.errors(), set_aside, _STAND_INS)
    notes = []
    if scenario is None or set_aside.unread:
        names = Phrase("the names the scenario's parts give each other (villages, stores, kinds, categories, "
                       "suppliers, roads) are checked once the problems above are fixed")
        notes.append(Phrase("{note} ({unread} could not be read)", note=names, unread=", ".join(set_aside.unread))
                     if set_aside.unread else names)
        references.clear()
    hidden = 0
    for loc, message in references:
        loc = set_aside.in_file(loc)
        if set_aside.hides(loc, message) or _waits_for_records(loc, set_aside):
            hidden += 1
        else:
            problems.append(_problem(sources, loc, message))
    if hidden:
        names = ", ".join(sorted(set_aside.names)) or "the parts"
        notes.append(f"{names} with a problem above: what refers to them, and the checks over "
                     "whole lists (duplicates, what the suppliers sell, the road network), wait "
                     "until they are fixed; the names listed as known leave them out")
    if problems:
        raise ScenarioError(in_reading_order(problems), notes)
    return scenario


def _waits_for_records(loc: tuple, set_aside: SetAside) -> bool:
    """The road network's checks need every village, store and road: they wait while one of
    those has a problem (a store whose village is set aside is not on the map)."""
    return loc[:1] == ("roads",) and any(path[0] in ("villages", "ledger", "roads")
                                         for path in set_aside.lists)


def _problem(sources: list[tuple[str, LineLocator]], loc: tuple, message: str) -> Problem:
    """Point at the file (of an `extends` chain) that mentions most of the field's path."""
    best_file, best, best_locator = sources[0][0], (0, None), None
    for file, locator in sources:
        found = locator.match(loc)
        if found[0] > best[0]:
            best_file, best, best_locator = file, found, locator
    field = best_locator.field_name(loc) if best_locator is not None else dotted_path(loc)
    return Problem(best_file, best[1], field, message)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ScenarioError listing every problem of it,
    its base files and its CSV files."""
    files = read_scenario_data(Path(path))
    if not files.complete:
        raise ScenarioError(files.problems, [Phrase("the rest of the scenario is checked once every file "
                                                    "of its `extends` chain can be read")])
    return validated(files.data, files.sources, files.set_aside, files.problems)


def scenario_with_overrides(scenario: Scenario, overrides: dict[str, object]) -> Scenario:
    """A copy of `scenario` with values set by dotted path (e.g. ``couriers.whitelist_size``).

    Used by sweeps, the Mesa batch runner and tests; the result is validated again.
    """
    return Scenario.model_validate(_overridden_data(scenario, overrides))


def _overridden_data(scenario: Scenario, overrides: dict[str, object]) -> dict:
    """The scenario's data with each dotted path set; a path that names nothing raises KeyError
    saying which part and what is allowed there."""
    data = scenario.model_dump(by_alias=True)
    for dotted, value in overrides.items():
        target = data
        parts = dotted.split(".")
        for n, part in enumerate(parts):
            if isinstance(target, list):
                index = int(part) if part.isdigit() else None
                if index is None or index >= len(target):
                    raise KeyError(f"{dotted}: no item {part!r}; allowed: 0 to {len(target) - 1}")
                key = index
            elif isinstance(target, dict) and part in target:
                key = part
            elif n == len(parts) - 1 and (replaced := removed_field(tuple(parts))) is not None:
                raise KeyError(f"{dotted}: {replaced}")
            else:
                what = "field" if n == len(parts) - 1 else "section"
                allowed = ", ".join(map(str, target)) if isinstance(target, dict) else ""
                raise KeyError(f"{dotted}: no {what} {part!r}"
                               + (f"; allowed: {allowed}" if allowed else
                                  f"; {'.'.join(parts[:n])} is a single value"))
            if n == len(parts) - 1:
                target[key] = value
            else:
                target = target[key]
    return data


def apply_overrides(scenario: Scenario, overrides: dict[str, object], where: str) -> Scenario:
    """`scenario_with_overrides` for values a user typed (e.g. ``--days``): a value that makes
    the scenario invalid becomes a ScenarioError naming `where` and every problem."""
    try:
        data = _overridden_data(scenario, overrides)
    except KeyError as exc:
        raise ScenarioError([Problem(where, None, str(exc.args[0]).split(":")[0],
                                     str(exc.args[0]))]) from None
    return validated(data, [(where, LineLocator([]))])


def with_horizon(scenario: Scenario, days: float, where: str = "--days") -> tuple[Scenario, list[str]]:
    """`scenario` run to `days`, without what would only start after it (lockdowns,
    disruptions, road closures): a shorter run is the first `days` of the same story. Returns
    the scenario and what was left out, in words."""
    data = scenario.model_dump(by_alias=True)
    data["run"]["horizon_days"] = days
    left_out = []
    kept = []
    for lk in data["lockdowns"]:
        (kept if lk["start_day"] < days else left_out).append(lk)
    left_out = [f"the lockdown of {lk['village']} (day {lk['start_day']:g})" for lk in left_out]
    data["lockdowns"] = kept
    later = [d for d in data.get("disruptions", []) if d["start_day"] >= days]
    data["disruptions"] = [d for d in data.get("disruptions", []) if d["start_day"] < days]
    left_out += [f"the {d['kind'].replace('_', ' ')} from day {d['start_day']:g}" for d in later]
    roads = data.get("roads")
    if roads and roads.get("closures"):
        closures = roads["closures"]
        roads["closures"] = [c for c in closures if c["start_day"] < days]
        left_out += [f"the closure of {c['from']}-{c['to']} (day {c['start_day']:g})"
                     for c in closures if c["start_day"] >= days]
    return validated(data, [(where, LineLocator([]))]), left_out


def parse_set_option(text: str) -> tuple[str, object]:
    """`PATH=VALUE` as typed after `--set`: the value is read as TOML (`50`, `true`, `[7, 22]`,
    `{ dist = "fixed", value = 5 }`); a bare word such as `nearest` is taken as text."""
    path, sep, raw = text.partition("=")
    path, raw = path.strip(), raw.strip()
    if not sep or not path:
        raise ScenarioError([Problem(f"--set {text}", None, "", "expected PATH=VALUE; allowed: "
                                     "a dotted path and a TOML value, e.g. couriers.whitelist_size=50")])
    try:
        return path, tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", raw):
            return path, raw
    raise ScenarioError([Problem(f"--set {path}", None, "", f"{raw!r} is not a TOML value; allowed: "
                                 'a number, true or false, "text", a list such as [7, 22] or a '
                                 'table such as { dist = "fixed", value = 5 }')])


class _SetLocator:
    """Points a problem at the `--set` option whose path leads to the field."""

    def __init__(self, path: str):
        self.parts = tuple(path.split("."))

    def match(self, loc: tuple) -> tuple[int, int | None]:
        n = len(self.parts)
        return (n, None) if tuple(str(p) for p in loc[:n]) == self.parts else (0, None)

    def field_name(self, loc: tuple) -> str:
        return dotted_path(loc[len(self.parts):]) if len(loc) > len(self.parts) else ""


def apply_set_options(scenario: Scenario, options: list[str]) -> Scenario:
    """The scenario with the command line's `--set PATH=VALUE` options applied (later ones
    win) and validated again; every problem reads "--set PATH: what is wrong, what is allowed"."""
    if not options:
        return scenario
    overrides: dict[str, object] = {}
    problems: list[Problem] = []
    for text in options:
        try:
            path, value = parse_set_option(text)
        except ScenarioError as exc:
            problems += exc.problems
            continue
        overrides[path] = value
        try:
            _overridden_data(scenario, {path: value})
        except KeyError as exc:
            problems.append(Problem(f"--set {path}", None, "",
                                    str(exc.args[0]).removeprefix(f"{path}: ")))
    if problems:
        raise ScenarioError(problems)
    sources = [("--set", LineLocator([]))] + [(f"--set {p}", _SetLocator(p)) for p in overrides]
    return validated(_overridden_data(scenario, overrides), sources)
