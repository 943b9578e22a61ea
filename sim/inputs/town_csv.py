"""Villages, the store ledger and roads read from CSV files, the spreadsheets planners keep.

A scenario may name a CSV file instead of listing `villages`, `ledger.stores`, `roads.edges` or
`roads.junctions`; the rows become
the same records a TOML list gives, and every problem is reported as file:line: column: what
is wrong, what is allowed. Villages may be placed by `lat,lon` instead of `x_km,y_km`: they are
projected to kilometres around their mean with an equirectangular projection (east = x, north =
y), which is accurate to well under 1% across a town or a district.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path

from sim.core.problems import Problem
from sim.core.set_aside import SetAside

EARTH_RADIUS_KM = 6371.0088  # the mean radius


@dataclass(frozen=True)
class Table:
    """What one CSV file may hold: its scenario key, required and optional columns, and how
    each column's text becomes a value."""

    key: tuple[str, ...]
    what: str  # one row is one ...
    required: tuple[str, ...]
    optional: tuple[str, ...]
    kinds: dict[str, str]  # column -> "text" | "number" | "whole" | "yes/no"
    unique: str | None = None  # a column whose values must differ


VILLAGES = Table(
    key=("villages",), what="village",
    required=("name", "x_km", "y_km", "population"),
    optional=("gate_volunteers", "lat", "lon", "name_zh", "name_en"),  # name_zh/_en: display names
    kinds={"name": "text", "x_km": "number", "y_km": "number", "lat": "number", "lon": "number",
           "population": "whole", "gate_volunteers": "whole", "name_zh": "text", "name_en": "text"},
    unique="name",
)
STORES = Table(
    key=("ledger", "stores"), what="store",
    required=("id", "village", "kind", "floor_m2"),
    optional=("licensed", "infection_risk", "name_zh", "name_en"),
    kinds={"id": "text", "village": "text", "kind": "text", "floor_m2": "number",
           "licensed": "yes/no", "infection_risk": "yes/no", "name_zh": "text", "name_en": "text"},
    unique="id",
)
ROAD_EDGES = Table(
    key=("roads", "edges"), what="road",
    required=("from", "to"),
    optional=("km",),  # empty: the straight line between the two ends
    kinds={"from": "text", "to": "text", "km": "number"},
)
JUNCTIONS = Table(
    key=("roads", "junctions"), what="junction",
    required=("name", "x_km", "y_km"),
    optional=(),
    kinds={"name": "text", "x_km": "number", "y_km": "number"},
    unique="name",
)
TABLES = (VILLAGES, STORES, ROAD_EDGES, JUNCTIONS)

_ALLOWED = {
    "number": "a number such as 2.5",
    "whole": "a whole number such as 1200",
    "yes/no": "true or false (also yes/no, 1/0)",
}
_YES = {"true", "yes", "y", "1"}
_NO = {"false", "no", "n", "0"}


class CsvLocator:
    """Points a problem in a row read from a CSV file at that file's line and column."""

    def __init__(self, file: str, key: tuple[str, ...], row_lines: list[int]):
        self.file = file
        self.key = key
        self.row_lines = row_lines

    def match(self, loc: tuple) -> tuple[int, int | None]:
        n = len(self.key)
        if tuple(loc[:n]) == self.key and len(loc) > n and isinstance(loc[n], int) \
                and 0 <= loc[n] < len(self.row_lines):
            return len(loc), self.row_lines[loc[n]]
        return 0, None

    def field_name(self, loc: tuple) -> str:
        """The column (how the user sees the field in a spreadsheet)."""
        n = len(self.key)
        return str(loc[n + 1]) if len(loc) > n + 1 else "(row)"


def resolve_csv_tables(data: dict, scenario_file: Path, line_of, set_aside: SetAside
                       ) -> tuple[list[tuple[str, CsvLocator]], list[Problem]]:
    """Replace each CSV path in `data` (villages, ledger.stores, roads) by the rows it holds
    without problems, in place; returns a locator per file read and every problem of every
    file. Rows with problems are recorded in `set_aside` (their names), and so is a file none
    of whose rows could be read. `line_of(loc)` finds the path's line in the scenario file."""
    sources: list[tuple[str, CsvLocator]] = []
    problems: list[Problem] = []
    for table in TABLES:
        parent = data
        for part in table.key[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or not isinstance(parent.get(table.key[-1]), str):
            continue
        csv_path = Path(os.path.normpath(scenario_file.parent / parent[table.key[-1]]))
        if csv_path.is_file():
            found = read_table(csv_path, table)
        else:
            found = TableRead([], [], [Problem(
                str(scenario_file), line_of(table.key), ".".join(table.key),
                f"no such file {str(csv_path)!r}; allowed: a list of {table.what}s or the path "
                "of a CSV file relative to this scenario file")], [], readable=False)
        problems += found.problems
        parent[table.key[-1]] = found.rows
        for row in found.set_aside:
            set_aside.record(table.key, row)
        if found.problems:
            set_aside.lists.add(table.key)
        if not found.readable:
            set_aside.unread.append(str(csv_path))
        sources.append((str(csv_path), CsvLocator(str(csv_path), table.key, found.row_lines)))
    return sources, problems


@dataclass
class TableRead:
    """What a CSV file holds: its rows without problems (typed) and each one's line, every
    problem, what parsed of each row with a problem (its name, its village), and whether the
    rows could be read as records at all (not when the file or its header is wrong: their
    cells are still checked, and set aside)."""

    rows: list[dict]
    row_lines: list[int]
    problems: list[Problem]
    set_aside: list[dict]
    readable: bool = True


def read_table(path: Path, table: Table) -> TableRead:
    """The rows of a CSV file as dicts of typed values, and every problem."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's byte-order mark is fine
    except (OSError, UnicodeDecodeError) as exc:
        return TableRead([], [], [Problem(name, None, "(file)", f"cannot read: {exc}")], [], False)
    reader = csv.reader(text.splitlines())
    header_row = next(reader, None)
    columns_text = ",".join(table.required)
    if not header_row or not any(cell.strip() for cell in header_row):
        return TableRead([], [], [Problem(
            name, 1, "(header)", f"the file is empty; allowed: a header row ({columns_text}, "
            f"optional: {','.join(table.optional)}) and a row per {table.what}")], [], False)
    header = [cell.strip() for cell in header_row]
    problems = _header_problems(name, header, table)
    header_read = not problems  # else the rows' cells are still checked, column by column
    lat_lon = "lat" in header
    rows: list[dict] = []
    row_lines: list[int] = []
    set_aside: list[dict] = []
    seen: dict[str, int] = {}
    unique = table.unique
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        before = len(problems)
        if len(cells) > len(header):
            problems.append(Problem(name, line, "(row)", f"{len(cells)} cells, but the header has "
                                    f"{len(header)}; allowed: one cell per column"))
            continue
        cells = cells + [""] * (len(header) - len(cells))  # trailing empty cells left out
        row = {}
        for column, cell in zip(header, cells):
            if column not in table.kinds:
                continue  # an unknown column: told once, on the header's line
            value, message = _cell_value(cell.strip(), table.kinds[column],
                                    required=column in table.required or lat_lon and column in ("lat", "lon"))
            if message:
                problems.append(Problem(name, line, column, message))
            elif value is not None:
                row[column] = value
        for column, limit in (("lat", 90), ("lon", 180)):
            if isinstance(row.get(column), float) and abs(row[column]) > limit:
                problems.append(Problem(name, line, column, f"{row[column]:g} is out of range; "
                                        f"allowed: degrees from -{limit} to {limit}"))
        key = row.get(unique) if unique else None
        if isinstance(key, str) and key in seen:
            problems.append(Problem(name, line, unique, f"duplicate {table.what} {unique} {key!r} "
                                    f"(first on line {seen[key]}); allowed: each {unique} once"))
        elif isinstance(key, str):
            seen[key] = line
        if len(problems) > before or not header_read:
            set_aside.append(row)  # what parsed of it still names a village or a kind
            continue
        rows.append(row)
        row_lines.append(line)
    if not rows and not set_aside and not problems:
        problems.append(Problem(name, 2, "(rows)", f"no {table.what}s; allowed: a row per "
                                f"{table.what} under the header"))
    if lat_lon and rows:
        project_to_km(rows)
    return TableRead(rows, row_lines, problems, set_aside, readable=header_read)


def _header_problems(name: str, header: list[str], table: Table) -> list[Problem]:
    known = table.required + table.optional
    problems = [Problem(name, 1, column or "(empty)", f"unknown column; allowed: {', '.join(known)}")
                for column in header if column not in known]
    problems += [Problem(name, 1, column, "this column appears twice; allowed: each column once")
                 for column in sorted({c for c in header if header.count(c) > 1})]
    has_km = {"x_km", "y_km"} & set(header)
    has_ll = {"lat", "lon"} & set(header) if "lat" in table.optional else set()
    if has_km and has_ll:
        problems.append(Problem(name, 1, "lat", "both kilometres and latitude/longitude given; "
                                "allowed: x_km,y_km or lat,lon"))
    for column in table.required:
        if column in header:
            continue
        if column in ("x_km", "y_km") and has_ll and not has_km:
            continue
        alternative = (" (or lat,lon instead of x_km,y_km)"
                       if column in ("x_km", "y_km") and "lat" in table.optional else "")
        problems.append(Problem(name, 1, column, f"missing column; required: "
                                f"{','.join(table.required)}{alternative}; optional: "
                                f"{','.join(c for c in table.optional if c not in ('lat', 'lon'))}"))
    if has_ll and not has_km:
        problems += [Problem(name, 1, column, "missing column; allowed: both lat and lon")
                     for column in ("lat", "lon") if column not in header]
    return problems


def _cell_value(cell: str, kind: str, required: bool) -> tuple[object, str | None]:
    """(the cell's value, None) or (None, what is wrong and what is allowed). An empty optional
    cell takes the scenario's default."""
    if cell == "":
        if required:
            return None, f"empty; allowed: {_ALLOWED.get(kind, 'some text')}"
        return None, None
    if kind == "text":
        return cell, None
    if kind == "yes/no":
        if cell.lower() in _YES:
            return True, None
        if cell.lower() in _NO:
            return False, None
        return None, f"not yes or no (got {cell!r}); allowed: {_ALLOWED[kind]}"
    try:
        number = float(cell.replace("_", "x"))  # float() would accept 1_000; a spreadsheet would not
    except ValueError:
        return None, f"not a number (got {cell!r}); allowed: {_ALLOWED[kind]}"
    if not math.isfinite(number):
        return None, f"not a finite number (got {cell!r}); allowed: {_ALLOWED[kind]}"
    if kind == "whole":
        if number != int(number):
            return None, f"not a whole number (got {cell!r}); allowed: {_ALLOWED[kind]}"
        return int(number), None
    return number, None


def project_to_km(rows: list[dict]) -> None:
    """Replace `lat`, `lon` (degrees) by `x_km`, `y_km` around the rows' mean position."""
    lat0 = sum(r["lat"] for r in rows) / len(rows)
    lon0 = sum(r["lon"] for r in rows) / len(rows)
    scale = math.pi / 180 * EARTH_RADIUS_KM
    for row in rows:
        lat, lon = row.pop("lat"), row.pop("lon")
        row["x_km"] = round((lon - lon0) * scale * math.cos(math.radians(lat0)), 4)
        row["y_km"] = round((lat - lat0) * scale, 4)
