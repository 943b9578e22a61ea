"""The players' channel set-up on its own: the order of its four stages, the stores picked, and
the set-ups waiting, published or handed to the model, with a stand-in for the model."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.apps.drill.web.channel_set_up import SET_UP_STAGES, ChannelSetUps, check_picks, check_stage
from sim.apps.drill.web.journal import Journal
from sim.apps.drill.web.refused import Refused


def test_an_unknown_stage_is_refused_with_the_stages_allowed():
    with pytest.raises(Refused, match="stage 'open'; allowed: groups, stores, confirm, publish"):
        check_stage("open", ["groups"])


def test_each_stage_needs_the_ones_before_it():
    check_stage("groups", [])
    with pytest.raises(Refused, match="stores: first set up the groups"):
        check_stage("stores", [])
    with pytest.raises(Refused, match="confirm: first groups, stores"):
        check_stage("confirm", [])
    with pytest.raises(Refused, match="publish: first groups, stores, confirm"):
        check_stage("publish", [])
    with pytest.raises(Refused, match="publish: first confirm$"):
        check_stage("publish", ["groups", "stores"])
    check_stage("publish", ["groups", "stores", "confirm"])


def test_a_stage_may_be_done_again():
    check_stage("groups", ["groups"])
    check_stage("stores", ["groups", "stores", "confirm"])  # the stores picked anew


@given(st.lists(st.sampled_from(SET_UP_STAGES), max_size=6), st.sampled_from(SET_UP_STAGES))
def test_a_stage_is_allowed_exactly_when_every_earlier_stage_is_done(done, stage):
    earlier = SET_UP_STAGES[:SET_UP_STAGES.index(stage)]
    allowed = all(s in done for s in earlier)
    try:
        check_stage(stage, done)
    except Refused:
        assert not allowed
    else:
        assert allowed


def _store(kind, closed=False):
    return SimpleNamespace(kind=kind, closed=closed)


MODEL = SimpleNamespace(
    spec=SimpleNamespace(standard_kinds=("supermarket", "pharmacy")),
    stores_by_id={"SUP-0": _store("supermarket"), "SUP-1": _store("supermarket"),
                  "SUP-2": _store("supermarket", closed=True), "PHA-0": _store("pharmacy")})


def test_the_stores_picked_are_open_stores_of_each_standard_kind_once_each():
    picks = check_picks(MODEL, {"pharmacy": ["PHA-0"], "supermarket": ["SUP-1", "SUP-0", "SUP-1"]})
    assert picks == {"supermarket": ["SUP-1", "SUP-0"], "pharmacy": ["PHA-0"]}


@pytest.mark.parametrize("stores, said", [
    (["SUP-0"], "stores: expected {kind: [store ids]} with every standard kind"),
    ({"supermarket": ["SUP-0"]}, "stores: pick at least one pharmacy; standard kinds: supermarket, pharmacy"),
    ({"supermarket": ["PHA-0"], "pharmacy": ["PHA-0"]}, "stores: 'PHA-0' is not a supermarket of the ledger"),
    ({"supermarket": ["SUP-9"], "pharmacy": ["PHA-0"]}, "stores: 'SUP-9' is not a supermarket of the ledger"),
    ({"supermarket": ["SUP-2"], "pharmacy": ["PHA-0"]}, "stores: SUP-2 is closed now"),
])
def test_wrong_picks_are_refused_and_say_why(stores, said):
    with pytest.raises(Refused) as refused:
        check_picks(MODEL, stores)
    assert str(refused.value) == said


class PlayersSetUpStandIn:
    """What `PlayersSetUp` does for the room: publish, or hand a set-up to the model."""

    def __init__(self):
        self.pending = {}
        self.model_does_it = False
        self.done: list[tuple] = []

    def publish(self, village, epoch, stores):
        self.pending.pop((village, epoch))
        self.done.append(("published", village, epoch, stores))

    def hand_to_model(self, village, epoch):
        self.pending.pop((village, epoch))
        self.done.append(("model", village, epoch))


@pytest.fixture
def set_ups():
    model = SimpleNamespace(
        **vars(MODEL), env=SimpleNamespace(now=125.0),
        clock=SimpleNamespace(to_datetime=lambda m: dt.datetime(2022, 11, 10) + dt.timedelta(minutes=m)))
    paced = SimpleNamespace(model=model, paused_wall_seconds=lambda: 0.0)
    hook = SimpleNamespace(players_set_up=PlayersSetUpStandIn(), channel_set_ups=[], role_changes=[],
                           set_ups_opened=[])
    machine = ChannelSetUps(paced, hook, Journal(paced, last_seq=7))
    for name in ("V0", "V1"):
        hook.players_set_up.pending[(name, 1)] = object()
        machine.opened(SimpleNamespace(name=name, lock_epoch=1, lock_minute=120.0))
    return machine


def test_a_set_up_published_opens_the_channels_and_is_kept_for_the_replay(set_ups):
    model = set_ups.paced.model
    picks = {"supermarket": ["SUP-0"], "pharmacy": ["PHA-0"]}
    for stage in SET_UP_STAGES:
        model.env.now += 1
        set_up = set_ups.step("V0", "1", stage, picks if stage == "stores" else None)
    assert set_up["stores"] == picks and [s["minute"] for s in set_up["stages"]] == [126, 127, 128, 129]
    assert set_ups.hook.players_set_up.done == [("published", "V0", 1, picks)]
    assert list(set_ups.waiting) == [("V1", 1)]
    done = set_ups.hook.channel_set_ups[-1]
    assert (done["by"], done["stores"], done["minutes_taken"], done["seq"]) == ("command centre", picks, 9.0, 8)
    log = set_ups.journal.log
    assert [e["role"] for e in log] == ["command_centre"] * 4
    assert str(log[-1]["text"]) == "V0: publish: channels open 9.0 min after the lockdown"
    with pytest.raises(Refused, match="no set-up is waiting for 'V0'; waiting: V1"):
        set_ups.step("V0", 1, "groups")


def test_a_stage_refused_changes_nothing(set_ups):
    with pytest.raises(Refused, match="stores: first set up the groups"):
        set_ups.step("V0", 1, "stores", {"supermarket": ["SUP-0"], "pharmacy": ["PHA-0"]})
    set_ups.step("V0", 1, "groups")
    with pytest.raises(Refused, match="closed now"):
        set_ups.step("V0", 1, "stores", {"supermarket": ["SUP-2"], "pharmacy": ["PHA-0"]})
    assert [s["stage"] for s in set_ups.waiting[("V0", 1)]["stages"]] == ["groups"]
    assert set_ups.waiting[("V0", 1)]["stores"] is None and len(set_ups.journal.log) == 1


def test_the_command_centre_left_to_the_model_hands_it_every_waiting_set_up(set_ups):
    set_ups.step("V1", 1, "groups")
    set_ups.command_centre_played(False)
    assert set_ups.waiting == {}
    assert set_ups.hook.players_set_up.model_does_it
    assert set_ups.hook.players_set_up.done == [("model", "V0", 1), ("model", "V1", 1)]
    assert set_ups.hook.role_changes == [{"minute": 125.0, "role": "command_centre", "played": False, "seq": 8}]
    assert [(s["village"], s["by"], s["stores"], s["seq"]) for s in set_ups.hook.channel_set_ups] == [
        ("V0", "model", None, 9), ("V1", "model", None, 10)]
    assert [str(e["text"]) for e in set_ups.journal.log[-2:]] == [
        "V0: set-up handed to the model", "V1: set-up handed to the model"]
    set_ups.command_centre_played(True)
    assert not set_ups.hook.players_set_up.model_does_it


def test_a_branch_keeps_waiting_only_the_set_ups_its_original_had_not_finished(set_ups):
    del set_ups.hook.players_set_up.pending[("V0", 1)]
    set_ups.keep_only_unfinished()
    assert list(set_ups.waiting) == [("V1", 1)]
