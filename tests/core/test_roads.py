"""Travel on roads: shortest paths on a network, the straight-line estimate without one, every
mistake in a road file located, and what a closure does to trips and deliveries."""

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.apps.drill.choosers import DefaultChooser
from sim.apps.drill.effects import apply_inject
from sim.apps.drill.loading import load_drill
from sim.apps.drill.runner import DrillHook
from sim.core.roads import Place, Travel
from sim.inputs.scenario_loading import ScenarioError, load_scenario
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import RoadClosure
from tests.support.paths import ROOT

EXPERIMENTS = ROOT / "experiments"
ROADS_EXAMPLE = EXPERIMENTS / "small-town-roads.toml"
CLOSED, REOPENED = 0.4 * 1440, 0.4 * 1440 + 6 * 60  # the example's closure of bridge-V1


def _at(node):
    return Place(node, 0.0, 0.0)


# --- shortest paths ------------------------------------------------------------------------
def test_shortest_path_takes_the_shorter_way_and_detours_around_a_closed_road():
    travel = Travel(1.3, [("A", "B", 1.0), ("B", "C", 2.0), ("A", "C", 5.0), ("C", "D", 0.5)])
    a, c, d = _at("A"), _at("C"), _at("D")
    assert travel.km(a, c) == 3.0 and travel.km(a, d) == 3.5
    travel.close("B", "C")
    assert travel.km(a, c) == 5.0  # the long road
    travel.close("A", "C")
    assert travel.km(a, d) == math.inf and not travel.reachable(a, d)
    assert travel.km_through_closures(a, d) == 3.5  # emergency staff pass the barrier
    travel.reopen("A", "C")
    assert travel.km(a, c) == 5.0


def test_a_road_closed_twice_opens_only_when_both_closures_are_lifted():
    travel = Travel(1.3, [("A", "B", 1.0), ("B", "C", 1.0), ("A", "C", 4.0)])
    travel.close("A", "B")
    travel.close("B", "A")
    assert travel.reopen("A", "B") is False and travel.km(_at("A"), _at("B")) == 5.0
    assert travel.reopen("A", "B") is True and travel.km(_at("A"), _at("B")) == 1.0
    assert not travel.roads_closed


def test_without_a_network_km_is_the_straight_line_times_the_detour_factor_as_before():
    travel = Travel(1.3)
    a, b = Place(None, 0.3, -1.2), Place(None, 2.9, 0.7)
    assert travel.km(a, b) == 1.3 * math.hypot(0.3 - 2.9, -1.2 - 0.7)  # bit for bit
    model = TownModel(small_town(villages=3), seed=1)
    assert not model.travel.has_network
    store, village = model.stores[0], model.villages["V2"]
    assert store.distance_km_to(village) == 1.3 * math.hypot(store.x_km - village.x_km,
                                                               store.y_km - village.y_km)


def test_a_place_the_network_does_not_name_is_reached_by_the_straight_line():
    travel = Travel(1.5, [("A", "B", 1.0)])
    centre = travel.place("command_centre", 0.0, 0.0)
    village = travel.place("B", 3.0, 4.0)
    assert centre.node is None and travel.km(centre, village) == 1.5 * 5.0
    store = travel.place("S-1", 3.0, 4.0, fallback_node="B")  # a store sits at its village
    assert store.node == "B" and travel.km(store, _at("A")) == 1.0


def test_a_scenario_without_roads_dumps_as_before_roads_existed():
    assert "roads" not in small_town().model_dump(mode="json", by_alias=True)


def test_a_roads_table_without_edges_sets_the_detour_factor():
    model = TownModel(small_town(roads={"detour_factor": 2.0}), seed=1)
    store, village = model.stores[0], model.villages["V1"]
    assert not model.travel.has_network
    assert store.distance_km_to(village) == 2.0 * math.hypot(store.x_km - village.x_km, 0.0)


@st.composite
def _networks(draw):
    """Random connected networks whose roads are at least as long as the straight line
    between their ends (roads wind, they never tunnel)."""
    n = draw(st.integers(3, 8))
    points = [(draw(st.floats(-5, 5)), draw(st.floats(-5, 5))) for _ in range(n)]
    edges = {(i - 1, i) for i in range(1, n)}  # a path keeps it connected
    edges |= {tuple(sorted(p)) for p in draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n)) if p[0] != p[1]}
    roads = []
    for i, j in sorted(edges):
        line = math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1])
        roads.append((f"N{i}", f"N{j}", max(line, 1e-3) * draw(st.floats(1.0, 2.5))))
    return points, roads


@given(_networks())
def test_road_km_is_symmetric_at_least_the_straight_line_and_keeps_the_triangle_inequality(net):
    points, roads = net
    travel = Travel(1.3, roads)
    places = [travel.place(f"N{i}", x, y) for i, (x, y) in enumerate(points)]
    for a in places:
        for b in places:
            km = travel.km(a, b)
            assert km == pytest.approx(travel.km(b, a), rel=1e-9, abs=1e-12)
            assert km >= math.hypot(a.x_km - b.x_km, a.y_km - b.y_km) - 1e-9
            for c in places:
                assert km <= travel.km(a, c) + travel.km(c, b) + 1e-9


# --- road files and their mistakes ---------------------------------------------------------
def _town_with_roads(tmp_path, edges: str, junctions: str | None = None, extra: str = "") -> Path:
    (tmp_path / "roads.csv").write_text(edges)
    lines = ['extends = "%s"' % (EXPERIMENTS / "small-town.toml"), "[roads]", 'edges = "roads.csv"']
    if junctions is not None:
        (tmp_path / "junctions.csv").write_text(junctions)
        lines.append('junctions = "junctions.csv"')
    path = tmp_path / "town.toml"
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def _problems(path, load=load_scenario) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def test_a_road_network_from_csv_files_with_junctions_and_a_straight_road(tmp_path):
    path = _town_with_roads(tmp_path, "from,to,km\nV0,J,0.7\nJ,V1,\n", "name,x_km,y_km\nJ,0.5,0.5\n")
    sc = load_scenario(path)
    assert [(e.from_, e.to, e.km) for e in sc.roads.edges] == [("V0", "J", 0.7), ("J", "V1", None)]
    model = TownModel(sc, seed=1)
    v0, v1 = model.villages["V0"].place, model.villages["V1"].place
    assert model.travel.km(v0, v1) == pytest.approx(0.7 + math.hypot(0.5, 0.5))


def test_every_mistake_in_a_road_file_is_pointed_at_by_file_line_and_column(tmp_path):
    edges = ("from,to,km\n"
             "V0,J,0.7\n"
             "V0,Vx,1\n"         # line 3: unknown place
             "J,V1,2\n"
             "J,V0,0.9\n"        # line 5: the road V0-J again
             "V1,V1,1\n")        # line 6: a road to itself
    problems = _problems(_town_with_roads(tmp_path, edges, "name,x_km,y_km\nJ,0.5,0.5\nV0,1,1\n"))
    roads, junctions = str(tmp_path / "roads.csv"), str(tmp_path / "junctions.csv")
    expected = [
        f"{roads}:3: to: unknown place 'Vx'; allowed: a village name, a store id, depot, "
        "command_centre, hospital or a junction of roads.junctions",
        f"{roads}:5: (row): the road between 'J' and 'V0' is given twice (first as road 1 of "
        "the list); allowed: each road once",
        f"{roads}:6: to: a road from 'V1' to itself; allowed: two different ends",
        f"{junctions}:3: name: 'V0' already names a village, store or depot/command_centre/"
        "hospital; allowed: a name of its own",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    problems = _problems(_town_with_roads(tmp_path, "from,to,km\nV0,V1,1\nV1,V0,abc\n"))
    assert problems == [f"{roads}:3: km: not a number (got 'abc'); allowed: a number such as 2.5"]
    problems = _problems(_town_with_roads(tmp_path, "from,to,km\nV0,V1,1\nV1,depot,-2\n"))
    assert problems == [f"{roads}:3: km: Input should be greater than 0 (got -2.0)"]


def test_a_village_off_the_network_and_a_network_in_pieces_are_data_mistakes(tmp_path):
    path = _town_with_roads(tmp_path, "from,to,km\nV0,depot,1\ncommand_centre,hospital,2\n")
    problems = _problems(path)
    scenario = str(tmp_path / "town.toml")
    assert f"{scenario}:3: roads.edges: no road reaches the village(s) ['V1']; allowed: every " \
           "village at one end of a road" in problems
    assert any(p.startswith(f"{scenario}:3: roads.edges: the network is in 2 pieces: "
                            "[['command_centre', 'hospital']] cannot be reached from ['V0', 'depot']")
               for p in problems), problems


def test_a_closure_must_name_a_road_of_the_network_before_the_horizon(tmp_path):
    extra = '[[roads.closures]]\nfrom = "V0"\nto = "V1"\nstart_day = 3\n'
    problems = _problems(_town_with_roads(tmp_path, "from,to,km\nV0,J,1\nJ,V1,1\n",
                                          "name,x_km,y_km\nJ,0,1\n", extra))
    scenario = str(tmp_path / "town.toml")
    assert f"{scenario}:5: roads.closures[0]: no road between 'V0' and 'V1' in roads.edges; " \
           "allowed: a road of the network" in problems
    assert f"{scenario}:8: roads.closures[0].start_day: 3.0 is not before the horizon (1.0 days)" \
        in problems


def test_a_missing_road_file_and_a_bad_header_are_located(tmp_path):
    path = tmp_path / "town.toml"
    path.write_text(f'extends = "{EXPERIMENTS / "small-town.toml"}"\n[roads]\nedges = "nope.csv"\n')
    assert _problems(path) == [f"{path}:3: roads.edges: no such file {str(tmp_path / 'nope.csv')!r}; "
                               "allowed: a list of roads or the path of a CSV file relative to "
                               "this scenario file"]
    path = _town_with_roads(tmp_path, "from,too,km\nV0,V1,1\n")
    assert _problems(path)[0] == f"{tmp_path / 'roads.csv'}:1: too: unknown column; allowed: from, to, km"


# --- closures in a run ---------------------------------------------------------------------
def test_a_closed_road_makes_a_couriers_trip_longer():
    model = TownModel(ROADS_EXAMPLE, seed=1)
    courier = model.delivery_group.couriers[0]
    courier.place = model.villages["V0"].place
    store, v1 = model.stores_by_id["SUP-0"], model.villages["V1"]
    before = courier.trip_km(store, v1)
    assert before == pytest.approx(0.6 + 0.6)  # V0 -> bridge -> V1
    model.road_closures.close([("V0", "bridge")], hours=2, why="test")
    assert courier.trip_km(store, v1) == pytest.approx(1.3 + 1.1 + 0.6)  # round the ring


def test_a_closure_lengthens_courier_trips_in_a_run():
    def trip_minutes_per_order(closures):
        sc = load_scenario(ROADS_EXAMPLE)
        roads = sc.roads.model_copy(update={"closures": closures})
        model = TownModel(sc.model_copy(update={"roads": roads}), seed=3)
        model.run_episode()
        return model.stats.stage_minutes[5] / model.stats.orders_delivered  # the courier trip

    ring_only = [RoadClosure.model_validate({"from": "V0", "to": "bridge", "start_day": 0})]
    assert trip_minutes_per_order(ring_only) > trip_minutes_per_order([]) + 1.0


def test_a_village_cut_off_gets_nothing_from_outside_until_the_road_reopens():
    model = TownModel(ROADS_EXAMPLE, seed=1)
    kpis = model.run_episode()
    assert kpis["unreachable_village_hours"] == 6.0
    orders = model.platform.order_log.to_pandas()
    outside = orders[(orders.village == "V1") & orders.store.isin(["SUP-1", "VEG-1"])]
    # nothing goes from the shops by the bridge into V1 while its road is closed ...
    assert not ((outside.dispatched_minute > CLOSED) & (outside.dispatched_minute < REOPENED)).any()
    # ... the orders picked meanwhile waited, were counted, and went when it reopened
    held = outside[(outside.picked_minute > CLOSED) & (outside.picked_minute < REOPENED)]
    assert len(held) > 0 and kpis["orders_blocked_by_road"] >= len(held)
    assert (held.dispatched_minute >= REOPENED).all() and held.delivered_minute.notna().any()
    # V1's own pharmacy and catering, inside the village, kept delivering
    inside = orders[(orders.village == "V1") & orders.store.isin(["PHA-1", "CAT-1"])]
    assert ((inside.dispatched_minute > CLOSED) & (inside.dispatched_minute < REOPENED)).any()
    kinds = [e["kind"] for e in model.events if e["kind"].startswith(("road", "village_"))]
    assert kinds == ["road_closed", "village_cut_off", "road_reopened", "village_reachable"]


def test_while_roads_are_closed_new_orders_go_to_a_store_that_can_reach_the_village():
    model = TownModel(ROADS_EXAMPLE, seed=1)
    v1 = model.villages["V1"]
    sup0, sup1 = model.stores_by_id["SUP-0"], model.stores_by_id["SUP-1"]
    v1.stores_by_kind["supermarket"] = [sup0, sup1]
    assert v1.channels.route("supermarket") is sup0  # equal loads: the first
    model.road_closures.close([("V0", "bridge"), ("ring", "bridge")], hours=1, why="test")
    assert not model.travel.reachable(sup0.place, v1.place)
    assert v1.channels.route("supermarket") is sup1  # by the bridge, on V1's side of the closure
    model.road_closures.close([("bridge", "V1")], hours=1, why="test")
    assert v1.channels.route("supermarket") in (sup0, sup1)  # none reaches V1: the order waits at one


def test_kpis_of_a_town_without_roads_have_no_road_keys():
    kpis = TownModel(small_town(horizon_days=0.5), seed=1).run_episode()
    assert "orders_blocked_by_road" not in kpis and "unreachable_village_hours" not in kpis


# --- the drill's road closure --------------------------------------------------------------
def _drill(tmp_path, inject_fields: str, scenario: Path = ROADS_EXAMPLE) -> Path:
    path = tmp_path / "drill.toml"
    path.write_text(f"""[drill]
name = "roads-drill"
scenario = "{scenario}"

[[injects]]
id = "bridge-shut"
day = 0
clock = "10:00"
kind = "road_closed"
target = "V1"
{inject_fields}
message = "The bridge into V1 is shut."
expected_action = "Expect V1's groceries to wait"
objective = "lead_time"
""")
    return path


def test_a_drill_closes_named_roads_in_a_town_with_a_network(tmp_path):

    drill = load_drill(_drill(tmp_path, 'edges = [["bridge", "V1"]]\nhours = 3'))
    sc = drill.scenario
    drill_scenario = sc.model_copy(update={"roads": sc.roads.model_copy(update={"closures": []})})
    model = TownModel(drill_scenario, seed=drill.seed)
    DrillHook(drill, DefaultChooser(), drill.seed)(model)
    while model.env.now < 10 * 60 + 30:
        model.step()
    assert model.road_closures.cut_off == ["V1"] and model.travel.closed_roads() == [("V1", "bridge")]
    while model.env.now < 13 * 60 + 30:
        model.step()
    assert model.road_closures.cut_off == [] and not model.travel.roads_closed
    text = next(e["text"] for e in model.events if e["kind"] == "inject")
    assert "road bridge-V1 closed for 3 h; cut off: V1" in text


def test_a_drill_closure_without_edges_closes_every_road_of_the_village(tmp_path):
    from sim.apps.drill.loading import load_drill

    drill = load_drill(_drill(tmp_path, "hours = 2"))
    model = TownModel(drill.scenario, seed=1)
    apply_inject(model, drill.spec.injects[0], None)
    assert model.travel.closed_roads() == [("V1", "bridge")] and model.road_closures.cut_off == ["V1"]


def test_a_drill_closure_must_fit_the_town_it_runs_in(tmp_path):
    drill = _drill(tmp_path, 'edges = [["V0", "V1"]]\nhours = 2')
    assert _problems(drill, load_drill) == [f"{drill}:11: injects[0].edges: no road between 'V0' and "
                                      "'V1' in the scenario's roads.edges; allowed: a road of the network"]
    drill = _drill(tmp_path, "detour_factor = 2\nhours = 2")
    assert _problems(drill, load_drill)[0].startswith(f"{drill}:11: injects[0].detour_factor: the "
                                                "scenario has a road network")
    no_roads = EXPERIMENTS / "small-town.toml"
    drill = _drill(tmp_path, 'edges = [["V0", "V1"]]\nhours = 2', scenario=no_roads)
    assert _problems(drill, load_drill)[0].startswith(f"{drill}:11: injects[0].edges: the scenario "
                                                "has no road network")
    drill = _drill(tmp_path, "hours = 2", scenario=no_roads)
    assert _problems(drill, load_drill)[0].startswith(f"{drill}:9: injects[0].kind: a road closure "
                                                "in a town without a road network needs detour_factor")
