"""A drill played in a room, saved as it goes: every decision, action, channel set-up, role
change, clock action and evaluator's rating is appended to `journal.jsonl` in the run folder and flushed to disk
(fsync) as it happens, beside the room's tokens (`tokens.json`, readable by its owner only).

After a crash (kill -9) or Ctrl-C, `rehearse drill SPEC --web --resume FOLDER` reads them back:
the model replays the journal on the same seed (deterministic) up to its last entry and the room
plays on from there with the same links. A finished drill's folder has its report and is not
picked up again. Each entry carries the wall seconds the room's clock has been paused so far
(`paused_wall_seconds`), and a channel set-up's opening carries the count it opened at, so the
paused time of work open at a stop carries on after the resume.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path

from sim.apps.drill.amount_bounds import amount_bounds, amount_problems
from sim.apps.drill.branch import Branch
from sim.apps.drill.live_entries import LiveEntries, recorded_option
from sim.core.atomic_files import atomic_file
from sim.core.problems import Problem, ScenarioError

JOURNAL_FILE = "journal.jsonl"
TOKENS_FILE = "tokens.json"
# what the journal keeps of the hook, entry kind -> the hook's list
KEPT = {"decision": "decisions", "action": "actions", "set_up": "channel_set_ups",
        "role_change": "role_changes", "clock": "clock_actions", "set_up_open": "set_ups_opened",
        "evaluation": "evaluations"}
PAUSED = "paused_wall_seconds"  # in each entry: the wall seconds paused so far, when it was written


class RunJournal:
    """The journal file of one drill folder, appended to and fsync'd entry by entry."""

    def __init__(self, folder: Path, header: dict | None = None, tokens: dict | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / JOURNAL_FILE
        self.counts = dict.fromkeys(KEPT, 0)
        self.counts["resume"] = 0  # appended once a resumed drill's replay is done
        # the room's paused-time counter (`PacedModel.paused_wall_seconds`), set by the session
        self.paused_seconds: Callable[[], float] | None = None
        if tokens is not None:
            write_tokens(self.folder, tokens)
        if header is not None:
            self.append("header", header)

    def append(self, kind: str, record: dict) -> None:
        if kind == "resume":
            self.counts["resume"] += 1
        entry = {"kind": kind, **record}
        if self.paused_seconds is not None:
            entry[PAUSED] = round(self.paused_seconds(), 3)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())

    def catch_up(self, hook) -> None:
        """Append what the hook recorded since the last call (call under the session's lock)."""
        for kind, name in KEPT.items():
            records = getattr(hook, name)
            for record in records[self.counts[kind]:]:
                self.append(kind, record)
            self.counts[kind] = len(records)

    def skip_to(self, hook) -> None:
        """What the hook holds now is already in the journal (a resumed drill's replay)."""
        self.counts.update({kind: len(getattr(hook, name)) for kind, name in KEPT.items()})

    def copy_into(self, folder: Path) -> None:
        """The journal and tokens travel with the finished run folder."""
        for name in (JOURNAL_FILE, TOKENS_FILE):
            if (self.folder / name).exists():
                (Path(folder) / name).write_bytes((self.folder / name).read_bytes())


def write_tokens(folder: Path, tokens: dict) -> None:
    """The room's tokens (its links), readable by the folder's owner only, flushed to disk and
    put in place at once: a crash while a resume adds a role's link keeps the old file whole."""
    with atomic_file(Path(folder) / TOKENS_FILE) as partial:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(tokens, f)
            f.flush()
            os.fsync(f.fileno())


def read_journal(folder: Path) -> tuple[dict, list[dict], dict]:
    """The header, the entries and the tokens of a drill's journal; a located error if there
    is none, or if the drill has ended."""
    folder = Path(folder)
    path = folder / JOURNAL_FILE
    if (folder / "kpis.json").exists():
        raise ScenarioError([Problem(str(folder), None, "--resume",
                                     "this drill has ended (its report is in the folder: after-action.html); "
                                     "a finished drill is not picked up again and no new links are issued")])
    if not path.is_file() or not (folder / TOKENS_FILE).is_file():
        raise ScenarioError([Problem(str(folder), None, "--resume",
                                     f"no {JOURNAL_FILE} and {TOKENS_FILE} here; allowed: the --out folder "
                                     f"of a drill served with --web")])
    entries = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            if n == len(path.read_text(encoding="utf-8").splitlines()):
                break  # a line cut short by the crash: everything before it holds
            raise ScenarioError([Problem(str(path), n, "(line)", "not a journal entry (JSON)")]) from None
    if not entries or entries[0].get("kind") != "header":
        raise ScenarioError([Problem(str(path), 1, "header", "the journal has no header")])
    tokens = json.loads((folder / TOKENS_FILE).read_text(encoding="utf-8"))
    return entries[0], entries[1:], tokens


# what each kind of entry must hold for the replay and the room to read it back
REQUIRED = {"decision": ("minute", "inject", "choice"), "action": ("minute", "action", "label", "fields"),
            "set_up": ("minute", "village", "epoch"), "clock": ("minute", "action", "speed", "speed_while_open"),
            "evaluation": ("minute", "time", "objective", "rating"), "role_change": ("minute", "role"),
            "set_up_open": ("village", "epoch", "paused_seconds_at_open"), "roles": ("model_roles",),
            "resume": ("minute",)}
NUMBERS = ("minute", "to_minute", "speed", "speed_while_open", "paused_seconds_at_open", PAUSED)


def journal_problems(folder: Path, entries: list[dict], scenario) -> list[Problem]:
    """What in the journal the room would not have written, located by line, checked as the
    room checks a page: each entry's kind and the fields it needs, its numbers, an action's
    fields as an action takes them (an amount within what the scenario allows) and an
    evaluation as an evaluator's page sends it. A journal edited by hand, or from an older
    version of the room, would otherwise replay a million couriers the room never took, or
    fail half-way with a traceback. Entry n (after the header) is on line n + 2."""
    from sim.apps.drill.web.evaluation import checked_evaluation
    from sim.apps.drill.web.refused import Refused

    path = str(Path(folder) / JOURNAL_FILE)
    bounds = amount_bounds(scenario)
    problems = []
    for n, entry in enumerate(entries):
        line = n + 2
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if kind not in REQUIRED:
            problems.append(Problem(path, line, "kind", f"{kind!r} is no kind of journal entry; allowed: "
                                                        f"{', '.join(REQUIRED)}"))
            continue
        missing = [k for k in REQUIRED[kind] if k not in entry]
        problems += [Problem(path, line, k, f"a {kind} entry needs it") for k in missing]
        problems += [Problem(path, line, k, f"{entry[k]!r} is not a number") for k in NUMBERS
                     if k in entry and not _finite(entry[k])]
        if missing:
            continue
        if kind == "action":
            problems += _action_problems(path, line, entry, bounds, scenario)
        elif kind == "evaluation":
            try:
                checked_evaluation(entry["objective"], entry["rating"], entry.get("observation"))
            except Refused as refused:
                problems.append(Problem(path, line, "evaluation", refused.args[0]))
    return problems


def _action_problems(path: str, line: int, entry: dict, bounds, scenario) -> list[Problem]:
    fields = entry["fields"]
    if not isinstance(fields, dict):
        return [Problem(path, line, "fields", "not a table of the action's fields")]
    too_much = [Problem(path, line, f"fields.{amount}", why)
                for amount, why in amount_problems(fields, bounds, scenario)]
    if too_much:
        return too_much
    try:
        recorded_option(entry)
    except (TypeError, ValueError) as exc:
        return [Problem(path, line, "fields", f"not an action the room takes: {_first_line(exc)}")]
    return []


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def paused_seconds_in(entries: list[dict]) -> float:
    """The paused-time counter at the journal's last entry (it only grows)."""
    return max((float(e[PAUSED]) for e in entries if PAUSED in e), default=0.0)


def resume_branch(folder: Path, entries: list[dict], header: dict) -> Branch:
    """The journal as a branch of itself at its last entry: the model replays every entry
    (decisions, actions, set-ups, role changes at their minutes) and the room takes over then."""
    of = {kind: [e for e in entries if e["kind"] == kind] for kind in KEPT}
    live = LiveEntries(live=True, model_set_up_at_start=bool(header.get("model_set_up_at_start")))
    for d in of["decision"]:
        if d.get("live"):
            live.later_decisions[d["inject"]] = (float(d["minute"]), d["choice"], d.get("seq", 0))
    live.actions = [a for a in of["action"] if a.get("acted") is not None]
    live.set_ups = of["set_up"]
    live.role_changes = [c for c in of["role_change"] if c.get("role") == "command_centre"]
    # ratings change nothing in the model: kept as they were, whatever their minute
    live.evaluations = [{k: v for k, v in e.items() if k not in ("kind", PAUSED)} for e in of["evaluation"]]
    # the last entry's minute, or where its last jump to an inject landed
    last = max((max(e["minute"], e.get("to_minute", e["minute"])) for e in entries if "minute" in e),
               default=0.0)
    choices = {d["inject"]: d["choice"] for d in of["decision"]}
    return Branch(Path(folder), math.nextafter(last, math.inf), choices, {}, [], live)
