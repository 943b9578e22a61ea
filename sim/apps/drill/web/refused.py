"""Why a drill played in a room turns a request down: one exception that the clock, the room,
the decisions, the actions and the channel set-up all raise, and that the server answers with a
400 in the page's language."""

from __future__ import annotations


class Refused(ValueError):
    """A request the drill cannot carry out: the text (a Phrase) says why and what is allowed;
    the page shows it in its language."""
