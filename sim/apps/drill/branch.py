"""Branch a drill: rerun it with the original's decisions up to a time and other ones after,
and show side by side what that changed (same seed, so the difference is the decision's)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.apps.drill.decisions_file import DECISIONS_FILE, check_random_numbers, read_decisions
from sim.apps.drill.drill_time import parse_drill_time
from sim.apps.drill.live_entries import LiveEntries, read_live_entries
from sim.apps.drill.loading import Drill
from sim.apps.report import plots
from sim.apps.report.cjk_font import fonts_for
from sim.apps.report.html_page import esc, img, table
from sim.apps.report.run_view import RunView, run_view
from sim.core.i18n import DATE_TIME_FORMAT, N_
from sim.core.phrase import Phrase
from sim.inputs.scenario_loading import Problem, ScenarioError

COMPARED = [("orders_open", N_("orders waiting (town)")), ("orders_delivered", N_("orders delivered (cumulative)")),
            ("orders_waiting_for_courier", N_("orders waiting for a courier")), ("couriers_idle", N_("couriers idle"))]
KPIS_COMPARED = ["orders_placed", "orders_delivered", "orders_cancelled", "fill_rate",
                 "lead_time_minutes_p50", "lead_time_minutes_p90", "urgent_pickup_minutes_p90",
                 "stockout_store_hours", "reserve_stores_activated", "couriers_whitelisted_at_end"]


@dataclass
class Branch:
    original_folder: Path
    from_minute: float
    original_choices: dict[str, str]
    alternative: dict[str, str]
    notes: list[str] = field(default_factory=list)
    # the original's live log (a drill played in a room) before the branch time
    entries: LiveEntries = field(default_factory=LiveEntries)
    # decision points the room left open at the branch time: inject id -> the original's choice
    open_at_branch: dict[str, str] = field(default_factory=dict)

    @property
    def of_live_drill(self) -> bool:
        return self.entries.live


def load_branch(original_folder: str | Path, drill: Drill, from_text: str,
                alternative_path: str | Path | None, seed: int) -> Branch:
    """Check the original folder matches this drill and seed; `alternative_path` None means the
    table decides again from the branch time (interactive)."""
    folder = Path(original_folder)
    missing = [f for f in (DECISIONS_FILE, "kpis.json", "timeseries.parquet") if not (folder / f).exists()]
    if missing:
        raise ScenarioError([Problem(str(folder), None, "--branch-of",
                                     f"not a drill run folder (missing {', '.join(missing)})")])
    kpis = json.loads((folder / "kpis.json").read_text(encoding="utf-8"))
    problems = []
    if kpis.get("seed") != seed:
        problems.append(Problem(str(folder), None, "seed",
                                f"the original ran with seed {kpis.get('seed')}, this branch with {seed}; "
                                f"pass --seed {kpis.get('seed')}"))
    days = drill.scenario.run.horizon_days
    if kpis.get("simulated_days") is not None and abs(kpis["simulated_days"] - days) > 1e-3:
        problems.append(Problem(str(folder), None, "horizon",
                                f"the original ran {kpis['simulated_days']:g} days, this drill {days:g}"))
    if problems:
        raise ScenarioError(problems)
    check_random_numbers(folder, drill)
    minute = parse_drill_time(from_text, drill)
    original = read_decisions(folder, drill)
    played_live = read_live_entries(folder, drill)
    # taken in the room after the branch time although their inject came before it: still open
    open_at_branch = {inject_id: original[inject_id]
                      for inject_id, (decided, _, _) in played_live.later_decisions.items()
                      if decided >= minute and drill.inject_minutes[inject_id] < minute}
    for inject_id in open_at_branch:
        del original[inject_id]
    alternative = read_decisions(alternative_path, drill) if alternative_path is not None else {}
    notes = []
    for inject_id in list(alternative):
        if drill.inject_minutes[inject_id] < minute and inject_id not in open_at_branch:
            kept = original.get(inject_id, drill.spec.inject(inject_id).default_option)
            # the option key quoted, as a key (not a word to translate)
            notes.append(Phrase("{inject}: before the branch time, kept the original's choice {choice}",
                                inject=inject_id, choice=repr(kept)))
            del alternative[inject_id]
    return Branch(folder, minute, original, alternative, notes, played_live.before(minute), open_at_branch)


def terminal_entries(branch: Branch) -> LiveEntries:
    """What a branch played at a terminal replays of a drill played in a room: the original's
    log before the branch time; at it, the decisions the room had left open are taken (the
    alternative's choice, else the original's) and the model sets up channels from then on,
    since no one is in the command centre's page."""
    entries = branch.entries
    if not entries.live:
        return entries
    seq = entries.last_seq
    for inject_id, choice in sorted(branch.open_at_branch.items()):
        seq += 1
        if inject_id in branch.alternative:
            choice = branch.alternative[inject_id]
            entries.chosen_at_branch.add(inject_id)
        entries.later_decisions[inject_id] = (branch.from_minute, choice, seq)
    entries.model_takes_over_at = branch.from_minute
    return entries


def original_view(branch: Branch, like: RunView) -> RunView:
    folder = branch.original_folder
    return RunView(name=like.name, seed=like.seed, start=like.start, horizon_minutes=like.horizon_minutes,
                   timeseries=pd.read_parquet(folder / "timeseries.parquet"), events=[],
                   kpis=json.loads((folder / "kpis.json").read_text(encoding="utf-8")), spans=[],
                   lead_time_bins=[], urgent=[], busiest_stores=[],
                   category_units=like.category_units)


def identical_until(a: pd.DataFrame, b: pd.DataFrame, minute: float) -> bool:
    """Whether two time series agree on every row up to and including `minute`."""
    a = a[a["minute"] <= minute].dropna(axis=1, how="all").reset_index(drop=True)
    b = b[b["minute"] <= minute].dropna(axis=1, how="all").reset_index(drop=True)
    return list(a.columns) == list(b.columns) and a.equals(b)


def branch_section(branch: Branch, hook, model, folder: Path) -> tuple[str, str]:
    view = run_view(model)
    orig = original_view(branch, view)
    at = view.to_datetime(branch.from_minute)
    same = identical_until(orig.timeseries, view.timeseries, branch.from_minute)
    (folder / "plots").mkdir(exist_ok=True)
    sp = hook.drill.speaker
    tr = sp.tr
    with fonts_for(sp.lang):
        path = plots.compare_series(orig, view, branch.from_minute, folder / "plots" / "branch_compare.png",
                                    COMPARED, tr=tr)
    rows = []
    for key in KPIS_COMPARED:
        a, b = orig.kpis.get(key), view.kpis.get(key)
        change = round(b - a, 4) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else "-"
        rows.append([key, "-" if a is None else a, "-" if b is None else b, change])
    choices = []
    for d in hook.decisions:
        before = branch.original_choices.get(d["inject"]) or branch.open_at_branch.get(d["inject"]) or \
            hook.drill.spec.inject(d["inject"]).default_option
        choices.append([d["time"], d["inject"], before, d["choice"], tr("changed") if before != d["choice"] else ""])
    when = f"{at:{DATE_TIME_FORMAT[sp.lang]}}"
    told = tr("Branch of {folder} from {time}: the original's decisions before, the alternative's from "
              "then on. Same seed, so every difference after the branch point is the decisions'.")
    html = ["<p>" + told.format(folder=f"<code>{esc(branch.original_folder)}</code>", time=esc(when)) + "</p>",
            "<p>" + esc(tr("Time series identical to the original up to the branch point:")) +
            f" <strong class=\"{'met' if same else 'missed'}\">{esc(tr('yes') if same else tr('NO'))}</strong></p>",
            table([tr("time"), tr("decision point"), tr("original choice"), tr("branch choice"), ""], choices),
            table([tr("measure"), tr("original"), tr("branch"), tr("branch - original")], rows),
            img(path, tr("original and branch"))]
    if branch.notes:
        html.append("<p class=\"note\">" + "<br>".join(esc(sp.say(n)) for n in branch.notes) + "</p>")
    hook.branch_identical_until_branch_time = same
    return (tr("What the decision changed: original and branch"), "\n".join(html))
