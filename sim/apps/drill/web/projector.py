"""The projector's view: what the whole room may see on the wall at once, the clock, the map,
the live charts and the messages the roles heard, with no control and nothing of the answer key
(no next inject, no expected action, no objectives, no decisions' options, no log). Its own link
(the `projector` token) or the facilitator's page with `?view=projector`."""

from __future__ import annotations

from sim.apps.drill.web.fair_play import as_heard
from sim.apps.drill.web.roles import SEES, TITLES

PROJECTOR = "projector"
SHOWN = ("drill", "lang", "names", "clock", "played", "map", "villages", "chart", "messages")


def projector_view(session, facilitators: dict) -> dict:
    """The projector's page data, cut from the facilitator's (`facilitators`, drawn under the lock)."""
    tr = session.speaker.tr
    out = {key: facilitators[key] for key in SHOWN if key in facilitators}
    out["clock"] = {k: v for k, v in out["clock"].items() if k != "next_inject"}
    out["messages"] = [as_heard(m, PROJECTOR) for m in out.get("messages", [])]
    out.update(role=PROJECTOR, title=tr(TITLES[PROJECTOR]), sees=tr(SEES[PROJECTOR]), decisions=[], log=[],
               menu=[], folder=None, error=None)
    return out
