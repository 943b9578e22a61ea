"""A drill option names its store by id or by role; a role is found when the action acts, and
an action on a store that serves no locked village says so at the table and in the report."""

from __future__ import annotations

import pytest

from sim.apps.drill.actions import DrillState, apply_action
from sim.apps.drill.loading import load_drill
from sim.apps.drill.spec import Option
from sim.apps.drill.targets import resolve_store
from sim.inputs.scenario_loading import ScenarioError
from tests.support.drill_town import tiny_drill_model_at, write_drill
from tests.support.paths import ROOT

SHIPPED = ROOT / "experiments" / "drill-beizang.toml"
COURIER_OPTION = '{ key = "more", label = "Whitelist 10 more", action = "whitelist_couriers", couriers = 10 }'


def _drill_with_store_option(tmp_path, store: str, category: str):
    """The tiny drill with its courier option replaced by a depot release to `store`."""
    return write_drill(tmp_path, replace={COURIER_OPTION: (
        f'{{ key = "more", label = "Stock up", action = "release_depot_stock", store = {store}, '
        f'category = "{category}", units = 5 }}')})


def _release(store) -> Option:
    return Option(key="k", label="release", action="release_depot_stock", store=store,
                  category="staples", units=10)


def test_busiest_role_is_the_open_store_with_most_orders_in_picking(tmp_path):
    model = tiny_drill_model_at(tmp_path, 10 * 60)
    serving = [s for s in model.stores if s.kind == "supermarket" and model.villages["V0"] in s.serves]
    assert len(serving) >= 1
    role = Option.model_validate({"key": "k", "label": "l", "action": "release_depot_stock",
                                  "store": {"role": "busiest", "kind": "supermarket", "serving": "V0"},
                                  "category": "staples", "units": 10}).store
    chosen = resolve_store(model, role)
    assert chosen in serving
    assert chosen.pickers.backlog == max(s.pickers.backlog for s in serving)
    chosen.closed = True  # a closed store is never the busiest
    assert resolve_store(model, role) is not chosen
    for store in serving:
        store.closed = True
    assert resolve_store(model, role) is None
    assert apply_action(model, _release(role), DrillState()).text.startswith("NOT DONE: no store is the busiest")


def test_a_store_serving_no_locked_village_is_flagged(tmp_path):
    model = tiny_drill_model_at(tmp_path, 10 * 60)
    idle = next(s for s in model.stores if s.kind == "supermarket" and not s.serves)
    model.depot.exists = True
    model.depot.receive("staples", 100.0)  # a lot of staples in the depot
    full = apply_action(model, _release(idle.store_id), DrillState())
    assert full.text == (f"NOT DONE: {idle.store_id} has no room for more staples "
                         "(shelves and back room full, or goods on the way)")
    idle.take_for_urgent("staples", 200.0)  # room on its shelves
    outcome = apply_action(model, _release(idle.store_id), DrillState())
    assert outcome.acted and outcome.target == idle.store_id and outcome.target_serves_no_one
    assert f"WARNING: {idle.store_id} serves no locked village now" in outcome.text
    busy = next(s for s in model.stores if s.kind == "supermarket" and s.serves)
    busy.take_for_urgent("staples", 200.0)
    model.depot.receive("staples", 100.0)
    outcome = apply_action(model, _release(busy.store_id), DrillState())
    assert outcome.acted and not outcome.target_serves_no_one and "WARNING" not in outcome.text


def test_a_bad_role_names_file_line_field_and_what_is_allowed(tmp_path):
    path = _drill_with_store_option(tmp_path, '{ role = "quietest", kind = "supermarket" }', "staples")
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    (problem,) = err.value.problems
    assert problem.field == "injects[3].options[1].store"
    assert problem.line == next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "quietest" in line)
    assert "role: Input should be 'busiest'" in problem.message
    assert ('allowed: { role = "busiest" or "hub", kind = <store kind>, serving = <village> (optional) }'
            in problem.message)


def test_a_role_serving_an_unknown_village_or_a_category_the_kind_does_not_sell(tmp_path):
    path = _drill_with_store_option(tmp_path, '{ role = "busiest", kind = "pharmacy", serving = "V7" }', "staples")
    with pytest.raises(ScenarioError) as err:
        load_drill(path)
    messages = {p.field: p.message for p in err.value.problems}
    assert "unknown village for store.serving 'V7'; allowed: V0, V1" in messages["injects[3].options[1].store.serving"]
    assert "unknown category for a pharmacy 'staples'; allowed: medicine" in messages["injects[3].options[1].category"]
    assert any("no depot" in m for m in messages.values())


def test_shipped_drill_sends_stock_only_to_stores_that_serve_someone(tmp_path):
    from sim.apps.drill.choosers import DefaultChooser
    from sim.apps.drill.runner import run_drill

    drill = load_drill(SHIPPED)
    _, folder, hook = run_drill(drill, tmp_path / "drill", DefaultChooser(), shadows="never")
    stocked = [d for d in hook.decisions if d["action"] in ("release_depot_stock", "order_from_supplier")]
    assert {d["inject"] for d in stocked} == {"bajia-locked", "xinfadi-outage"}
    assert all(d["acted"] and d["target"] and not d["target_serves_no_one"] for d in stocked)
    assert all(d["effect_after"] > d["effect_before"] for d in stocked)  # the store sold that category
    outage = next(d for d in stocked if d["inject"] == "xinfadi-outage")
    assert outage["target"] != "BAJ-01"
    report = (folder / "after-action.md").read_text()
    assert "xinfadi-outage" in report and "BAJ-01" not in report  # its credit is the shadow runs' to judge


def test_hub_role_is_the_store_serving_most_locked_villages_then_the_largest(tmp_path):
    """The busiest by orders in picking trades places by the minute; the hub does not: a
    smaller store with more orders in picking is not the hub."""
    model = tiny_drill_model_at(tmp_path, 10 * 60)
    serving = [s for s in model.stores if s.kind == "supermarket" and model.villages["V0"] in s.serves]
    hub = Option.model_validate({"key": "k", "label": "l", "action": "release_depot_stock",
                                 "store": {"role": "hub", "kind": "supermarket", "serving": "V0"},
                                 "category": "staples", "units": 10}).store
    chosen = resolve_store(model, hub)
    most = max(sum(1 for v in s.serves if v.locked) for s in serving)
    assert sum(1 for v in chosen.serves if v.locked) == most
    assert chosen.floor_m2 == max(s.floor_m2 for s in serving if sum(1 for v in s.serves if v.locked) == most)
