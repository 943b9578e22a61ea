"""What a decision changed: the drill run again without it, on the same random numbers (a
shadow branch), and the objectives' figures of the two compared.

A figure that rises after a decision proves nothing: the town moves on its own. The drill is
deterministic for a seed and its saved decisions (`decisions.json`), so replaying it with one
decision or action left out, and everything else as played, gives the same drill without it;
the difference in the objective's figure is the decision's effect. Leaving a decision out still
shifts later events a little (a courier takes another order first), so the pair is run on a few
seeds (`[drill] shadow_seeds`: the played seed and others derived from it), the drill as played
replayed on each other seed once for all decisions, and `what_changed.py` judges the paired
differences against their own spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.apps.drill.choosers import ReplayChooser
from sim.apps.drill.decisions_file import read_decisions
from sim.apps.drill.drill_hook import DrillHook
from sim.apps.drill.judgement import ACTION_OBJECTIVES
from sim.apps.drill.live_entries import read_live_entries
from sim.apps.drill.loading import Drill
from sim.apps.drill.objectives import urgent_calls
from sim.core.random_streams import derive_seed

SHADOW_SEEDS_ADDRESS = 7  # the k-th other seed of the shadow runs: derive_seed(seed, 7, k)


@dataclass(frozen=True)
class LeftOut:
    """The decision (`inject` id) or the role's action (its `seq` in the live log) a shadow
    runs without."""

    inject: str | None = None
    action_seq: int | None = None


def objective_figures(model, kpis: dict, targets) -> dict[str, float]:
    """Each objective's figure, as the after-action report reads it: the fill rate, the lead
    time's 90th percentile (min), the share of urgent calls reached in time, and the slowest
    locked village's minutes to all channels open (objectives the run did not test left out)."""
    figures = {}
    if kpis.get("orders_placed"):
        figures["fill_rate"] = kpis["fill_rate"]
        figures["lead_time"] = kpis["lead_time_minutes_p90"]
    if model.stats.urgent_requests:
        figures["urgent_pickup"] = urgent_calls(model.stats, model.env.now, targets.urgent_pickup_minutes).share
    opened = model.stats.channel_open_minutes
    locked = [v.name for v in model.villages.values() if v.lock_minute is not None]
    if locked and all(name in opened for name in locked):
        figures["channel_open"] = max(opened[name] for name in locked)
    return figures


class ShadowHook(DrillHook):
    """The drill hook of a replay with one decision or action left out: it is not carried out
    (as if the table had done nothing), everything else happens as it was played."""

    def __init__(self, drill: Drill, chooser, seed: int, entries, left_out: LeftOut):
        super().__init__(drill, chooser, seed, entries=entries)
        self.left_out = left_out

    def decide(self, model, inject, key: str, by: str, row: dict, extra: dict | None = None) -> dict:
        if inject.id == self.left_out.inject:
            return {}
        return super().decide(model, inject, key, by, row, extra)

    def act(self, model, role: str, option, extra: dict | None = None) -> dict:
        if self.left_out.action_seq is not None and (extra or {}).get("seq") == self.left_out.action_seq:
            return {}
        return super().act(model, role, option, extra)


def replayed_figures(drill: Drill, seed: int, decisions_file: Path,
                     left_out: LeftOut = LeftOut()) -> dict[str, float]:
    """Replay the drill from its decisions file on `seed`, `left_out` not carried out (nothing,
    by default: the drill as played); its objectives' figures."""
    from sim.model.town_model import TownModel

    entries = read_live_entries(decisions_file, drill)
    hook = ShadowHook(drill, ReplayChooser(read_decisions(decisions_file, drill)), seed, entries, left_out)
    model = TownModel(drill.scenario, seed=seed, order_log_path=None)
    hook(model)
    kpis = model.run_episode()
    return objective_figures(model, kpis, drill.spec.objectives)


def shadow_seeds(seed: int, count: int) -> list[int]:
    """The played seed and `count - 1` others derived from it, the same for every replay."""
    return [seed] + [derive_seed(seed, SHADOW_SEEDS_ADDRESS, k) for k in range(1, count)]


def judged_objectives(record: dict, drill: Drill) -> list[str]:
    """The objectives a decision or action is judged on: its inject's, and those its action can move."""
    objectives = []
    if record.get("inject"):
        objectives.append(drill.spec.inject(record["inject"]).objective)
    objectives += sorted(ACTION_OBJECTIVES[record["action"]] - set(objectives))
    return objectives


def shadow_jobs(hook) -> list[tuple[dict, LeftOut]]:
    """Each decision and action that changed the town, and what its shadow leaves out (one
    that could not act changed nothing: it needs no shadow)."""
    jobs = [(d, LeftOut(inject=d["inject"])) for d in hook.decisions if d.get("acted")]
    jobs += [(a, LeftOut(action_seq=a["seq"])) for a in hook.actions if a.get("acted") and "seq" in a]
    return jobs


def compare_with_shadows(hook, model, decisions_file: Path, progress=None) -> None:
    """Run the shadows of each decision and action that acted, on every shadow seed, and put in
    each record `without_it`: objective -> {"with": figure, "without": figure} on the played
    seed, and "differences" (with minus without, one per seed) for the objectives it is judged on."""
    drill = hook.drill
    seeds = shadow_seeds(hook.seed, drill.spec.drill.shadow_seeds)
    jobs = shadow_jobs(hook)
    if not jobs:
        return
    runs = len(seeds) - 1 + len(jobs) * len(seeds)
    done = 0

    def replay(seed: int, left_out: LeftOut = LeftOut()) -> dict[str, float]:
        nonlocal done
        figures = replayed_figures(drill, seed, decisions_file, left_out)
        done += 1
        if progress is not None:
            progress(done, runs)
        return figures

    played = [objective_figures(model, model.kpis(), drill.spec.objectives)]
    played += [replay(seed) for seed in seeds[1:]]  # the drill as played, on the other seeds
    for record, left_out in jobs:
        without = [replay(seed, left_out) for seed in seeds]
        record["without_it"] = {objective: paired_figures(objective, played, without)
                                for objective in judged_objectives(record, drill)
                                if objective in played[0] and objective in without[0]}


def paired_figures(objective: str, played: list[dict], without: list[dict]) -> dict:
    """The played seed's figures with and without, and the differences on every seed where both
    runs have the figure."""
    return {"with": played[0][objective], "without": without[0][objective],
            "differences": [p[objective] - w[objective] for p, w in zip(played, without)
                            if objective in p and objective in w]}
