"""The decisions a drill took, saved in its folder and read back for replay and branches.

Only `inject` and `choice` matter when reading; the rest (time, action, who chose, effect)
is there so a person can read the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.apps.drill.loading import Drill
from sim.core.atomic_files import write_json
from sim.inputs.scenario_loading import Problem, ScenarioError

DECISIONS_FILE = "decisions.json"


def write_decisions(path: Path, drill: Drill, seed: int, records: list[dict],
                    live: dict | None = None) -> None:
    """`live`: what a drill played in a room did between the model's steps (its players'
    actions and channel set-ups), so that `--decisions` replays it exactly."""
    data = {"drill": drill.name, "seed": seed, "decisions": records}
    if live:
        data["live"] = live
    write_json(path, data)


def decisions_path(path: str | Path) -> Path:
    """A decisions file, or a run folder's."""
    path = Path(path)
    return path / DECISIONS_FILE if path.is_dir() else path


def read_decisions(path: str | Path, drill: Drill) -> dict[str, str]:
    """inject id -> option key, checked against the drill; a run folder means its decisions.json."""
    path = decisions_path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(name, None, "(file)", "no such decisions file")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError([Problem(name, exc.lineno, "(syntax)", f"not valid JSON: {exc.msg}")]) from None
    lines = text.splitlines()

    def line_of(value: str) -> int | None:
        for n, line in enumerate(lines, start=1):
            if f'"{value}"' in line:
                return n
        return None

    entries = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ScenarioError([Problem(name, None, "decisions",
                                     'expected {"decisions": [{"inject": ..., "choice": ...}, ...]}')])
    with_decision = {i.id: i for i in drill.spec.injects if i.decision is not None}
    choices: dict[str, str] = {}
    problems = []
    for n, entry in enumerate(entries):
        where = f"decisions[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("inject"), str) \
                or not isinstance(entry.get("choice"), str):
            problems.append(Problem(name, None, where, 'expected {"inject": "<id>", "choice": "<key>"}'))
            continue
        inject_id, choice = entry["inject"], entry["choice"]
        inject = with_decision.get(inject_id)
        if inject is None:
            problems.append(Problem(name, line_of(inject_id), f"{where}.inject",
                                    f"{inject_id!r} is not a decision point of drill {drill.name!r}; "
                                    f"allowed: {', '.join(with_decision) or 'none'}"))
            continue
        keys = [o.key for o in inject.options]
        if choice not in keys:
            problems.append(Problem(name, line_of(choice), f"{where}.choice",
                                    f"{choice!r} is not an option of {inject_id!r}; allowed: {', '.join(keys)}"))
            continue
        choices[inject_id] = choice
    if problems:
        raise ScenarioError(problems)
    return choices


def check_random_numbers(path: str | Path, drill: Drill) -> None:
    """A drill folder replays (or branches) exactly only with the random numbers it ran with:
    a folder from before entity draws became the default ran with shared streams. A located
    error says which and how to ask for them; a decisions file outside a run folder is not checked."""
    path = Path(path)
    scenario_file = (path if path.is_dir() else path.parent) / "scenario.json"
    if not scenario_file.is_file():
        return
    try:
        run = json.loads(scenario_file.read_text(encoding="utf-8"))["run"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    ran = run.get("random_numbers", "per_village")  # a folder older than the setting: shared streams
    ran = "per_entity" if ran == "per_household" else ran
    now = drill.scenario.run.random_numbers
    if ran != now:
        raise ScenarioError([Problem(str(scenario_file), None, "run.random_numbers",
                                     f"this drill ran with random_numbers = {ran!r}, the replay would "
                                     f"use {now!r}; pass --set run.random_numbers={ran} to replay it "
                                     f"exactly")])
