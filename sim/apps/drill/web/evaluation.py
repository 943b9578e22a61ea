"""An evaluator's rating of an objective, as HSEEP's exercise evaluation guides take it: the
objective, a rating (P, S, M or U) and what the evaluator saw, at the minute the clock shows.

Checked here, so a page that sends something else gets a 400 that says what is allowed; kept
by the hook (`evaluations`, written to `decisions.json`), so the after-action report sets it
beside the model's figures and a replay keeps it.
"""

from __future__ import annotations

from sim.apps.drill.hseep import RATINGS, THRESHOLDS
from sim.apps.drill.objectives import TITLES as OBJECTIVE_TITLES
from sim.apps.drill.spec import OBJECTIVES
from sim.apps.drill.web.refused import Refused
from sim.core.phrase import Phrase, listed

OBSERVATION_MAX_CHARS = 2000


def checked_evaluation(objective, rating, observation) -> dict:
    """The evaluation's fields, or `Refused` saying which one is wrong and what is allowed."""
    if objective not in OBJECTIVES:
        raise Refused(Phrase("objective: {got}; allowed: {allowed}", got=repr(objective), allowed=listed(OBJECTIVES)))
    if not isinstance(rating, str) or rating.strip().upper() not in RATINGS:
        raise Refused(Phrase("rating: {got}; allowed: {allowed}", got=repr(rating), allowed=", ".join(RATINGS)))
    if observation is None:
        observation = ""
    if not isinstance(observation, str):
        raise Refused(Phrase("observation: must be text"))
    if len(observation) > OBSERVATION_MAX_CHARS:
        raise Refused(Phrase("observation: {chars:,} characters; allowed: at most {most:,}", chars=len(observation),
                             most=OBSERVATION_MAX_CHARS))
    return {"objective": objective, "rating": rating.strip().upper(), "observation": observation.strip()}


def evaluation_line(record: dict) -> Phrase:
    """The evaluation as the log shows it."""
    return Phrase("{objective}: {rating}", objective=Phrase(record["objective"].replace("_", " ")),
                  rating=record["rating"])


def evaluation_guides(session) -> dict:
    """The evaluator's page: per objective its guide (title, how the figures rate it, the
    injects that test it and what each expects), the ratings to choose from, and the
    evaluations recorded so far, in the drill's language."""
    sp = session.speaker
    tr = sp.tr
    guides = []
    for objective in OBJECTIVES:
        injects = [{"id": i.id, "expected_action": sp.text(i, "expected_action")}
                   for i in session.drill.injects_in_time_order() if i.objective == objective]
        guides.append({"objective": objective, "title": tr(OBJECTIVE_TITLES[objective]),
                       "guide": tr(THRESHOLDS[objective]), "injects": injects})
    ratings = [{"code": code, "name": tr(name)} for code, name in RATINGS.items()]
    return {"guides": guides, "ratings": ratings, "recorded": [
        dict(e, objective_title=tr(OBJECTIVE_TITLES[e["objective"]])) for e in session.hook.evaluations]}
