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

from sim.problems import Problem, ScenarioError
from sim.scenario import Scenario
from sim.town_csv import CsvLocator, resolve_csv_tables

_DIST_TAGS = {"fixed", "exponential", "uniform", "triangular", "lognormal", "empirical"}


def read_toml(path: Path) -> tuple[dict, list[str]]:
    """Parse a TOML file; a missing file or a syntax error becomes a ScenarioError."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(name, None, "(file)", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(name, None, "(file)", f"cannot read: {exc}")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ScenarioError(
            [Problem(name, int(m.group(1)) if m else None, "(syntax)", f"not valid TOML: {exc}")]
        ) from None
    return data, text.splitlines()


class LineLocator:
    """Finds the line of a field path in TOML text: good enough to point a user at it.

    Understands `[table]`, `[[array.of.tables]]`, `key = value` and arrays of one-line inline
    tables (`stores = [ {...}, {...} ]`), which is how our scenario files are written.
    """

    _header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
    _key = re.compile(r"^\s*([A-Za-z0-9_\-\"]+)\s*=")

    def __init__(self, lines: list[str]):
        self.lines = lines
        self._index: dict[tuple, int] = {}
        counters: dict[tuple, int] = {}
        table: tuple = ()
        inline_array: tuple | None = None
        inline_count = 0
        for number, raw in enumerate(lines, start=1):
            line = raw.split("#", 1)[0] if '"' not in raw else raw
            h = self._header.match(raw)
            if h:
                inline_array = None
                parts = tuple(p.strip().strip('"') for p in h.group(2).split("."))
                if h.group(1) == "[[":
                    i = counters.get(parts, -1) + 1
                    counters[parts] = i
                    table = parts + (i,)
                else:
                    table = parts
                self._index.setdefault(table, number)
                continue
            if inline_array is not None:
                for m in re.finditer(r"\{", line):
                    self._index.setdefault(inline_array + (inline_count,), number)
                    for km in re.finditer(r"([A-Za-z0-9_]+)\s*=", line[m.start():]):
                        self._index.setdefault(inline_array + (inline_count, km.group(1)), number)
                    inline_count += 1
                    break
                if line.strip().startswith("]"):
                    inline_array = None
                continue
            k = self._key.match(line)
            if k:
                key = k.group(1).strip('"')
                path = table + (key,)
                self._index.setdefault(path, number)
                rest = line[k.end():]
                for km in re.finditer(r"([A-Za-z0-9_]+)\s*=", rest):
                    self._index.setdefault(path + (km.group(1),), number)
                if rest.strip().startswith("[") and "]" not in rest:
                    inline_array, inline_count = path, 0

    def field_name(self, loc: tuple) -> str:
        return dotted_path(loc)

    def line_of(self, loc: tuple) -> int | None:
        """The line of the longest prefix of `loc` that the file mentions."""
        return self.match(loc)[1]

    def match(self, loc: tuple) -> tuple[int, int | None]:
        """(length of the longest prefix of `loc` found, its line)."""
        for n in range(len(loc), 0, -1):
            found = self._index.get(tuple(loc[:n]))
            if found:
                return n, found
        return 0, None


MAX_EXTENDS_DEPTH = 8


def read_scenario_data(path: Path, depth: int = 0) -> tuple[dict, list[tuple[str, LineLocator]]]:
    """Parse a scenario file, following `extends = "other.toml"` (relative to the file).

    The file's tables are merged over its base's (arrays and values replace); the sources are
    returned most specific first so that a problem is pointed at the file that set the value.
    """
    data, lines = read_toml(path)
    locator = LineLocator(lines)
    sources = [(str(path), locator)]
    sources += resolve_csv_tables(data, path, locator.line_of)  # paths relative to this file
    base = data.pop("extends", None)
    if base is None:
        return data, sources
    if not isinstance(base, str) or depth >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([Problem(str(path), sources[0][1].line_of(("extends",)), "extends",
                                     "must name one scenario file (and not extend itself)")])
    base_data, base_sources = read_scenario_data(path.parent / base, depth + 1)
    # a CSV of the base whose table this file replaces no longer says where a row came from
    base_sources = [(file, loc) for file, loc in base_sources
                    if not (isinstance(loc, CsvLocator) and _sets(data, loc.key))]
    return _merge(base_data, data), sources + base_sources


def _sets(data: dict, key: tuple[str, ...]) -> bool:
    for part in key:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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


def validate_data(data: dict, sources: list[tuple[str, LineLocator]]
                  ) -> tuple[Scenario | None, list[Problem]]:
    """Validate parsed TOML; returns the scenario (if valid) and every problem found."""
    references: list[tuple[tuple, str]] = []
    try:
        scenario = Scenario.model_validate(data, context={"reference_problems": references})
    except ValidationError as exc:
        found = [_describe(err, Scenario) for err in exc.errors()]
        return None, [_problem(sources, loc, msg) for loc, msg in found]
    problems = [_problem(sources, loc, msg) for loc, msg in references]
    return (None if problems else scenario), problems


def _problem(sources: list[tuple[str, LineLocator]], loc: tuple, message: str) -> Problem:
    """Point at the file (of an `extends` chain) that mentions most of the field's path."""
    best_file, best, best_locator = sources[0][0], (0, None), None
    for file, locator in sources:
        found = locator.match(loc)
        if found[0] > best[0]:
            best_file, best, best_locator = file, found, locator
    field = best_locator.field_name(loc) if best_locator is not None else dotted_path(loc)
    return Problem(best_file, best[1], field, message)


def dotted_path(loc: tuple) -> str:
    """('stores', 3, 'village') -> 'stores[3].village' (how a user reads a field's place)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ScenarioError listing every problem."""
    data, sources = read_scenario_data(Path(path))
    scenario, problems = validate_data(data, sources)
    if problems:
        raise ScenarioError(problems)
    return scenario


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
    changed, problems = validate_data(data, [(where, LineLocator([]))])
    if problems:
        raise ScenarioError(problems)
    return changed


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
    changed, problems = validate_data(data, [(where, LineLocator([]))])
    if problems:
        raise ScenarioError(problems)
    return changed, left_out


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
    changed, problems = validate_data(_overridden_data(scenario, overrides), sources)
    if problems:
        raise ScenarioError(problems)
    return changed
