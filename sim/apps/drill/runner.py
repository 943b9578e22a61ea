"""Run a drill: the scenario with its injects scheduled as SimPy processes, a chooser at each
decision point, and a run folder with the decisions, the report and the after-action report.

A drill is deterministic for a seed and a list of decisions, so a replay is a rerun with the
saved decisions, and a branch is a rerun with the original's decisions before the branch time
and other ones after: up to that time it is the original, minute for minute.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.apps.drill.decisions_file import DECISIONS_FILE
from sim.apps.drill.drill_hook import DrillHook, DrillInterrupted
from sim.apps.drill.loading import Drill
from sim.apps.drill.shadow_runs import compare_with_shadows
from sim.apps.episode import run_to_folder

__all__ = ["DrillHook", "DrillInterrupted", "run_drill"]


def run_drill(drill: Drill, out: Path, chooser, seed: int | None = None, overwrite: bool = False,
              progress: bool = False, branch=None, entries=None,
              shadows: str = "at_end") -> tuple[dict, Path, DrillHook]:
    """Run and write the drill's folder; Ctrl-C raises `DrillInterrupted` (nothing written).
    `entries`: what a live drill's players did between the model's steps, replayed.
    `shadows`: "at_end" compares each decision with the same drill without it, "never" does not."""
    seed = drill.seed if seed is None else seed
    hook = DrillHook(drill, chooser, seed, branch, entries)
    hook.shadows = shadows
    if shadows == "at_end":
        hook.before_report = _compare_with_shadows if progress else _compare_quietly
    try:
        kpis, folder = run_to_folder(drill.scenario, seed, None, Path(out), overwrite=overwrite,
                                     progress=progress, model_hook=hook, lang=drill.lang)
    except KeyboardInterrupt:
        raise DrillInterrupted(hook) from None
    return kpis, folder, hook


def _compare_with_shadows(hook: DrillHook, model, folder: Path) -> None:
    """Each decision compared with the same drill without it, before the report is written; the
    terminal says how far the shadow runs are (they take a drill's time each)."""
    tr = hook.drill.speaker.tr

    def said(done: int, runs: int) -> None:
        print("\r" + tr("what each decision changed: shadow run {done} of {runs}").format(done=done, runs=runs),
              end="\n" if done == runs else "", file=sys.stderr, flush=True)

    compare_with_shadows(hook, model, folder / DECISIONS_FILE, said)


def _compare_quietly(hook: DrillHook, model, folder: Path) -> None:
    compare_with_shadows(hook, model, folder / DECISIONS_FILE)
