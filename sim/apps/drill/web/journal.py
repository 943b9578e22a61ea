"""What happened in a drill played in a room, in order, as the pages show it: the injects each
role heard, and every role's decisions, actions and set-up steps, each with the model's minute
and time and the wall time. It also numbers what the players do (`seq`), so a replay of several
things done at one minute does them in the same order.

A player's page shows its own lines, the facilitator's all of them; what replays the drill is
the hook's record (`sim/apps/drill/runner.py`), written to `decisions.json` at the end.
"""

from __future__ import annotations

import datetime as dt

from sim.apps.drill.spec import Inject
from sim.apps.drill.web.paced_model import PacedModel


class Journal:
    def __init__(self, paced: PacedModel, last_seq: int = 0):
        """`last_seq`: a branch's room numbers what it does after the original's log."""
        self.paced = paced
        self.messages: list[dict] = []  # injects heard, in time order
        self.log: list[dict] = []  # every role's decisions, actions and set-up steps
        self._count = last_seq

    def seq(self) -> int:
        """The order of what the players did, for a replay of several at one minute."""
        self._count += 1
        return self._count

    def now(self) -> tuple[float, str, str]:
        """The model's minute, its date and time, and the wall time."""
        model = self.paced.model
        now = model.env.now
        return now, model.clock.to_datetime(now).strftime("%Y-%m-%d %H:%M"), \
            dt.datetime.now().strftime("%H:%M:%S")

    def record(self, role: str, text: str, **extra) -> dict:
        """A line of `role`'s log, now."""
        minute, sim_time, wall = self.now()
        entry = {"minute": minute, "time": sim_time, "wall_time": wall, "role": role, "text": text}
        entry.update(extra)
        self.log.append(entry)
        return entry

    def heard(self, inject: Inject, row: dict) -> None:
        """An inject happened (`row`: its line of the hook's timeline); its recipient hears it."""
        self.messages.append({"minute": row["minute"], "time": row["time"], "inject": inject.id,
                              "kind": inject.kind, "target": inject.target, "from": inject.sender,
                              "to": inject.recipient, "message": inject.message,
                              "expected_action": inject.expected_action, "objective": inject.objective,
                              "effect": row["effect"]})
