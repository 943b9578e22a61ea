"""Goods the table sends a store may go to its back room, as the hub's owner stored his: the
action, the check of whether it can act and the drill writer's notes all count the back room,
and it is closed again once they are done (later nights' orders stop at the shelves)."""

from __future__ import annotations

from sim.apps.drill.actions import DrillState, apply_action
from sim.apps.drill.option_checks import why_not
from sim.apps.drill.option_rehearsal import option_notes
from sim.apps.drill.spec import Option
from tests.support.drill_town import tiny_drill_model_at

BACK_ROOM_KG = 300.0


def _full_store_with_a_back_room(tmp_path):
    """A supermarket serving the locked village, its staples shelves full, with room behind."""
    model = tiny_drill_model_at(tmp_path, 10 * 60)
    store = next(s for s in model.stores if s.kind == "supermarket" and s.serves)
    store.stock["staples"] = store.shelf_capacity["staples"]
    store.back_room_capacity["staples"] = BACK_ROOM_KG
    model.depot.exists = True
    model.depot.receive("staples", 1000.0)
    return model, store


def _release(store, units: float) -> Option:
    return Option(key="k", label="release", action="release_depot_stock", store=store.store_id,
                  category="staples", units=units)


def _on_the_way(model, store) -> float:
    return model.shipments.on_the_way(store, "staples")


def test_a_release_to_full_shelves_fills_the_back_room_up_to_its_size(tmp_path):
    model, store = _full_store_with_a_back_room(tmp_path)
    assert store.room_for("staples") == 0  # the shelves alone are full
    option = _release(store, 500.0)
    assert why_not(model, option) is None
    notes = [str(n) for n in option_notes(model, option)]
    assert any(f"has room for {BACK_ROOM_KG:,.0f}" in n for n in notes), notes
    outcome = apply_action(model, option, DrillState())
    assert outcome.acted, outcome.text
    assert "only part" in str(outcome.text)
    assert _on_the_way(model, store) == BACK_ROOM_KG
    # the back room is closed again: the next night's order and a second release find no room
    assert not store.stocking_up
    assert store.room_for("staples") == 0
    again = apply_action(model, _release(store, 10.0), DrillState())
    assert not again.acted and "has no room" in str(again.text)


def test_without_a_back_room_a_release_to_full_shelves_cannot_act(tmp_path):
    model, store = _full_store_with_a_back_room(tmp_path)
    store.back_room_capacity["staples"] = 0.0
    option = _release(store, 50.0)
    assert why_not(model, option) is not None
    assert not apply_action(model, option, DrillState()).acted
    assert _on_the_way(model, store) == 0
