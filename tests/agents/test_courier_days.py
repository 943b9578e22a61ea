"""A courier's day: bounded by its hours, trips and hours on trips (not orders), with a break
of its own and rest days on a rota; closed-loop passes for couriers living in sealed villages."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.paths import ROOT
from tests.support.world_checks import (
    OrderRecorder,
    WhitelistWatcher,
    check_couriers_kept_their_days,
    check_orders_conserved,
)

HOURS = st.sampled_from([(7.0, 24.0), (0.0, 24.0), (8.0, 20.0), (18.0, 30.0)])
ROTAS = st.sampled_from([{"days_on": 1, "days_off": 0}, {"days_on": 1, "days_off": 1},
                         {"days_on": 2, "days_off": 1}, {"days_on": 6, "days_off": 1}])


def _shift_day(model, minute: float) -> int:
    return model.clock.day_index(minute - model.spec.couriers.shift_hours[0] * 60)


@given(hours=HOURS, rota=ROTAS, break_hour=st.one_of(st.none(), st.floats(0.0, 23.5)),
       break_minutes=st.sampled_from([30, 60, 120]), spread=st.sampled_from([0.0, 2.0, 6.0]),
       trips=st.integers(1, 12), trip_hours=st.sampled_from([0.5, 1.5, 10.0]),
       whitelist=st.integers(1, 8), passes=st.booleans(), seed=st.integers(0, 2**16))
def test_no_courier_works_past_its_hours_or_on_its_rest_day(hours, rota, break_hour, break_minutes,
                                                            spread, trips, trip_hours, whitelist,
                                                            passes, seed):
    """Every trip, from leaving to the last handover, lies inside the courier's shift less its
    own break on one of its working days, and no courier's work day has more trips or more
    minutes on trips than its bounds."""
    model = TownModel(small_town(
        villages=2, population=300, horizon_days=3.0, seed=seed,
        couriers={"whitelist_size": whitelist, "shift_hours": hours, "rota": rota,
                  "break_hour": break_hour, "break_minutes": break_minutes,
                  "break_spread_hours": spread, "max_trips_per_day": trips,
                  "max_trip_hours_per_day": trip_hours, "closed_loop_passes": passes,
                  "living_outside_town_share": 0.5}))
    watcher = WhitelistWatcher(model)
    model.run_episode()
    check_couriers_kept_their_days(model, watcher.trip_lengths)
    check_orders_conserved(model)
    assert len(watcher.trip_lengths) == model.delivery_group.trips() + sum(
        c.state == "on_trip" for c in model.delivery_group.couriers)


def test_a_courier_carries_as_many_orders_as_its_trips_hold_not_110_a_day():
    """Store-to-gate trips carry many orders: a lone courier's day is bounded by its trips and
    hours, so on a busy day it carries far more than a door-to-door rider's 110 orders."""
    model = TownModel(small_town(villages=2, population=2500, horizon_days=2.0, lockdown_days=[0.0, 0.0],
                                 couriers={"whitelist_size": 1, "max_batch_orders": 30,
                                           "living_outside_town_share": 1.0}))
    recorder = OrderRecorder(model)
    model.run_episode()
    per_day = Counter(_shift_day(model, o.dispatched_minute) for o in recorder.orders
                      if o.dispatched_minute == o.dispatched_minute)
    assert max(per_day.values()) > 110
    courier = model.delivery_group.couriers[0]
    assert courier.trips <= 2 * model.spec.couriers.max_trips_per_day


def test_breaks_are_staggered_so_deliveries_go_on_through_the_lunch_hours():
    """All couriers used to break at 13:00: no trip left in that hour. Now each courier's break
    starts at its own time between 12:00 and 14:00, and trips leave in every hour."""
    model = TownModel(small_town(villages=3, population=1500, horizon_days=3.0, lockdown_days=[0.0] * 3,
                                 couriers={"whitelist_size": 12, "living_outside_town_share": 1.0}))
    recorder = OrderRecorder(model)
    model.run_episode()
    by_hour = Counter(int(model.clock.hour_of_day(o.dispatched_minute)) for o in recorder.orders
                      if o.dispatched_minute == o.dispatched_minute)
    assert all(by_hour[hour] > 0 for hour in (12, 13, 14))
    assert by_hour[13] > 0.3 * by_hour[11]  # a dip, not a stop


def test_couriers_rest_on_their_rota_days_staggered_across_the_whitelist():
    """One day on, one day off: each courier carries only on its working days, and on every
    day some couriers work."""
    model = TownModel(small_town(villages=2, population=800, horizon_days=4.0, lockdown_days=[0.0, 0.0],
                                 couriers={"whitelist_size": 4, "living_outside_town_share": 1.0,
                                           "rota": {"days_on": 1, "days_off": 1}}))
    recorder = OrderRecorder(model)
    model.run_episode()
    worked = {(o.courier_id, _shift_day(model, o.dispatched_minute)) for o in recorder.orders
              if o.dispatched_minute == o.dispatched_minute}
    assert worked and all((day + courier) % 2 == 0 for courier, day in worked)
    assert {day for _, day in worked} == {0, 1, 2, 3}
    assert {courier for courier, _ in worked} == {0, 1, 2, 3}


def _sealed_town(**couriers) -> TownModel:
    """One village, sealed at the start: every courier lives in it."""
    return TownModel(small_town(villages=1, population=600, horizon_days=2.0, lockdown_days=[0.0],
                                couriers={"whitelist_size": 5, "living_outside_town_share": 0.0,
                                          "exposure_probability_per_day": 0.0, **couriers}))


def test_couriers_living_in_a_sealed_village_work_on_closed_loop_passes():
    locked = _sealed_town().run_episode()
    assert locked["couriers_locked_in_max"] == 5 and locked["courier_trips"] == 0
    passes = _sealed_town(closed_loop_passes=True).run_episode()
    assert passes["couriers_locked_in_max"] == 0
    assert passes["couriers_worked_on_closed_loop_pass"] == 5
    assert passes["courier_trips"] > 0 and passes["orders_delivered"] > locked["orders_delivered"]
    assert passes["couriers_removed"] == 0  # no risk of their own set


def test_pass_holders_run_their_own_exposure_and_isolate_as_close_contacts():
    """A pass holder's daily test carries the pass's risk; when one is positive, its shift
    team isolates like any courier's."""
    model = _sealed_town(closed_loop_passes=True, pass_exposure_probability_per_day=1.0,
                         contact_team_size=5)
    isolated = []
    for courier in model.delivery_group.couriers:
        original = courier.isolate_as_contact
        courier.isolate_as_contact = lambda days, c=courier, o=original: (isolated.append(c), o(days))
    kpis = model.run_episode()
    assert kpis["couriers_removed"] >= 1
    assert isolated  # the first positive's teammates isolated as close contacts


def test_a_scenario_still_bounding_couriers_by_orders_is_told_what_replaced_it(tmp_path, capsys):
    """`couriers.max_orders_per_day` is gone: a file or a `--set` naming it gets a located
    message saying what to use instead, and exit status 2, not "unknown key"."""
    from sim.cli.commands import main
    from sim.core.packaged_data import default_scenario_path

    old = tmp_path / "old.toml"
    old.write_text(default_scenario_path().read_text()
                   .replace("[couriers]\n", "[couriers]\nmax_orders_per_day = 110\n"))
    line = old.read_text().splitlines().index("max_orders_per_day = 110") + 1
    assert main(["validate", str(old)]) == 2
    err = capsys.readouterr().err
    assert f"{old}:{line}: couriers.max_orders_per_day: removed:" in err
    assert "max_trips_per_day" in err and "max_trip_hours_per_day" in err and "unknown key" not in err
    out = tmp_path / "run"
    assert main(["run", "--set", "couriers.max_orders_per_day=50", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--set couriers.max_orders_per_day: removed:" in err and "max_trips_per_day" in err
    assert not out.exists()


def test_passes_and_urgent_staffing_are_levers_a_comparison_swaps():

    from sim.apps.compare.spec import load_compare_spec

    loaded = load_compare_spec(ROOT / "experiments" / "compare-staffing.toml")
    arms = {arm.policy_name: arm.scenario for arm in loaded.arms}
    assert not arms["locked_in_posted_staff"].couriers.closed_loop_passes
    assert arms["closed_loop_passes"].couriers.closed_loop_passes
    assert arms["locked_in_posted_staff"].command_centre.urgent_staffing == "per_locked_village"
    assert arms["town_urgent_pool"].command_centre.urgent_staffing == "town_pool"
