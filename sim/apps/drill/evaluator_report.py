"""The evaluators' ratings and observations in the after-action report, beside the model's
figures: a column of the objectives' table (every rating given, in order) and a table of what
each evaluator observed, with its sim and wall time. A drill without evaluators shows neither."""

from __future__ import annotations

from sim.apps.drill.hseep import RATINGS
from sim.apps.drill.objectives import TITLES
from sim.core.i18n import N_

COLUMN = N_("evaluators' ratings")
SECTION = N_("Evaluators' ratings and observations")


def evaluations_of(hook) -> list[dict]:
    return list(getattr(hook, "evaluations", ()))


def ratings_cell(evaluations: list[dict], objective: str, tr) -> str:
    """Every rating the evaluators gave `objective`, in order ("S, M"), or "-"."""
    given = [e["rating"] for e in evaluations if e["objective"] == objective]
    return tr(", ").join(given) if given else "-"


def observations_table(evaluations: list[dict], tr) -> tuple[list[str], list[list]]:
    """Header and rows: sim time, wall time, objective, rating (its name), what the evaluator saw
    (not the improvement plan's "observation", a problem found: another word in Chinese)."""
    header = [tr(h) for h in (N_("sim time"), N_("wall time"), N_("objective"), N_("evaluator's rating"),
                              N_("what the evaluator saw"))]
    rows = [[e["time"], e.get("wall_time", "-"), tr(TITLES[e["objective"]]),
             tr("{code}: {rating}").format(code=e["rating"], rating=tr(RATINGS[e["rating"]])),
             e.get("observation") or "-"] for e in sorted(evaluations, key=lambda e: (e["minute"], e.get("seq", 0)))]
    return header, rows
