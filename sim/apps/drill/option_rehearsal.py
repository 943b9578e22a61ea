"""`rehearse drill --check`: play the drill with its defaults up to its last decision and, at
each decision point, try every option against the town as it is then (without acting): which
store a role names, which options cannot act and why, and which ask for more than the store
can take. A drill writer finds the options that cannot work before the room does.
"""

from __future__ import annotations

from agents.store import back_rooms_open
from sim.apps.drill.choosers import DefaultChooser
from sim.apps.drill.option_checks import why_not
from sim.apps.drill.runner import DrillHook
from sim.apps.drill.targets import resolve_store, role_phrase
from sim.core.phrase import Phrase
from sim.model.town_model import TownModel


class _TryingHook(DrillHook):
    """The drill hook that, at each decision, notes what every option would meet, then takes
    the default as a drill without the table does."""

    def __init__(self, drill, seed: int):
        super().__init__(drill, DefaultChooser(), seed)
        self.notes: list[tuple[str, str, Phrase]] = []  # (inject, option key, note)

    def decision_opened(self, model, inject, row: dict) -> None:
        for option in inject.options:
            for note in option_notes(model, option):
                self.notes.append((inject.id, option.key, note))
        super().decision_opened(model, inject, row)


def option_notes(model, option) -> list[Phrase]:
    """What a drill writer should know of `option` at this minute."""
    notes = []
    store_target = getattr(option, "store", None)
    if store_target is not None and not isinstance(store_target, str):
        store = resolve_store(model, store_target)
        notes.append(Phrase("{target} is {store} now", target=role_phrase(store_target),
                            store=store.store_id if store is not None else "-"))
    blocked = why_not(model, option)
    if blocked is not None:
        notes.append(Phrase("CANNOT ACT: {why}", why=blocked))
    elif store_target is not None and option.units is not None:
        store = resolve_store(model, store_target)
        with back_rooms_open([store]):  # as the action will (`actions.apply_action`)
            room = store.room_for(option.category)
        if room < option.units:
            notes.append(Phrase("asks for {units:,.0f} {category}, but {store} has room for {room:,.0f}: "
                                "only part can go", units=option.units, category=option.category,
                                store=store.store_id, room=room))
    return notes


def try_options(drill, seed: int) -> list[tuple[str, str, Phrase]]:
    """Play `drill` with its defaults to its last decision; the notes on every option."""
    decisions = [drill.inject_minutes[i.id] for i in drill.spec.injects if i.decision is not None]
    if not decisions:
        return []
    hook = _TryingHook(drill, seed)
    model = TownModel(drill.scenario, seed=seed)
    hook(model)
    last = max(decisions)
    while model.running and model.env.now <= last:
        model.step()
    return hook.notes
