"""An action's amount is bounded by what the scenario makes sensible, in a room's page and in a
drill file, and the refusal says the range in the reader's language."""

from __future__ import annotations

import json

import pytest

from sim.apps.drill.amount_bounds import amount_bounds
from sim.apps.drill.language import Speaker
from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.session import Refused
from sim.core.problems import ScenarioError
from tests.support.drill_town import write_drill
from tests.support.live_drill import Client
from tests.support.live_room import paused_session


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    yield from paused_session(tmp_path_factory.mktemp("bounds"))


def test_the_ranges_come_from_the_scenario(session):
    bounds = amount_bounds(session.drill.scenario)
    assert bounds.couriers == 100  # 5 x a whitelist of 12 is under the floor of 100
    assert bounds.orders_per_household_day == 10
    assert bounds.volunteers == sum(v.gate_volunteers for v in session.drill.scenario.villages)
    shelves = sum(s.shelf_capacity.get("staples", 0) for s in session.model.stores)
    assert bounds.units["staples"] == pytest.approx(shelves, abs=1)


@pytest.mark.parametrize(("role", "action", "fields", "said"), [
    ("delivery_group", "whitelist_couriers", {"couriers": 1_000_000},
     "couriers: 1000000 is out of range; allowed: 1 to 100 (5 times the scenario's whitelist of 12, at least 100)"),
    ("delivery_group", "whitelist_couriers", {"couriers": 100_000}, "couriers: 100000 is out of range"),
    ("command_centre", "cap_orders", {"orders_per_household_day": 10**30},
     "orders per household day: 10^30 is out of range; allowed: 1 to 10 (a higher cap caps nothing)"),
    ("command_centre", "cap_orders", {"orders_per_household_day": 1e30},
     "orders per household day: 1e+30 is out of range; allowed: 1 to 10"),
    ("supply_group", "order_from_supplier",
     {"supplier": "wholesale market", "store": "SUP-0", "category": "staples", "units": 1e308},
     "units: 1e+308 is out of range; allowed: above 0 to"),
    ("supply_group", "order_from_supplier",
     {"supplier": "wholesale market", "store": "SUP-0", "category": "staples", "units": float("inf")},
     "units: inf is out of range"),
    ("delivery_group", "move_volunteers", {"from_village": "V0", "to_village": "V1", "volunteers": 10**9},
     "volunteers: 1000000000 is out of range; allowed: 1 to"),
])
def test_an_amount_past_its_range_is_refused_with_the_range(session, role, action, fields, said):
    couriers = len(session.model.delivery_group.couriers)
    with pytest.raises(Refused) as refused:
        session.act(role, action, fields)
    assert said in refused.value.args[0]
    assert len(session.model.delivery_group.couriers) == couriers
    assert session.model.platform.food_order_cap_per_day is None


def test_the_largest_amount_in_range_is_carried_out(session):
    before = len(session.model.delivery_group.couriers)
    session.act("delivery_group", "whitelist_couriers", {"couriers": 100})
    assert len(session.model.delivery_group.couriers) == before + 100
    session.act("command_centre", "cap_orders", {"orders_per_household_day": 10})
    assert session.model.platform.food_order_cap_per_day == 10


def test_the_refusal_reaches_the_page_in_its_language(session):
    client = Client(session)
    try:
        status, text = client.post("/api/act", {"action": "cap_orders", "fields": {"orders_per_household_day": 1e30}},
                                   {"X-Drill-Token": session.tokens["command_centre"]})
    finally:
        client.server.stop()
    assert status == 400 and "allowed: 1 to 10" in json.loads(text)["error"]
    with pytest.raises(Refused) as refused:
        session.act("delivery_group", "whitelist_couriers", {"couriers": 1_000_000})
    chinese = Speaker(session.drill.scenario, "zh").say(refused.value.args[0])
    assert "1000000" in chinese and "100" in chinese and "out of range" not in chinese
    assert "骑手" in chinese and "白名单" in chinese


def test_a_drill_file_s_decision_past_its_range_is_located(tmp_path):
    spec = write_drill(tmp_path)
    text = spec.read_text(encoding="utf-8").replace('action = "whitelist_couriers", couriers = 10',
                                                    'action = "whitelist_couriers", couriers = 1000000')
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_drill(spec)
    problem = error.value.problems[0]
    assert problem.field == "injects[3].options[1].couriers" and problem.line is not None
    assert problem.message.startswith("couriers: 1000000 is out of range; allowed: 1 to 100")
