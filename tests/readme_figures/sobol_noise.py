"""The researchers' example of noise in sensitivity indices: experiments/sweep-small-town-
sobol.toml with seeds per point and with common random numbers (its default), the total
indices that `rehearse sweep summarize` prints and flags."""

from __future__ import annotations

import numpy as np

from sim.apps.sweep.sensitivity import sensitivity_table
from tests.readme_figures.sweep_runs import run_spec
from tests.readme_figures.wording import and_list, count_word, decimals, paragraph

SPEC = "sweep-small-town-sobol"
UNMOVED = "channel_open_minutes_median"  # no delivery setting changes the channel set-up
MOVED = "lead_time_share_batching"
BATCH_WAIT = "couriers.max_batch_wait_minutes"


def sobol_noise_sentence(workers: int = 2) -> str:
    per_point = _Indices(run_spec(SPEC, workers, common_random_numbers=False))
    shared = _Indices(run_spec(SPEC, workers))
    return paragraph(f"As measured, with seeds per point (`common_random_numbers = false`) "
                     f"{_unmoved_with_seeds(per_point)} {_unmoved_shared(shared)}; "
                     f"{_batch_wait(per_point, shared)}.")


class _Indices:
    """One sweep's total indices, noise shares, flags and summarize's notes and warnings."""

    def __init__(self, swept):
        found = sensitivity_table(swept.manifest, swept.runs)
        self.table = found.table
        self.notes, self.warnings = found.notes, found.warnings
        self.spread = swept.runs.groupby("point_index")[UNMOVED].mean().to_numpy()

    def of(self, kpi: str):
        return self.table[self.table["kpi"] == kpi]

    def mentions(self, messages: list[str], kpi: str) -> bool:
        return any(m.startswith(f"{kpi}:") for m in messages)


def _unmoved_with_seeds(found: _Indices) -> str:
    rows = found.of(UNMOVED)
    flagged = int(rows["noise_dominated"].sum())
    n = len(rows)
    which = f"all {count_word(n)}" if flagged == n else f"{flagged} of {count_word(n)}"
    warned = " and warned about" if found.mentions(found.warnings, UNMOVED) else ", not warned about"
    return (f"the total indices of `{UNMOVED}`, which none of the {count_word(n)} can move (the "
            f"channels open before any delivery), were {and_list([decimals(st, 2) for st in rows['ST']])}, with noise "
            f"explaining {rows['noise_share'].iloc[0]:.1%} of the spread: {which} flagged "
            f"(`~`){warned}.")


def _unmoved_shared(found: _Indices) -> str:
    rows = found.of(UNMOVED)
    if np.ptp(found.spread) == 0 and found.mentions(found.notes, UNMOVED):
        return (f"With common random numbers (its default) `{UNMOVED}` is the same at every "
                f"point, its indices are 0 and summarize notes that no parameter moves it")
    return (f"With common random numbers (its default) its total indices were "
            f"{and_list([decimals(st, 2) for st in rows['ST']])}, with noise explaining "
            f"{rows['noise_share'].iloc[0]:.1%} of the spread")


def _batch_wait(per_point: _Indices, shared: _Indices) -> str:
    rows = [found.of(MOVED).set_index("parameter").loc[BATCH_WAIT] for found in (per_point, shared)]
    flags = [bool(row["noise_dominated"]) for row in rows]
    verdict = {(False, False): "is not flagged either way", (True, True): "is flagged both ways",
               (True, False): "is flagged with seeds per point only",
               (False, True): "is flagged with common random numbers only"}[tuple(flags)]
    return (f"the batch wait's total index on the share of lead time spent batching "
            f"({decimals(rows[0]['ST'], 2)} "
            f"with seeds per point, {decimals(rows[1]['ST'], 2)} with common random numbers) "
            f"{verdict}")
