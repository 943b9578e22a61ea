"""Common random numbers entity by entity beyond households: each courier's trip draws and
each store's staff test results come from sequences of their own (`run.random_numbers =
"per_entity"`, the default), so a policy that changes only which orders a courier carries, or
which stores serve, leaves them as they were; what a household draws for a phone call stays its
own when a disruption takes couriers away, and which couriers a disruption keeps away does not
move when another leaves the whitelist; one factory makes every entity's draws for either
setting (`sim/core/entity_draws.py`), and no agent reads the setting; and round-robin routing keeps
its turns in a policy object built per model."""

import ast
import itertools
import re

import pytest

from sim.core import distributions as dist
from sim.core.distributions import UNIT, Exponential
from sim.core.entity_draws import DrawFactory, DrawKind
from sim.core.random_streams import RandomStreams, entity_number
from sim.domain.policies import make_routing
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.paths import ROOT


def _trip_draws(mode: str, dispatch: str) -> dict[int, list[tuple[float, float]]]:
    """Each courier's (speed, loading minutes) of every trip, in the order of its trips."""
    town = small_town(villages=2, population=300, horizon_days=3.0, seed=3,
                      couriers={"whitelist_size": 4, "living_outside_town_share": 1.0})
    model = TownModel(scenario_with_overrides(town, {"run.random_numbers": mode,
                                                     "couriers.dispatch": dispatch}))
    drawn: dict[int, list[tuple[float, float]]] = {}
    for courier in model.delivery_group.couriers:
        draws, start_trip = courier.draws, courier.start_trip
        # a trip's speed and loading are drawn when the courier is first asked whether the trip
        # fits its hours, and kept for the trip that starts next: what was drawn since the last
        # trip is this trip's
        speed, load = draws.speed_km_per_h, draws.load_minutes
        values = []
        draws.speed_km_per_h = lambda values=values, speed=speed: values.append(speed()) or values[-1]
        draws.load_minutes = lambda values=values, load=load: values.append(load()) or values[-1]

        def recorded_trip(store, village, batch, courier=courier, start_trip=start_trip, values=values):
            start_trip(store, village, batch)
            drawn.setdefault(courier.courier_id, []).append(tuple(values))
            values.clear()

        courier.start_trip = recorded_trip
    model.run_episode()
    return drawn


def _share_in_step(a: dict, b: dict) -> float:
    """The share of couriers whose trips' draws under one policy begin as under the other."""
    both = [c for c in a if c in b]
    return sum(a[c][:len(b[c])] == b[c][:len(a[c])] for c in both) / len(both)


def test_a_couriers_nth_trip_draws_the_same_whichever_orders_a_policy_gives_it():
    batched, at_once = _trip_draws("per_entity", "batch"), _trip_draws("per_entity", "send_at_once")
    assert any(len(batched[c]) != len(at_once.get(c, ())) for c in batched)  # the policy matters
    assert _share_in_step(batched, at_once) == 1.0
    shared = _share_in_step(_trip_draws("per_village", "batch"), _trip_draws("per_village", "send_at_once"))
    assert shared < 0.5  # from one stream in event order, trips take each other's draws


def _staff_closures(mode: str, policy: str) -> tuple[TownModel, list[tuple[str, float]]]:
    town = small_town(villages=3, population=200, horizon_days=4.0, couriers=6, seed=2)
    model = TownModel(scenario_with_overrides(town, {
        "run.random_numbers": mode, "store_selection.policy": policy,
        "store_staff.positive_probability_per_day": 0.3, "store_staff.closure_hours": 6}))
    model.run_episode()
    return model, [(e["who"], e["minute"]) for e in model.events
                   if e["kind"] == "store_closed" and "tested positive" in e["text"]]


def _own_positive_days(model) -> dict[str, set[float]]:
    """Each store's positive test minutes as its own sequence draws them, whatever it did."""
    settings = model.spec.store_staff
    test_minutes = list(itertools.islice(model.clock.clock_times(settings.test_hour, 0.0), 8))
    fresh = RandomStreams(model.seed)
    positive_days = {}
    for store in model.stores:
        own = fresh.own_uniform("store_staff.tests", entity_number(store.store_id))
        positive_days[store.store_id] = {at for at in test_minutes
                                         if own() < settings.positive_probability_per_day}
    return positive_days


@pytest.mark.parametrize("policy", ["nearest_qualified", "largest_qualified"])
def test_a_stores_staff_result_on_a_day_depends_only_on_the_store_and_the_day(policy):
    model, closures = _staff_closures("per_entity", policy)
    assert closures
    positive_days = _own_positive_days(model)
    assert all(at in positive_days[store] for store, at in closures)


def test_two_store_selections_close_stores_only_on_the_stores_own_positive_days():
    """Whichever stores a policy picks, a store it picks closes on its own positive days only,
    so the two policies' closures of a store that both pick fall on the same days."""
    model, nearest = _staff_closures("per_entity", "nearest_qualified")
    _, largest = _staff_closures("per_entity", "largest_qualified")
    positive_days = _own_positive_days(model)
    for closures in (nearest, largest):
        assert all(at in positive_days[store] for store, at in closures)
    assert set(nearest) & set(largest)  # stores both picked closed on the same days


def test_round_robin_keeps_each_villages_turn_in_its_own_policy_object():
    settings = small_town().store_selection.model_copy(update={"routing": "round_robin"})
    first, second = make_routing(settings), make_routing(settings)
    assert first is not second

    class Open:
        takes_orders = True

    class Village:
        def __init__(self, name):
            self.name = name

    stores, a, b = [Open(), Open(), Open()], Village("A"), Village("B")
    assert [first(a, stores) for _ in range(4)] == [stores[0], stores[1], stores[2], stores[0]]
    assert first(b, stores) is stores[0]  # each village its own turn
    assert second(a, stores) is stores[0]  # each model its own turns
    assert not hasattr(a, "routing_turn")


# a kind of entity keyed by (group, number): its own sequences per purpose, a stream per group
_KIND = DrawKind(sequence=lambda purpose: f"test.{purpose}",
                 stream=lambda key, purpose: (f"test.{key[0]}", purpose),
                 number=lambda key: entity_number(f"{key[0]}/{key[1]}"))
_SPECS = {"minutes": Exponential(dist="exponential", mean=30), "share": UNIT}


def test_an_entitys_own_draws_are_the_same_whoever_drew_before_it():
    alone = DrawFactory(RandomStreams(4), "per_entity").draws(_KIND, ("A", 1), _SPECS)
    first = [alone.minutes() for _ in range(4)]
    factory = DrawFactory(RandomStreams(4), "per_entity")
    other, again = factory.draws(_KIND, ("A", 2), _SPECS), factory.draws(_KIND, ("A", 1), _SPECS)
    mixed = []
    for _ in range(4):
        other.minutes(), other.share()
        mixed.append(again.minutes())
    assert mixed == first
    assert other.minutes is not again.minutes


def test_shared_draws_are_one_function_per_stream_and_purpose_for_the_entities_sharing_it():
    factory = DrawFactory(RandomStreams(4), "per_village")
    a, b, elsewhere = (factory.draws(_KIND, key, _SPECS) for key in (("A", 1), ("A", 2), ("B", 1)))
    assert a.minutes is b.minutes and a.share is b.share
    assert elsewhere.minutes is not a.minutes
    assert factory.shared(_KIND, ("A", None), _SPECS).minutes is a.minutes
    # and the group's draws are shared whatever the setting
    own = DrawFactory(RandomStreams(4), "per_entity")
    assert own.shared(_KIND, ("A", None), _SPECS).minutes is own.shared(_KIND, ("A", 7), _SPECS).minutes


def test_a_purpose_without_a_distribution_is_no_draw():
    draws = DrawFactory(RandomStreams(4), "per_entity").draws(_KIND, ("A", 1), _SPECS)
    assert not hasattr(draws, "nothing")


@pytest.mark.parametrize("mode", ["per_entity", "per_village"])
def test_households_draw_through_the_factory_and_their_village_draws_nothing_itself(mode):
    town = small_town(villages=2, population=100, horizon_days=1.0, seed=3)
    model = TownModel(scenario_with_overrides(town, {"run.random_numbers": mode}))
    v0, v1 = model.villages.values()
    first, second = v0.households[:2]
    assert not [name for name in vars(v0) if name.startswith("draw")]
    if mode == "per_entity":
        assert first.draws.basket_days is not second.draws.basket_days
    else:  # a village's households share its streams; another village has its own
        assert first.draws.basket_days is second.draws.basket_days
        assert v1.households[0].draws.basket_days is not first.draws.basket_days


def test_one_uniform_on_the_unit_interval():
    """`sim.core.distributions.UNIT` is the one spec of a uniform on [0, 1): no module defines its own."""
    root = ROOT
    unit = re.compile(r'Uniform\((dist="uniform", )?low=0, high=1\)')  # the tag may be left out
    defined = [str(path.relative_to(root)) for path in sorted([*root.glob("sim/**/*.py"), *root.glob("agents/*.py")])
               if unit.search(path.read_text(encoding="utf-8"))]
    assert defined == ["sim/core/distributions.py"]


def test_no_agent_reads_the_random_numbers_setting():
    """Agents ask the factory for their draws (`model.entity_draws`); only it reads the setting."""
    root = ROOT
    readers = [f"{path.relative_to(root)}:{node.lineno}"
               for path in sorted(root.glob("agents/*.py"))
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Attribute) and node.attr == "random_numbers"]
    assert readers == []


_PHONE_TOWN = dict(villages=2, population=300, horizon_days=4.0, seed=3, couriers=6,
                   households={"smartphone_share": 0.5, "phone_share_of_offline": 1.0})
_COURIERS_AWAY = [{"kind": "couriers_unavailable", "share": 0.8, "start_day": 0.2, "days": 3}]


def _phone_minutes(mode: str, disruptions: list) -> tuple[dict, dict]:
    """Each phoning household's phone minutes, in the order it drew them, and the KPIs."""
    town = small_town(**_PHONE_TOWN, disruptions=disruptions)
    model = TownModel(scenario_with_overrides(town, {"run.random_numbers": mode}))
    drawn: dict[tuple, list[float]] = {}
    for village in model.villages.values():
        for household in village.households:
            if household.channel == "phone":
                own, key = household.draws.phone_minutes, (village.name, household.index)
                household.draws.phone_minutes = (
                    lambda own=own, key=key: drawn.setdefault(key, []).append(own()) or drawn[key][-1])
    return drawn, model.run_episode()


def _share_in_step_by_key(a: dict, b: dict) -> float:
    both = [k for k in a if k in b]
    return sum(a[k][:len(b[k])] == b[k][:len(a[k])] for k in both) / len(both)


def test_couriers_kept_away_leave_every_households_phone_minutes_as_they_were():
    """A disruption that takes couriers away changes when households order, not how long each
    household's n-th phone call takes (from the village's offline stream, calls in event order
    took each other's minutes)."""
    calm, calm_kpis = _phone_minutes("per_entity", [])
    disrupted, disrupted_kpis = _phone_minutes("per_entity", _COURIERS_AWAY)
    assert calm_kpis != disrupted_kpis  # the disruption matters
    assert len(calm) > 20 and _share_in_step_by_key(calm, disrupted) == 1.0
    shared = _share_in_step_by_key(_phone_minutes("per_village", [])[0],
                                   _phone_minutes("per_village", _COURIERS_AWAY)[0])
    assert shared < 0.5


def _kept_away(without: int | None = None) -> set[int]:
    """The couriers a disruption keeps away, with courier `without` taken off the whitelist
    before it."""
    town = small_town(villages=2, population=200, horizon_days=1.0, seed=5,
                      couriers={"whitelist_size": 10, "exposure_probability_per_day": 0.0},
                      disruptions=[{"kind": "couriers_unavailable", "share": 0.3, "start_day": 0.5,
                                    "days": 1}])
    model = TownModel(town)
    if without is not None:
        assert model.delivery_group.couriers[without].quarantine()
    model.env.run(until=0.5 * 1440 + 1)
    return {c.courier_id for c in model.delivery_group.couriers if c.isolating_until > model.env.now}


def test_taking_a_courier_off_the_whitelist_leaves_which_others_a_disruption_keeps_away():
    kept_away = _kept_away()
    assert len(kept_away) == 3
    for other in sorted(set(range(10)) - kept_away)[:3]:
        assert _kept_away(without=other) == kept_away  # 3 of 9 as of 10: the same three


@pytest.mark.parametrize("spec", [
    dist.Uniform(low=0, high=60), dist.Exponential(mean=30), dist.Fixed(value=2),
    dist.Triangular(low=3, mode=5, high=8), dist.Lognormal(median=4, sigma=0.5),
    dist.Empirical(values=[0, 1, 2, 7], weights=[0.1, 0.0, 0.6, 0.3]), dist.Empirical(values=[3, 4]),
])
def test_a_draw_is_the_quantile_of_each_uniform_number_exactly(spec):
    """An entity's draw of a distribution is its quantile of the entity's next uniform number,
    to the last bit, whichever way the draw function is written."""
    numbers = [0.0, 1e-12, 0.1, 0.1 + 1e-17, 0.25, 0.5, 0.7, 0.7000000000000001, 0.999999, 1 - 2**-53]
    value = spec.from_uniform()
    assert [value(u) for u in numbers] == [spec.quantile(u) for u in numbers]
