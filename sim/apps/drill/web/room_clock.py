"""How the room's clock runs, and what the facilitator did with it.

A drill played by people needs time to read and to talk: between injects the clock runs fast
(`[web] speed`), and while a decision or a channel set-up is open it runs at `[web]
speed_while_open` (1: real time), so a decision's 30 simulated minutes are 30 wall minutes
and the card can say so. The facilitator sees both speeds and may change either; a jump to
the next inject, or a faster clock while something is open, needs an explicit confirmation
(the refusal says what is open), so no decision is ever defaulted by accident. Every clock
action is a line of the log with who and when (wall and simulated time), kept for the
after-action report.
"""

from __future__ import annotations

import math

from sim.apps.drill.clock_log import CLOCK_WORDS
from sim.apps.drill.web.refused import Refused
from sim.core.phrase import Phrase, Phrases

SPEED_MIN = 1  # simulated minutes per wall minute: real time
SPEED_MAX = 3600  # an hour of the town a wall second




class NeedsConfirmation(Refused):
    """Refused unless the facilitator confirms: the page asks and sends `confirm` again."""


def check_speed(value, name: str = "speed") -> float:
    """A clock speed within the room's bounds, or a refusal that says them."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not SPEED_MIN <= value <= SPEED_MAX:
        raise Refused(Phrase("{name} must be a number from {low} to {high} (simulated minutes per wall minute); "
                             "got {value!r}", name=name, low=SPEED_MIN, high=SPEED_MAX, value=value))
    return float(value)


class RoomClock:
    """The two speeds of the room's clock and which one runs now."""

    def __init__(self, speed: float, speed_while_open: float):
        self.speed = check_speed(speed)
        self.speed_while_open = check_speed(speed_while_open, "speed_while_open")

    def speed_now(self, something_open: bool) -> float:
        """Simulated minutes per wall minute now: the slower of the two while something is open
        (a facilitator who sets the fast speed below the open one is not overruled)."""
        return min(self.speed, self.speed_while_open) if something_open else self.speed

    def wall_minutes(self, sim_minutes: float, something_open: bool) -> float:
        """`sim_minutes` of the town in wall minutes at the speed that runs now."""
        return sim_minutes / self.speed_now(something_open)


def open_things(pending: dict, waiting: dict, titles) -> list[str]:
    """What is open, as a refusal names it: decisions by inject and role, set-ups by village."""
    return [*(Phrase("decision {inject} ({role})", inject=i, role=Phrase(titles[p["role"]].lower()))
              for i, p in pending.items()),
            *(Phrase("channel set-up of {village}", village=v) for v, _ in waiting)]


def check_may_skip(open_now: list[str], what: str, confirm: bool) -> None:
    """A jump (or a faster clock) while something is open needs `confirm`."""
    if open_now and not confirm:
        raise NeedsConfirmation(Phrase(
            "{what} refused: still open: {open}; confirm to go on (a decision whose deadline passes takes "
            "its default)", what=Phrase(CLOCK_WORDS[what]), open=Phrases(open_now, ", ")))
