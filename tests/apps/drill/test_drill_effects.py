"""Injects and decisions change the town at their minute and say so in the command centre's log."""

from __future__ import annotations

from agents.courier import REMOVED
from sim.apps.drill.choosers import DefaultChooser, ReplayChooser
from sim.apps.drill.loading import load_drill
from sim.apps.drill.runner import DrillHook
from sim.model.town_model import TownModel
from tests.support.drill_town import write_drill


def _start(tmp_path, chooser=None, **drill_args):
    drill = load_drill(write_drill(tmp_path, **drill_args))
    model = TownModel(drill.scenario, seed=drill.seed)
    hook = DrillHook(drill, chooser or DefaultChooser(), drill.seed)
    hook(model)
    return drill, model, hook


def _run_until(model, minute):
    while model.running and model.env.now < minute:
        model.step()


def test_injects_act_at_their_minute(tmp_path):
    drill, model, hook = _start(tmp_path)
    store = next(s for s in model.stores if s.store_id == "SUP-0")
    supplier = next(s for s in model.suppliers if s.name == "wholesale market")
    v1 = model.villages["V1"]
    _run_until(model, 16 * 60)  # the row at 16:00 is before the closure's events at 16:00
    assert not store.closed
    _run_until(model, 17 * 60)
    assert store.closed
    _run_until(model, 23 * 60)
    assert not store.closed  # reopened after 6 h
    assert supplier.outages == [(20 * 60, 20 * 60 + 10 * 60, 0.0)]
    _run_until(model, 31 * 60)
    assert v1.road_detour_factor == 3
    v0 = model.villages["V0"]
    _run_until(model, 34 * 60)  # road reopens and V0 is released at 34 h, not yet run
    assert v1.road_detour_factor == 3 and v0.locked
    _run_until(model, 35 * 60)
    assert v1.road_detour_factor == 1.0
    assert not v0.locked and v0.release_minute == 34 * 60 and not v0.channel_open_minute
    kinds = [e["kind"] for e in model.events]
    assert kinds.count("inject") == 9 and kinds.count("decision") == 3


def test_courier_quarantine_takes_couriers_off_the_whitelist(tmp_path):
    drill, model, hook = _start(tmp_path)
    _run_until(model, 14 * 60)
    removed = [c for c in model.delivery_group.couriers if c.state == REMOVED]
    assert len(removed) >= 8
    assert not any(c.whitelisted for c in removed)
    row = next(r for r in hook.timeline if r["inject"] == "couriers-out")
    assert row["effect"].startswith("8 couriers quarantined")


def test_rumour_places_extra_orders_and_the_cap_refuses_some(tmp_path):
    _, capped, hook_capped = _start(tmp_path)
    _run_until(capped, 12 * 60)
    _, free, hook_free = _start(tmp_path, chooser=ReplayChooser({"v0-rumour": "none"}))
    _run_until(free, 12 * 60)
    assert hook_free.state.extra_orders_placed > 0
    assert hook_free.state.extra_orders_refused == 0
    assert hook_capped.state.extra_orders_refused > 0
    assert hook_capped.state.extra_orders_placed < hook_free.state.extra_orders_placed
    assert capped.stats.orders_placed < free.stats.orders_placed


def test_whitelisting_adds_couriers_after_onboarding(tmp_path):
    _, model, hook = _start(tmp_path, chooser=ReplayChooser({"couriers-out": "more"}))
    _run_until(model, 14 * 60)
    assert len(model.delivery_group.couriers) == 12 + 10
    decision = next(d for d in hook.decisions if d["inject"] == "couriers-out")
    assert decision["by"] == "replay" and decision["action"] == "whitelist_couriers"


def test_moving_volunteers_changes_both_gates(tmp_path):
    _, model, _ = _start(tmp_path, chooser=ReplayChooser({"couriers-out": "volunteers"}))
    _run_until(model, 14 * 60)
    assert model.villages["V0"].gate.volunteers == 2
    assert model.villages["V1"].gate.volunteers == 6
