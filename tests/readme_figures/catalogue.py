"""Every figure the README and the manual quote from a run: its marker name, what computes it
and whether it is quick enough for every `make test`. The slow ones (many runs: the seeds, the
depot comparison, the Sobol sweeps) are left to `make docs-check`, which `.ci/run` runs after
`make test`, so CI checks every figure.

Not here: the Benchmarks section's timings (wall time moves by ±20% between runs of the same
code, so no check could hold it) and facts of the scenario files themselves; nor the KPI table,
which the manual's KPI reference generates from the registry at each build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.readme_figures.compare_small_town import quotable_paragraph
from tests.readme_figures.default_run import default_run_excerpt, seeds_sentence
from tests.readme_figures.depot_comparison import depot_sentence
from tests.readme_figures.road_closure import road_closure_sentence
from tests.readme_figures.sobol_noise import sobol_noise_sentence


@dataclass(frozen=True)
class Figure:
    name: str
    compute: Callable[[int], str]  # workers -> the fragment's exact text
    what: str
    quick: bool = True


FIGURES = {f.name: f for f in [
    Figure("default-run", default_run_excerpt,
           "the default run's KPI excerpt (1 episode, seconds)"),
    Figure("default-seeds", seeds_sentence, "the default scenario over seeds 0-9 (10 episodes)",
           quick=False),
    Figure("depot-comparison", depot_sentence,
           "compare-depot.toml: 9 whole-town runs of 5 days (about 30 s on 2 cores)", quick=False),
    Figure("compare-small-town", quotable_paragraph,
           "compare-small-town.toml: the paragraph a planner can quote (15 small-town runs of a day)"),
    Figure("road-closure", road_closure_sentence,
           "small-town-roads.toml: the closure of V1's road (1 episode of the small town)"),
    Figure("sobol-noise", sobol_noise_sentence,
           "sweep-small-town-sobol.toml with and without common random numbers (320 runs)",
           quick=False),
]}
