"""The injects of a drill played in a room: the drill hook that plays them in the model, and
which one comes next.

The hook is the terminal drill's (`sim/apps/drill/runner.py`), with the room in place of a chooser:
an inject is heard by its recipient, and a decision point opens for its role (a role left to the
model takes the default at once). The players' set-up is the room's too: the model's set-up of a
sealed village waits for them (`PlayersSetUp`), unless the command centre is left to the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sim.apps.drill.branch import Branch
from sim.apps.drill.choosers import BranchChooser, DefaultChooser
from sim.apps.drill.live_entries import PlayersSetUp
from sim.apps.drill.loading import Drill
from sim.apps.drill.runner import DrillHook
from sim.apps.drill.spec import Inject

if TYPE_CHECKING:
    from sim.apps.drill.web.journal import Journal
    from sim.apps.drill.web.room import Room


class LiveHook(DrillHook):
    """The drill hook of a live drill: a decision point opens for its role instead of asking a
    chooser (a role left to the model takes the default at once).

    It holds only what it uses: the room (which roles the model plays), the journal (what was
    heard), and, once the room's parts exist (they need the hook), where a decision opens and
    who hears that a village's channels opened (`connect`)."""

    def __init__(self, drill: Drill, seed: int, room: Room, journal: Journal, branch: Branch | None = None):
        if branch is None:
            super().__init__(drill, DefaultChooser(), seed)
        else:  # the original's decisions before the branch time; the room's from then on
            super().__init__(drill, BranchChooser(branch.original_choices, {}, branch.from_minute), seed,
                             branch, branch.entries)
        self.room = room
        self.journal = journal
        self.open_decision: Callable[[Inject, dict], None] | None = None
        self.channels_opened: Callable[[object], None] | None = None
        self.clock_actions: list[dict] = []  # the facilitator's play, pause, speed and jumps
        self.set_ups_opened: list[dict] = []  # each set-up waiting for the players, with the paused count then
        self.saved = None  # the journal file (run_journal.RunJournal), if the drill is saved as it goes
        self.shadows = "background"  # the room never waits for the shadow runs (shadow_background.py)

    def connect(self, open_decision: Callable[[Inject, dict], None],
                channels_opened: Callable[[object], None]) -> None:
        """Where the room takes a decision that opens, and who hears a village's channels open."""
        self.open_decision = open_decision
        self.channels_opened = channels_opened

    def __call__(self, model) -> None:
        # a branch of a drill played at a terminal: the model set channels up before its time
        of_terminal_drill = self.branch is not None and not self.branch.of_live_drill
        self.model_set_up_at_start = "command_centre" in self.room.model_roles or of_terminal_drill
        self.players_set_up = PlayersSetUp(model, self.model_set_up_at_start, self.channels_opened)
        super().__call__(model)  # a branch: the original's log before its time, on the same set-up

    def _play(self, model, inject) -> None:
        super()._play(model, inject)
        self.journal.heard(inject, self.timeline[-1])

    def decision_opened(self, model, inject, row: dict) -> None:
        if self.branch is not None and model.env.now < self.branch.from_minute and (
                inject.id in self.entries.later_decisions or inject.id in self.branch.original_choices):
            super().decision_opened(model, inject, row)  # as in the original, before the room takes over
            return
        if inject.recipient in self.room.model_roles:
            self.decide(model, inject, inject.default_option, "default (role left to the model)", row)
            return
        self.open_decision(inject, row)

    def after(self, model, folder) -> None:
        super().after(model, folder)
        if self.saved is not None:  # the journal and tokens land with the finished folder
            self.saved.copy_into(folder)

    def next_inject(self, now: float) -> Inject | None:
        """The first inject at or after minute `now` not yet played."""
        played = {row["inject"] for row in self.timeline}
        for inject in self.drill.injects_in_time_order():
            if self.drill.inject_minutes[inject.id] >= now and inject.id not in played:
                return inject
        return None
