"""A scenario file and the files it reads: its TOML (and the line of each field, to point a
user at it), the base files of its `extends` chain and its CSV files, merged into one table
of data with every problem found reading them (`sim/inputs/scenario_loading.py` validates it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sim.core.problems import Problem, ScenarioError
from sim.core.set_aside import SetAside
from sim.inputs.town_csv import CsvLocator, resolve_csv_tables


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


@dataclass
class ScenarioFiles:
    """A scenario file with what it reads (its `extends` chain, its CSV files) merged: the
    data, where each part came from (most specific first), every problem found reading them,
    the records set aside for their problems, and whether every file of the chain was read
    (else the data lacks a base's tables and only the reading problems are worth telling)."""

    data: dict
    sources: list[tuple[str, LineLocator]]
    problems: list[Problem]
    set_aside: SetAside
    complete: bool = True


def read_scenario_data(path: Path, depth: int = 0) -> ScenarioFiles:
    """Parse a scenario file, following `extends = "other.toml"` (relative to the file).

    The file's tables are merged over its base's (arrays and values replace); the sources are
    returned most specific first so that a problem is pointed at the file that set the value.
    A file that cannot be read raises ScenarioError; one of its base or CSV files that cannot
    is a problem among the others.
    """
    data, lines = read_toml(path)
    locator = LineLocator(lines)
    set_aside = SetAside()
    csv_sources, problems = resolve_csv_tables(data, path, locator.line_of, set_aside)
    sources = [(str(path), locator)] + csv_sources  # paths relative to this file
    base = data.pop("extends", None)
    if base is None:
        return ScenarioFiles(data, sources, problems, set_aside)
    if not isinstance(base, str) or depth >= MAX_EXTENDS_DEPTH:
        problems.append(Problem(str(path), locator.line_of(("extends",)), "extends",
                                "must name one scenario file (and not extend itself)"))
        return ScenarioFiles(data, sources, problems, set_aside, complete=False)
    try:
        base_files = read_scenario_data(path.parent / base, depth + 1)
    except ScenarioError as exc:
        return ScenarioFiles(data, sources, problems + exc.problems, set_aside, complete=False)
    # a CSV of the base whose table this file replaces no longer says where a row came from
    base_sources = [(file, loc) for file, loc in base_files.sources
                    if not (isinstance(loc, CsvLocator) and _sets(data, loc.key))]
    set_aside.merge(base_files.set_aside)
    return ScenarioFiles(_merge(base_files.data, data), sources + base_sources,
                         problems + base_files.problems, set_aside, base_files.complete)


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


def dotted_path(loc: tuple) -> str:
    """('stores', 3, 'village') -> 'stores[3].village' (how a user reads a field's place)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
