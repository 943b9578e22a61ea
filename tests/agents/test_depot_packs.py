"""Packs pushed from the depot go round the stores' pickers: they reach every household of a
sealed village while the pickers are the bottleneck, and the depot's packing line
(`depot.packs_per_hour`) is what bounds them."""

from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import OrderRecorder, check_goods_conserved, check_orders_conserved

PACK = {"staples": 2.0, "vegetables": 3.0, "meat_eggs": 0.5}
# one slow picker a store (20 minutes an order): the stores' picking is what limits the orders
ONE_PICKER = {f"store_kinds.{k}.{field}": value for k in ("supermarket", "vegetable_shop")
              for field, value in (("max_pickers", 1), ("pick_minutes", {"dist": "fixed", "value": 20}))}


def _model(packs, packs_per_hour=None, days=3.0):
    town = small_town(villages=2, population=600, horizon_days=days, lockdown_days=[0.1, 0.1],
                      depot={"cover_days": 4, "packs_per_hour": packs_per_hour},
                      push_packs=packs)
    return TownModel(scenario_with_overrides(town, ONE_PICKER))


def test_depot_packs_reach_households_while_the_pickers_are_the_bottleneck():
    rounds = [{"village": "all", "day": 1.0, "content": PACK}]
    without = _model([]).run_episode()
    model = _model(rounds)
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)
    assert without["lead_time_share_waiting_for_picker"] > 0.3  # the pickers bind
    households = sum(len(v.households) for v in model.villages.values())
    assert kpis["orders_delivered_push_pack"] == households  # every pack came, no picker touched it
    packs = [o for o in recorder.orders if o.channel == "push_pack"]
    assert all(o.store is None for o in packs)
    # from the depot (sized by days of cover), not the market
    sources = {e["text"].rsplit(" from ", 1)[1].split(" (")[0] for e in model.events
               if e["kind"] == "push_packs"}
    assert sources == {"depot"}
    veg = "vegetables_kg_delivered_per_locked_person_day"
    assert kpis[veg] > without[veg]
    assert kpis["household_days_without_vegetables"] < without["household_days_without_vegetables"]


def test_the_depots_packing_line_bounds_when_packs_leave():
    rate = 40.0  # packs an hour
    rounds = [{"village": "V0", "day": 1.0, "content": PACK}, {"village": "V1", "day": 1.0, "content": PACK}]
    model = _model(rounds, packs_per_hour=rate)
    recorder = OrderRecorder(model)
    model.run_episode()
    packs = [o for o in recorder.orders if o.channel == "push_pack"]
    by_village = {}
    for o in packs:
        by_village.setdefault(o.household.village.name, []).append(o)
    n0, n1 = len(by_village["V0"]), len(by_village["V1"])
    # V0's round is made first, V1's after it on the same line
    first = min(o.gate_minute for o in by_village["V0"])
    second = min(o.gate_minute for o in by_village["V1"])
    assert first >= 1440 + n0 / rate * 60
    assert second >= 1440 + (n0 + n1) / rate * 60
    assert model.depot.packing.packs_made == n0 + n1
    unbounded = _model(rounds)
    recorder = OrderRecorder(unbounded)
    unbounded.run_episode()
    fast = max(o.gate_minute for o in recorder.orders if o.channel == "push_pack")
    assert fast < second
    assert fast < 1440 + 120  # the depot's release time only
