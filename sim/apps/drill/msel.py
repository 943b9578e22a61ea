"""The inject list as an MSEL (master scenario events list) spreadsheet, and back into TOML.

`rehearse drill msel export DRILL.toml --out FILE.csv` writes one row per inject in time order:
number, time (the scenario's local date and time), inject type, from, to (the role that hears
it), message, expected action, objective, then id, target and details (the kind's own fields,
as TOML key = value pairs, e.g. `hours = 6`). `rehearse drill msel import FILE.csv --into
DRILL.toml --out NEW.toml` writes a drill file with DRILL.toml's settings and the CSV's injects;
an inject whose id DRILL.toml has keeps its decision and options from there. Neither replaces
an existing file unless `--overwrite` (exit 2, nothing written). A bad CSV is
reported as file:line: column: what is allowed, every problem at once, exit 2.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import re
import tomllib
from pathlib import Path

from sim.apps.drill.loading import load_drill
from sim.apps.drill.spec import INJECT_FIELDS, INJECT_KINDS, OBJECTIVES, PLAYER_ROLES
from sim.core.atomic_files import OutputError, write_text_atomically
from sim.core.i18n import LANGUAGES, translator
from sim.core.toml_text import toml_key, toml_value
from sim.inputs.scenario_loading import Problem, ScenarioError, read_toml

COLUMNS = ("number", "time", "inject type", "from", "to", "message", "expected action", "objective",
           "id", "target", "details")
REQUIRED = COLUMNS[:-1]
TIME_FORMAT = "%Y-%m-%d %H:%M"
# an inject's fields -> the CSV column that holds them
FIELD_COLUMNS = {"kind": "inject type", "sender": "from", "to": "to", "message": "message",
                 "expected_action": "expected action", "objective": "objective", "id": "id",
                 "target": "target", "day": "time", "clock": "time"}
# the texts in the other language (sim/core/display_names.py), each a column of its own when a drill
# has it: an inject's field -> its column
LANGUAGE_COLUMNS = {"message_en": "message en", "message_zh": "message zh",
                    "expected_action_en": "expected action en", "expected_action_zh": "expected action zh",
                    "sender_en": "from en", "sender_zh": "from zh"}
FIELD_COLUMNS.update(LANGUAGE_COLUMNS)
DECISION_KEYS = ("decision", "decision_en", "decision_zh", "options", "default_option", "expected_actions")
KIND_FIELDS = sorted({f for needed, optional in INJECT_FIELDS.values() for f in (*needed, *optional)})


def refuse_to_replace(out: str | Path, overwrite: bool) -> None:
    """An existing file is kept unless `overwrite`: nothing is written (exit 2)."""
    if Path(out).exists() and not overwrite:
        raise OutputError(f"{out} exists; nothing was written (choose another --out, or pass --overwrite "
                          "to replace it)")


def export_msel(drill_path: str | Path, out: str | Path, overwrite: bool = False) -> int:
    """Write the drill's injects as an MSEL CSV; returns the number of rows."""
    refuse_to_replace(out, overwrite)
    drill = load_drill(drill_path)
    start = drill.scenario.run.start
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    injects = drill.injects_in_time_order()
    texts = [f for f in LANGUAGE_COLUMNS if any(getattr(i, f) for i in injects)]
    writer.writerow(COLUMNS + tuple(LANGUAGE_COLUMNS[f] for f in texts))
    for number, inject in enumerate(injects, start=1):
        at = start + dt.timedelta(minutes=drill.inject_minutes[inject.id])
        details = ", ".join(f"{name} = {toml_value(getattr(inject, name))}" for name in KIND_FIELDS
                            if getattr(inject, name) is not None)
        writer.writerow([number, f"{at:{TIME_FORMAT}}", inject.kind, inject.sender, inject.recipient,
                         inject.message, inject.expected_action, inject.objective, inject.id,
                         inject.target, details, *(getattr(inject, f) or "" for f in texts)])
    write_text_atomically(Path(out), buffer.getvalue())
    return len(injects)


def import_msel(csv_path: str | Path, into: str | Path, out: str | Path, overwrite: bool = False) -> int:
    """Write `out`: the drill `into` with the CSV's injects; returns the number of injects."""
    csv_path, into, out = Path(csv_path), Path(into), Path(out)
    refuse_to_replace(out, overwrite)
    base = load_drill(into)  # the settings and decisions come from a drill file that is clean
    data, _ = read_toml(into)
    decisions = {raw.get("id"): {k: raw[k] for k in DECISION_KEYS if k in raw}
                 for raw in data.get("injects", []) if isinstance(raw, dict)}
    rows, problems = read_rows(csv_path, base.scenario.run.start)
    if problems:
        raise ScenarioError(problems)
    injects = []
    for _, inject in rows:
        injects.append({**inject, **decisions.get(inject["id"], {})})
    tables = {k: v for k, v in data.items() if k != "injects"}
    scenario = (into.parent / tables["drill"]["scenario"]).resolve()
    tables["drill"] = dict(tables["drill"], scenario=os.path.relpath(scenario, out.resolve().parent))
    text = drill_toml(tables, injects,
                      f"written by `rehearse drill msel import {csv_path.name} --into {into.name}`")
    candidate = out.with_name(f".{out.name}.checking.toml")
    candidate.write_text(text, encoding="utf-8")
    try:
        load_drill(candidate)
    except ScenarioError as exc:
        raise ScenarioError([_in_csv(p, csv_path, rows, candidate) for p in exc.problems]) from None
    finally:
        candidate.unlink(missing_ok=True)
    write_text_atomically(out, text)
    return len(injects)


def read_rows(path: Path, start: dt.datetime) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Each row as (its line, the inject's TOML fields); every problem with its line and column."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [Problem(name, None, "(file)", "no such CSV file")]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [Problem(name, 1, "(header)", f"missing column(s) {', '.join(missing)}; "
                                                 f"allowed: {', '.join(COLUMNS)} (details optional)")]
    problems: list[Problem] = []
    rows: list[tuple[int, dict]] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}

        def bad(column: str, message: str, line: int = line) -> None:
            problems.append(Problem(name, line, column, message))
        inject: dict = {}
        if not re.fullmatch(r"\d+", row["number"]):
            bad("number", f"{row['number']!r} is not a whole number; allowed: 1, 2, ...")
        try:
            at = dt.datetime.strptime(row["time"], TIME_FORMAT)
            inject["day"] = (at.date() - start.date()).days
            inject["clock"] = f"{at:%H:%M}"
            if inject["day"] < 0:
                bad("time", f"{row['time']!r} is before the run's start; allowed: from {start:{TIME_FORMAT}}")
        except ValueError:
            bad("time", f"{row['time']!r} is not a date and time; allowed: YYYY-MM-DD HH:MM, "
                        f"e.g. {start:{TIME_FORMAT}}")
        if row["inject type"] not in INJECT_KINDS:
            bad("inject type", f"{row['inject type']!r}; allowed: {', '.join(INJECT_KINDS)}")
        if row["to"] and row["to"] not in PLAYER_ROLES:
            bad("to", f"{row['to']!r}; allowed: {', '.join(PLAYER_ROLES)} (or empty: by its kind)")
        if row["objective"] not in OBJECTIVES:
            bad("objective", f"{row['objective']!r}; allowed: {', '.join(OBJECTIVES)}")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", row["id"]):
            bad("id", f"{row['id']!r}; allowed: letters, digits, - and _")
        for column in ("message", "expected action", "target"):
            if not row[column]:
                bad(column, "empty; allowed: a text")
        inject.update(id=row["id"], kind=row["inject type"], target=row["target"], message=row["message"],
                      expected_action=row["expected action"], objective=row["objective"])
        if row["from"]:
            inject["sender"] = row["from"]
        if row["to"]:
            inject["to"] = row["to"]
        for field, column in LANGUAGE_COLUMNS.items():
            if row.get(column):
                inject[field] = row[column]
        details = row.get("details", "")
        if details:
            try:
                fields = tomllib.loads(f"x = {{ {details} }}")["x"]
            except tomllib.TOMLDecodeError as exc:
                bad("details", f"{details!r} is not key = value pairs ({exc}); allowed: e.g. hours = 6, couriers = 8")
                fields = {}
            unknown = sorted(set(fields) - set(KIND_FIELDS))
            if unknown:
                bad("details", f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(KIND_FIELDS)}")
            inject.update(fields)
        rows.append((line, inject))
    ids = [inject["id"] for _, inject in rows]
    for line, inject in rows:
        if ids.count(inject["id"]) > 1:
            problems.append(Problem(name, line, "id", f"{inject['id']!r} is used by more than one row; "
                                                      "allowed: a different id per inject"))
    if not rows and not problems:
        problems.append(Problem(name, None, "(rows)", "no inject; allowed: one row per inject after the header"))
    return rows, problems


def _in_csv(problem: Problem, csv_path: Path, rows, candidate: Path) -> Problem:
    """A problem the drill check found in the written file, told at the CSV's row and column."""
    match = re.match(r"injects\[(\d+)\]\.?(\w*)", problem.field)
    if problem.file != str(candidate) or not match:
        return (problem if problem.file != str(candidate)
                else Problem(str(csv_path), None, problem.field, problem.message))
    line, _ = rows[int(match.group(1))]
    field = match.group(2)
    column = FIELD_COLUMNS.get(field, "details" if field in KIND_FIELDS else field or "(row)")
    return Problem(str(csv_path), line, column, problem.message)


def drill_toml(tables: dict, injects: list[dict], note: str) -> str:
    """A drill file: its tables ([drill], [objectives], [web]) and its injects."""
    lines = [f"# {note}", ""]
    for table, values in tables.items():
        lines.append(f"[{table}]")
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in values.items()]
        lines.append("")
    for inject in injects:
        lines.append("[[injects]]")
        for k, v in inject.items():
            if k == "options":
                lines.append("options = [")
                lines += [f"  {toml_value(option)}," for option in v]
                lines.append("]")
            else:
                lines.append(f"{toml_key(k)} = {toml_value(v)}")
        lines.append("")
    return "\n".join(lines)


def msel_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rehearse drill msel",
        description="The inject list as an MSEL spreadsheet (CSV: number, time, inject type, from, to, "
                    "message, expected action, objective, id, target, details) and back into TOML.")
    sub = parser.add_subparsers(dest="msel", required=True)
    export = sub.add_parser("export", help="write a drill's inject list as an MSEL CSV")
    export.add_argument("spec", help="drill TOML")
    export.add_argument("--out", required=True, help="the CSV to write (never an existing file, unless --overwrite)")
    export.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    export.add_argument("--lang", choices=LANGUAGES, help="language of what is printed (default: the drill's)")
    export.set_defaults(func=_cmd_export)
    imp = sub.add_parser("import", help="a drill TOML with the CSV's injects")
    imp.add_argument("csv", help="the MSEL CSV")
    imp.add_argument("--into", required=True,
                     help="the drill TOML whose settings (and decisions, by inject id) the new file keeps")
    imp.add_argument("--out", required=True,
                     help="the drill TOML to write (never an existing file, unless --overwrite)")
    imp.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    imp.add_argument("--lang", choices=LANGUAGES, help="language of what is printed (default: the --into drill's)")
    imp.set_defaults(func=_cmd_import)
    return parser


def _cmd_export(args) -> int:
    count = export_msel(args.spec, args.out, args.overwrite)
    tr = translator(args.lang or load_drill(args.spec).lang)
    print(tr("{count} injects written to {out}").format(count=count, out=args.out))
    return 0


def _cmd_import(args) -> int:
    count = import_msel(args.csv, args.into, args.out, args.overwrite)
    tr = translator(args.lang or load_drill(args.into).lang)
    print(tr("{count} injects written to {out}; check it with `rehearse drill {out} --check`").format(
        count=count, out=args.out))
    return 0
