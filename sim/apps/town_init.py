"""`rehearse town init`: a starting scenario for a planner's own town from two CSV files.

The villages and the store ledger are the planner's; everything else is Beizang's (the default
scenario), copied with its comments and marked as assumptions to replace, so that the new file
runs at once and says plainly which figures are still another town's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sim.core.atomic_files import OutputError, atomic_file
from sim.core.i18n import LANGUAGES
from sim.core.problems import Problem, ScenarioError
from sim.core.toml_text import toml_key, toml_value

# the default scenario's tables that the CSV files (and one example lockdown) replace
_REPLACED = {"villages", "ledger", "lockdowns"}
_HEADER = re.compile(r"^\[\[?\s*([A-Za-z0-9_.\-\"]+)\s*\]\]?")
_COORDINATE = re.compile(r"^(\s*(?:hospital_)?([xy])_km\s*=\s*)[-+0-9.eE]+(.*)$")
MARK = "# ASSUMPTION TO REPLACE: Beizang's value(s), Beijing, November 2022"


def add_town_command(subparsers) -> None:
    town = subparsers.add_parser("town", help="make a scenario for your own town")
    sub = town.add_subparsers(dest="town_command", required=True)
    init = sub.add_parser(
        "init", help="write a starting scenario from a villages CSV and a stores CSV",
        description="Write a scenario that reads the villages and stores from your CSV files; "
                    "every other value is Beizang's, marked as an assumption to replace.")
    init.add_argument("--villages", required=True, metavar="CSV",
                      help="name,x_km,y_km,population[,gate_volunteers] (or lat,lon for x_km,y_km)")
    init.add_argument("--stores", required=True, metavar="CSV",
                      help="id,village,kind,floor_m2[,licensed,infection_risk]")
    init.add_argument("--out", required=True, metavar="TOML", help="the scenario file to write (a new file)")
    init.add_argument("--lang", choices=LANGUAGES, help="language of the warnings (default: en)")
    init.set_defaults(func=cmd_town_init)


def cmd_town_init(args) -> int:
    from sim.apps.town_kinds import FILL_IN, new_kinds, with_new_kinds
    from sim.core.packaged_data import default_scenario_path
    from sim.inputs.channel_coverage import print_warnings
    from sim.inputs.scenario_loading import load_scenario
    from sim.inputs.town_csv import STORES, VILLAGES, read_table

    out = Path(args.out)
    villages_csv, stores_csv = Path(args.villages), Path(args.stores)
    if out.exists():
        raise OutputError(f"{out}: exists; nothing was written (town init never replaces a file: "
                          "choose another --out or remove it)")
    missing = [Problem(option, None, "", f"no such file {str(path)!r}; allowed: a CSV file with "
                       f"the columns {','.join(table.required)}")
               for option, path, table in (("--villages", villages_csv, VILLAGES),
                                           ("--stores", stores_csv, STORES)) if not path.is_file()]
    if missing:
        raise ScenarioError(missing)
    villages, stores = read_table(villages_csv, VILLAGES), read_table(stores_csv, STORES)
    beizang = load_scenario(default_scenario_path())
    kinds = new_kinds(stores.rows + stores.set_aside, beizang)
    text = starting_scenario(out.stem, _relative(villages_csv, out), _relative(stores_csv, out),
                             villages.rows, default_scenario_path().read_text(encoding="utf-8"))
    text = with_new_kinds(text, kinds, beizang, _relative(stores_csv, out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out, replace=False) as tmp:
        tmp.write_text(text, encoding="utf-8")
        # the written file must load, else nothing is kept: every problem of both CSV files
        scenario = load_scenario(tmp)
    print(f"wrote {out}: {len(scenario.villages)} villages, {len(scenario.ledger.stores)} stores "
          f"(from {villages_csv} and {stores_csv}), one example lockdown of {villages.rows[0]['name']!r}")
    print("every other value is Beizang's: replace the lines marked ASSUMPTION TO REPLACE")
    for kind in kinds:
        line = text.splitlines().index(f"[store_kinds.{toml_key(kind.name)}]") + 1
        print(f"note: store kind {kind.name!r} ({kind.stores} store(s)) is not one of Beizang's: "
              f"{out}:{line} declares it as a copy of Beizang's {kind.template}; fill in what it "
              f"sells, its shelves, pickers and hours (the lines marked {FILL_IN})")
    print(f"try it: rehearse run {out} --days 1")
    print_warnings(scenario, args.lang)
    return 0


def _relative(path: Path, out: Path) -> str:
    """The CSV's path as the scenario names it: relative to the scenario file, with / on every
    system."""
    rel = os.path.relpath(path.resolve(), out.resolve().parent)
    return Path(rel).as_posix()


def starting_scenario(name: str, villages_path: str, stores_path: str, villages: list[dict],
                      default_text: str) -> str:
    """The scenario text: the planner's CSVs, one example lockdown, and the default scenario's
    other tables with their comments, each marked as an assumption to replace. `villages`:
    the rows read without problems (none: the file is only checked, not written)."""
    centre_x = sum(v["x_km"] for v in villages) / max(len(villages), 1)
    centre_y = sum(v["y_km"] for v in villages) / max(len(villages), 1)
    head = [
        f"# {name}: a starting scenario written by `rehearse town init`.",
        "#",
        f"# Villages and stores are yours ({villages_path}, {stores_path}). Everything else is copied",
        "# from Beizang (experiments/beizang-2022.toml, Beijing, November 2022) so that the file runs",
        "# at once: each table is marked ASSUMPTION TO REPLACE. A 'source' in a comment is Beizang's",
        "# source, not yours. Supplier capacities are sized for Beizang's 72,900 people; the command",
        "# centre and the hospital are put at your villages' centre. Values left out take the",
        "# defaults documented in sim/scenario/.",
        "",
        f'villages = "{villages_path}"',
        "",
        "[ledger]",
        "surveyed = true  # ASSUMPTION TO REPLACE: stores' scale and licences surveyed in advance",
        f'stores = "{stores_path}"',
        "",
    ]
    if villages:
        head += [
            "# An example lockdown of your first village, six hours into the run: replace with yours.",
            "[[lockdowns]]",
            f"village = {toml_value(villages[0]['name'])}",
            "start_day = 0.25",
            "",
        ]
    body: list[str] = []
    for header, lines in _tables(default_text):
        if header.split(".")[0] in _REPLACED:
            continue
        body.append(MARK)
        for line in lines:
            line = re.sub(r'^name = ".*"$', f'name = "{name}"', line) if header == "run" else line
            m = _COORDINATE.match(line)
            if m and header == "command_centre":
                value = centre_x if m.group(2) == "x" else centre_y
                line = f"{m.group(1)}{value:.3f}  # ASSUMPTION TO REPLACE: your villages' centre"
            body.append(line)
    return "\n".join(head + body).rstrip() + "\n"


def _tables(text: str) -> list[tuple[str, list[str]]]:
    """The file's tables, each with the comment lines right above its header; what comes before
    the first table (the file's own introduction) is left out."""
    lines = text.splitlines()
    starts = []
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            start = i
            while start > 0 and lines[start - 1].startswith("#"):
                start -= 1
            starts.append((start, m.group(1).strip('"')))
    tables = []
    for n, (start, header) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        tables.append((header, lines[start:end]))
    return tables
