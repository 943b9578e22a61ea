"""The players' channel set-up of a sealed village: the command centre's four steps, in order.

While people play the command centre, the model's set-up of a sealed village waits (on
`sim.apps.drill.live_entries.PlayersSetUp`) for the players to set the volunteer and supply groups up
(`groups`), pick the stores of each standard kind from the ledger (`stores`), confirm them
(`confirm`) and publish (`publish`): the village's channels open at that minute. A stage may be
done again (the stores picked anew), never before the stages it needs. Left to the model, a
waiting set-up is the model's at once. Each step is a line of the journal; a finished set-up is
kept for the replay (`hook.channel_set_ups`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.apps.drill.after_action import STAGE_WORDS
from sim.apps.drill.live_entries import set_up_record
from sim.apps.drill.paused_work import paused_minutes
from sim.apps.drill.web.journal import Journal
from sim.apps.drill.web.paced_model import PacedModel
from sim.apps.drill.web.refused import Refused
from sim.core.phrase import Phrase, Phrases, listed

SET_UP_STAGES = ("groups", "stores", "confirm", "publish")


def check_stage(stage, done: Iterable[str]) -> None:
    """Refuse `stage` of a set-up whose stages so far are `done`: an unknown stage, or one whose
    earlier stages are not all done."""
    if stage not in SET_UP_STAGES:
        raise Refused(Phrase("stage {stage!r}; allowed: {allowed}", stage=stage, allowed=listed(SET_UP_STAGES)))
    done = list(done)
    if stage == "stores":
        if "groups" not in done:
            raise Refused(Phrase("stores: first set up the groups"))
        return
    missing = [s for s in SET_UP_STAGES[:SET_UP_STAGES.index(stage)] if s not in done]
    if missing:
        raise Refused(Phrase("{stage}: first {missing}", stage=stage, missing=listed(missing)))


def check_picks(model, stores) -> dict[str, list[str]]:
    """The stores picked for a village ({kind: [store ids]}): at least one open store of each
    standard kind, from the ledger; each store once, in the order picked."""
    if not isinstance(stores, dict):
        raise Refused(Phrase("stores: expected {{kind: [store ids]}} with every standard kind"))
    picks = {}
    for kind in model.spec.standard_kinds:
        ids = stores.get(kind) or []
        if not ids:
            raise Refused(Phrase("stores: pick at least one {kind}; standard kinds: {kinds}", kind=kind,
                                 kinds=listed(model.spec.standard_kinds)))
        for store_id in ids:
            store = model.stores_by_id.get(store_id)
            if store is None or store.kind != kind:
                raise Refused(Phrase("stores: {store!r} is not a {kind} of the ledger", store=store_id, kind=kind))
            if store.closed:
                raise Refused(Phrase("stores: {store} is closed now", store=store_id))
        picks[kind] = list(dict.fromkeys(ids))
    return picks


class ChannelSetUps:
    """The set-ups waiting for the players, (village, epoch) -> its village, epoch, lockdown
    minute, stages done and stores picked (the page's JSON)."""

    def __init__(self, paced: PacedModel, hook, journal: Journal):
        self.paced = paced
        self.hook = hook  # the live hook: its PlayersSetUp, and the finished set-ups it keeps
        self.journal = journal
        self.waiting: dict[tuple[str, int], dict] = {}

    def opened(self, village) -> None:
        """The model's set-up of `village` waits for the players (`PlayersSetUp`'s `opened`); the
        journal keeps the paused-time count it opened at (a resume carries it on)."""
        at_open = self.paced.paused_wall_seconds()
        self.waiting[(village.name, village.lock_epoch)] = {
            "village": village.name, "epoch": village.lock_epoch, "locked_minute": village.lock_minute,
            "stages": [], "stores": None, "paused_seconds_at_open": at_open}
        self.hook.set_ups_opened.append({"village": village.name, "epoch": village.lock_epoch,
                                         "minute": village.lock_minute, "paused_seconds_at_open": at_open})

    def step(self, village: str, epoch, stage, stores=None) -> dict:
        """One stage of a waiting set-up, now; `stores` with the `stores` stage."""
        set_up = self.waiting.get((village, int(epoch)))
        if set_up is None:
            raise Refused(Phrase("no set-up is waiting for {village!r}; waiting: {waiting}", village=village,
                                 waiting=listed(v for v, _ in self.waiting)))
        check_stage(stage, (s["stage"] for s in set_up["stages"]))
        if stage == "stores":
            set_up["stores"] = check_picks(self.paced.model, stores)
        minute, _, wall = self.journal.now()
        set_up["stages"].append({"stage": stage, "minute": minute, "wall_time": wall})
        text = Phrase("{village}: {stage}", village=village, stage=Phrase(STAGE_WORDS[stage]))
        if stage == "stores":
            picked = Phrases([Phrase("{kind}: {stores}", kind=k, stores=Phrases(v, ", "))
                              for k, v in set_up["stores"].items()])
            text = Phrase("{done} {picked}", done=text, picked=picked)
        if stage == "publish":
            self.hook.players_set_up.publish(village, set_up["epoch"], set_up["stores"])
            record = self._done(set_up, minute, wall, "command centre")
            text = Phrase("{done}: channels open {minutes:.1f} min after the lockdown", done=text,
                          minutes=minute - set_up["locked_minute"])
            paused = paused_minutes(set_up["paused_seconds_at_open"], self.paced.paused_wall_seconds())
            if paused is not None:  # the town stood still, the room did not
                record["paused_wall_minutes"] = paused
                text = Phrase("{text}, and {paused:.1f} wall min while the clock was paused", text=text,
                              paused=paused)
        self.journal.record("command_centre", text, kind="set_up")
        return set_up

    def command_centre_played(self, played: bool) -> None:
        """People play the command centre from now (`played`), or the model does: then it sets
        every waiting village up itself, at once, and later ones without waiting."""
        set_up = self.hook.players_set_up
        set_up.model_does_it = not played
        self.hook.role_changes.append({"minute": self.paced.model.env.now, "role": "command_centre",
                                       "played": played, "seq": self.journal.seq()})
        if not played:
            for (village, epoch) in list(self.waiting):
                self._hand_to_model(village, epoch)

    def keep_only_unfinished(self) -> None:
        """A branch picked up: set-ups the original's log finished before its time are not waiting."""
        unfinished = self.hook.players_set_up.pending
        for key in [key for key in self.waiting if key not in unfinished]:
            del self.waiting[key]

    def _done(self, set_up: dict, minute: float, wall: str, by: str) -> dict:
        del self.waiting[(set_up["village"], set_up["epoch"])]
        record = set_up_record(
            set_up["village"], set_up["epoch"], set_up["locked_minute"], minute, wall,
            set_up["stores"] if by != "model" else None, by, set_up["stages"], self.journal.seq())
        self.hook.channel_set_ups.append(record)
        return record

    def _hand_to_model(self, village: str, epoch: int) -> None:
        set_up = self.waiting[(village, epoch)]
        self.hook.players_set_up.hand_to_model(village, epoch)
        minute, _, wall = self.journal.now()
        self._done(set_up, minute, wall, "model")
        self.journal.record("facilitator", Phrase("{village}: set-up handed to the model", village=village),
                            kind="set_up")
