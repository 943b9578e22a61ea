"""Pushed packs reach every household of a sealed village on their day, from the depot when
there is one and from a supplier otherwise; the calm case stays what it was; the channels'
sections are checked like the rest of a scenario; whatever the mix of channels, goods, orders
and pantries are conserved."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.cli.commands import main
from sim.engine import run_until
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import (
    OrderRecorder,
    check_goods_conserved,
    check_orders_conserved,
    check_pantries_conserved,
    check_timestamps_ordered,
    check_work_inside_working_hours,
)

CONTENT = {"staples": 5.0, "vegetables": 3.0}
PACK_DAY = 1.0


def _town(packs, depot_kg=0.0, seed=3, days=2.0, **sections):
    """V0 sealed at 0.1 days, V1 only at 1.5: a round on day 1 finds only V0 sealed. The
    wholesale market has no daily limit, so a round is never short."""
    suppliers = [{"name": "wholesale market", "capacity_town_days": None,
                  "categories": ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]},
                 {"name": "medicine distributor", "categories": ["medicine"]}]
    return small_town(villages=2, population=300, horizon_days=days, seed=seed,
                      lockdown_days=[0.1, 1.5], depot={"capacity_kg": depot_kg},
                      suppliers=suppliers, push_packs=packs, **sections)


def _checked(model, recorder):
    check_orders_conserved(model)
    check_goods_conserved(model, recorder.orders)
    check_pantries_conserved(model, recorder.orders)
    check_timestamps_ordered(recorder.orders)
    check_work_inside_working_hours(model, recorder.orders)


def test_a_round_reaches_every_household_of_the_sealed_village_and_no_other():
    model = TownModel(_town([{"village": "all", "day": PACK_DAY, "content": CONTENT}]))
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    _checked(model, recorder)
    packs = [o for o in recorder.orders if o.channel == "push_pack"]
    v0 = model.villages["V0"]
    assert sorted(o.household.household_id for o in packs) == sorted(h.household_id for h in v0.households)
    assert all(o.placed_minute == PACK_DAY * 1440 and o.status == "delivered"
               and o.courier_id == -1 for o in packs)
    assert all(math.isclose(o.filled[c], units) for o in packs for c, units in CONTENT.items())
    assert kpis["orders_delivered_push_pack"] == len(v0.households)
    assert kpis["push_pack_rounds"] == 1
    assert kpis["volunteer_hours_pack_rounds"] > 0
    # the source is the wholesale market (no depot): it shipped the packs
    shipped = model.suppliers_by_name["wholesale market"].units_shipped
    assert math.isclose(model.gate_goods.units_received["staples"], 5.0 * len(v0.households))
    assert shipped["staples"] >= 5.0 * len(v0.households)


def test_packs_come_from_the_depot_when_there_is_one():
    model = TownModel(_town([{"village": "V0", "day": PACK_DAY, "content": CONTENT}],
                            depot_kg=20_000))
    households = len(model.villages["V0"].households)
    pack_minute = PACK_DAY * 1440
    run_until(model.env, pack_minute - 0.01)
    before = dict(model.depot.stock)
    market = model.suppliers_by_name["wholesale market"]
    market_before, on_order_before = dict(market.units_shipped), dict(model.depot.on_order)
    run_until(model.env, pack_minute + 0.01)
    for c, units in CONTENT.items():
        assert math.isclose(before[c] - model.depot.stock[c], households * units)
        # what the market shipped since went to the depot, buying back what it released
        shipped = market.units_shipped.get(c, 0.0) - market_before.get(c, 0.0)
        assert math.isclose(shipped, model.depot.on_order.get(c, 0.0) - on_order_before.get(c, 0.0))


def test_a_trigger_some_days_into_each_lockdown_repeats_while_sealed():
    model = TownModel(_town([{"village": "V1", "days_after_lockdown": 0.5, "every_days": 0.5,
                              "content": {"vegetables": 2}}], days=3.0))
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    _checked(model, recorder)
    placed = sorted({o.placed_minute for o in recorder.orders if o.channel == "push_pack"})
    assert placed == [2.0 * 1440, 2.5 * 1440]  # V1 sealed at 1.5: rounds at 2.0 and 2.5
    assert kpis["push_pack_rounds"] == 2


def test_the_calm_case_is_recovered_by_settings():
    plain = TownModel(small_town(villages=2, population=200, horizon_days=2.0, seed=5))
    off = TownModel(small_town(villages=2, population=200, horizon_days=2.0, seed=5,
                               group_buying={"share": 0.0}, push_packs=[]))
    assert off.spec.order_channels == ("app",)
    assert plain.run_episode() == off.run_episode()
    columns = set(off.timeseries.to_pandas().columns)
    assert not any(c.startswith(("orders_delivered_", "volunteer_busy_minutes_")) for c in columns)
    assert "group_buying" not in plain.spec.model_dump_json()


def _write(tmp_path, extra: str):
    from tests.support.drill_town import write_town

    path = write_town(tmp_path)
    path.write_text(path.read_text() + extra)
    return path


def test_bad_names_in_the_sections_are_located_errors(tmp_path, capsys):
    path = _write(tmp_path, '\n[group_buying]\nshare = 0.4\nmin_households = 20\nsupplier = "grocer"\n\n'
                            '[[push_packs]]\nvillage = "V9"\nday = 1\ncontent = { staples = 5, rise = 2 }\n'
                            'source = "depot"\n')
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    lines = path.read_text().splitlines()

    def line_of(text):
        return next(i for i, line in enumerate(lines, 1) if line.startswith(text))

    assert f":{line_of('supplier =')}: group_buying.supplier: unknown supplier 'grocer'" in err
    assert f":{line_of('village = \"V9\"')}: push_packs[0].village: unknown village 'V9'" in err
    assert f":{line_of('content =')}: push_packs[0].content.rise: unknown category 'rise'" in err
    assert "push_packs[0].source: the town has no depot" in err
    assert "Traceback" not in err
    assert main(["run", str(path), "--quiet"]) == 2


@settings(max_examples=12, deadline=None)
@given(group_share=st.sampled_from([0.0, 0.4, 0.9]), smartphone=st.sampled_from([1.0, 0.5]),
       packs=st.booleans(), depot=st.booleans(), seed=st.integers(0, 2**32 - 1),
       min_households=st.integers(1, 30))
def test_goods_orders_and_pantries_are_conserved_whatever_the_channels(
        group_share, smartphone, packs, depot, seed, min_households):
    pack_entries = [{"village": "all", "day": 0.8, "content": {"staples": 3, "meat_eggs": 1}},
                    {"village": "V1", "days_after_lockdown": 0.3, "content": {"vegetables": 2}}]
    model = TownModel(small_town(
        villages=2, population=150, horizon_days=2.0, seed=seed,
        households={"smartphone_share": smartphone}, depot={"capacity_kg": 2000 if depot else 0},
        group_buying={"share": group_share, "min_households": min_households, "group_size": 20,
                      "lead_time_days": {"dist": "uniform", "low": 0.2, "high": 0.8}},
        push_packs=pack_entries if packs else []))
    recorder = OrderRecorder(model)
    kpis = model.run_episode()
    _checked(model, recorder)
    channels = model.spec.order_channels
    if len(channels) > 1:
        assert sum(kpis[f"orders_placed_{c}"] for c in channels) == kpis["orders_placed"]
