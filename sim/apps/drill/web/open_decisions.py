"""The decision points of a drill played in a room, while they wait for their role.

An inject that asks for a decision opens it for its recipient, who has `[web] decision_minutes`
to pick one of its options. When the deadline passes, or the role is left to the model, the
default is taken and the log says so. The drill hook carries a decision out at once and keeps
it with its minute, role, wall time and order, so `decisions.json` replays it.
"""

from __future__ import annotations

from sim.apps.drill.judgement import Label
from sim.apps.drill.spec import Inject
from sim.apps.drill.web.journal import Journal
from sim.apps.drill.web.paced_model import PacedModel
from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.roles import TITLES
from sim.core.phrase import Phrase


class OpenDecisions:
    def __init__(self, paced: PacedModel, hook, journal: Journal, decision_minutes: float):
        self.paced = paced
        self.hook = hook  # the live hook, which carries decisions out
        self.journal = journal
        self.decision_minutes = decision_minutes
        self.pending: dict[str, dict] = {}  # inject id -> the open decision

    def open(self, inject: Inject, row: dict) -> None:
        """`inject` asks its recipient now (`row`: its line of the hook's timeline)."""
        now = self.paced.model.env.now
        self.pending[inject.id] = {"inject": inject, "row": row, "role": inject.recipient,
                                   "opened": now, "deadline": now + self.decision_minutes}

    def deadlines(self) -> list[float]:
        return [d["deadline"] for d in self.pending.values()]

    def waiting(self, inject_id: str) -> dict:
        """The open decision of `inject_id`, or a refusal that names the open ones."""
        pending = self.pending.get(inject_id)
        if pending is None:
            raise Refused(Phrase("no decision is open for {inject!r}; open: {open}", inject=inject_id,
                                 open=", ".join(self.pending) or Phrase("none")))
        return pending

    def take(self, role: str, inject_id: str, key: str) -> dict:
        """`role` picks option `key` of its open decision `inject_id`, now."""
        inject = self.pending[inject_id]["inject"]
        keys = [o.key for o in inject.options]
        if key not in keys:
            raise Refused(Phrase("{key!r} is not an option; allowed: {keys}", key=key, keys=", ".join(keys)))
        return self._decide(inject, key, TITLES[role].lower(), role)

    def take_overdue(self) -> None:
        """The default of each decision whose deadline has passed."""
        now = self.paced.model.env.now
        for pending in list(self.pending.values()):
            if pending["deadline"] <= now:
                inject = pending["inject"]
                self._decide(inject, inject.default_option, "default (deadline passed)", pending["role"])

    def role_left_to_model(self, role: str) -> None:
        """The default of each decision open for `role`, which the model plays from now."""
        for pending in [p for p in self.pending.values() if p["role"] == role]:
            inject = pending["inject"]
            self._decide(inject, inject.default_option, "default (role left to the model)", role)

    def _decide(self, inject: Inject, key: str, by: str, role: str) -> dict:
        pending = self.pending.pop(inject.id)
        _, _, wall = self.journal.now()
        record = self.hook.decide(self.paced.model, inject, key, by, pending["row"],
                                  extra={"live": True, "role": role, "inject_minute": pending["opened"],
                                         "wall_time": wall, "seq": self.journal.seq()})
        self.journal.record(role, Phrase("decision [{inject}]: {label} ({by})", inject=inject.id,
                                         label=Label(inject.option(key), record["label"]), by=by),
                            result=record["result"], kind="decision")
        return record
