"""The room of a drill on its own, without a model: its tokens and who may do what."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.apps.drill.spec import PLAYER_ROLES, ROLES
from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.roles import ROLE_ACTIONS
from sim.apps.drill.web.room import Room

ROOM = Room(model_roles=())


def test_each_role_has_its_own_unguessable_token():
    tokens = ROOM.tokens
    assert set(tokens) == {*ROLES, "projector"}  # and the room's screen, which only shows
    assert len(set(tokens.values())) == len(ROLES) + 1 and all(len(t) >= 32 for t in tokens.values())
    assert Room(()).tokens != tokens  # a new room, new links
    assert {ROOM.role_of(token) for token in tokens.values()} == {*ROLES, "projector"}


@given(st.text(max_size=40))
def test_a_token_not_given_out_is_no_role(token):
    assert ROOM.role_of(token) is None or token in ROOM.tokens.values()


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_no_token_is_no_role(token):
    assert ROOM.role_of(token) is None


def test_a_role_is_handed_to_the_model_and_back():
    room = Room(model_roles=["urgent_desk"])
    assert not room.played_by_people("urgent_desk") and room.played_by_people("supply_group")
    room.set_played("urgent_desk", True)
    room.set_played("supply_group", False)
    assert room.model_roles == {"supply_group"}
    with pytest.raises(Refused, match="unknown role 'facilitator'; allowed: command_centre"):
        room.set_played("facilitator", False)
    with pytest.raises(Refused, match="unknown role None"):
        room.set_played(None, True)
    assert room.model_roles == {"supply_group"}


@pytest.mark.parametrize("role", PLAYER_ROLES)
def test_a_role_acts_from_its_own_menu_only(role):
    for action in ROLE_ACTIONS[role]:
        ROOM.check_may_act(role, action)
    others = {a for actions in ROLE_ACTIONS.values() for a in actions} - set(ROLE_ACTIONS[role])
    for action in others:
        with pytest.raises(Refused, match=f"has no action '{action}'; allowed: {ROLE_ACTIONS[role][0]}"):
            ROOM.check_may_act(role, action)


def test_the_facilitator_has_no_action_menu():
    with pytest.raises(Refused, match="the facilitator has no action 'cap_orders'; allowed: none"):
        ROOM.check_may_act("facilitator", "cap_orders")


def test_a_decision_is_its_recipient_s_and_only_the_command_centre_sets_channels_up():
    ROOM.check_may_decide("command_centre", "command_centre", "v0-rumour")
    with pytest.raises(Refused, match="'v0-rumour' is for the command centre, not the supply group"):
        ROOM.check_may_decide("supply_group", "command_centre", "v0-rumour")
    ROOM.check_may_set_up("command_centre")
    for role in set(ROLES) - {"command_centre"}:
        with pytest.raises(Refused, match="only the command centre sets channels up"):
            ROOM.check_may_set_up(role)
