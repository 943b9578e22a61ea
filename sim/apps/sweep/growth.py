"""Whether a sweep folder can take a new plan: the same sweep, the same sweep grown (more
replications, or more samples of a sampler that keeps its earlier points), or another sweep.

Growing a sweep keeps every stored run: a run's id and seed depend on its point and
replication, never on how many there are, so the grown plan contains the stored runs
unchanged and only the new ones run. Any other change would mix runs of two different
sweeps in one table, so it is refused with what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.core.i18n import translator
from sim.core.run_folder import OutputError
from sim.scenario import decisive_part

ENGLISH = translator("en")

GROWABLE = ("replications", "samples")


@dataclass(frozen=True)
class Growth:
    """How the new plan grows the stored one (empty `changes` when they are the same)."""

    changes: tuple[str, ...]
    new_runs: int

    @property
    def is_extension(self) -> bool:
        return bool(self.changes)

    def describe(self, tr=ENGLISH) -> str:
        """What grew and by how many runs, in the language of `tr` (what changed names the
        spec's keys, which stay English)."""
        return tr("extended: {changes} (+{runs} planned runs)").format(
            changes=tr(", ").join(self.changes), runs=self.new_runs)


def compare_plans(out: Path, stored: dict, planned: dict) -> Growth:
    """`planned` against the manifest `stored` in `out`; OutputError when it cannot extend it."""
    if stored.get("fingerprint") == planned["fingerprint"]:
        return Growth((), 0)
    refused = f"{out}: holds a different sweep"
    advice = "choose another --out, or delete the folder to start over"
    others = _other_changes(stored, planned)
    if others:
        raise OutputError(f"{refused} (changed since it started: {'; '.join(others)}); only more "
                          f"replications or more samples extend a sweep; {advice}")
    old_spec, new_spec = stored["spec"], planned["spec"]
    grown = []
    for name in GROWABLE:
        old, new = old_spec.get(name), new_spec.get(name)
        if old == new:
            continue
        if new < old:
            raise OutputError(f"{refused}: it has {name} = {old} and the spec says {new}; a "
                              f"sweep can grow, not shrink; {advice}")
        grown.append(f"{name} {old} -> {new}")
    stored_ids = {r["run_id"] for r in stored["runs"]}
    planned_ids = {r["run_id"] for r in planned["runs"]}
    if not stored_ids <= planned_ids:
        raise OutputError(
            f"{refused}: with {', '.join(grown)} the {new_spec['design']} design no longer "
            f"contains the {len(stored_ids - planned_ids)} stored run(s) it would replace (a "
            f"Latin hypercube is drawn afresh for each size; Sobol and Morris keep their "
            f"points); {advice}")
    return Growth(tuple(grown), len(planned_ids - stored_ids))


def _other_changes(stored: dict, planned: dict) -> list[str]:
    """What differs apart from the growable counts, in words a user can act on."""
    old_spec, new_spec = stored["spec"], planned["spec"]
    changes = []
    # the seeding is compared as resolved (below); the summary's language decides no run
    for name in sorted((set(old_spec) | set(new_spec)) - set(GROWABLE)
                       - {"common_random_numbers", "lang"}):
        if old_spec.get(name) != new_spec.get(name):
            changes.append(f"{name} {_short(old_spec.get(name))} -> {_short(new_spec.get(name))}")
    old_common = stored.get("common_random_numbers", False)  # before the option: seeds per point
    if old_common != planned["common_random_numbers"]:
        keep = "true" if old_common else "false"
        changes.append(f"common random numbers {_on(old_common)} -> {_on(not old_common)} (set "
                       f"common_random_numbers = {keep} in the spec to go on with this folder)")
    if decisive_part(stored.get("scenario") or {}) != decisive_part(planned["scenario"]):
        changes.append("the base scenario")
    if stored.get("format") != planned["format"]:
        changes.append(f"manifest format {stored.get('format')} -> {planned['format']}")
    return changes


def _on(flag: bool) -> str:
    return "on" if flag else "off"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
