"""A drill played in a room, without a browser: the tiny drill's session, started and paused a
little after its start, for the tests of what the room refuses and what each role sees."""

from __future__ import annotations

from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.session import LiveDrill
from tests.support.drill_town import write_drill


def paused_session(folder, minutes: float = 30, **kwargs):
    """The tiny drill's session at `minutes`, paused; stopped when the generator closes (a
    module fixture's `yield from`)."""
    session = LiveDrill(load_drill(write_drill(folder)), folder / "out", **kwargs)
    session.start()
    session.advance(minutes)
    try:
        yield session
    finally:
        if not session.done.is_set():
            session.stop()
