"""Targets beyond the KPIs: each statistic of a run's outputs computed on small hand-made
tables, a statistic target in a calibration file checked like a KPI (exit 2, located), and one
simulated in a run of the tiny town."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.apps.calibrate.output_statistics import STATISTICS, RunOutputs, statistic_value
from sim.cli.commands import main
from tests.support.calibration_fixtures import calibration_text, write_calibration

DAY = 1440


def order_log() -> RunOutputs:
    """Store A: 3 orders on day 0, 1 on day 1, 5 on day 2 (9 in all); store B: 4 on day 0,
    4 on day 1 (8); one order no store took. The run starts at 06:00, so minute 1000 of the
    run is 22:40 of day 0 and minute 1100 is 00:20 of day 1."""
    rows = ([("A", 10), ("A", 20), ("A", 1000)] + [("A", 1100)]
            + [("A", 2 * DAY + m) for m in range(5)]
            + [("B", m) for m in (1, 2, 3, 4)] + [("B", DAY + m) for m in (1, 2, 3, 4)]
            + [("", 30)])
    return RunOutputs(orders=pd.DataFrame(rows, columns=["store", "placed_minute"]),
                      start_minute_of_day=6 * 60)


def value(name: str, outputs: RunOutputs, **arguments) -> float:
    return statistic_value(name, arguments, outputs)


def test_the_busiest_store_is_the_one_with_most_orders_and_its_median_day_is_taken():
    # A's days by calendar: day 0 has 3 orders (minute 1000 is still day 0 at a 06:00 start),
    # day 1 has 1 (minute 1100), day 2 has 5: median 3 (B's days are 4 and 4, but B took 8)
    assert value("busiest_store_orders_per_day_median", order_log()) == 3


def test_the_most_orders_a_store_took_in_a_day():
    assert value("store_orders_per_day_max", order_log()) == 5


def test_the_share_of_store_days_over_a_number_of_orders():
    # store-days: A 3, 1, 5; B 4, 4
    assert value("store_days_over_share", order_log(), orders=3) == pytest.approx(3 / 5)
    assert value("store_days_over_share", order_log(), orders=4) == pytest.approx(1 / 5)
    assert value("store_days_over_share", order_log(), orders=0) == 1.0


def test_the_median_minutes_until_a_village_s_channels_opened():
    outputs = RunOutputs(orders=pd.DataFrame(columns=["store", "placed_minute"]),
                         channel_open_minutes={"V1": 12.0, "V2": 30.0, "V3": 15.0})
    assert value("channel_open_minutes_median", outputs) == 15.0
    assert math.isnan(value("store_orders_per_day_max", outputs))  # no orders: no figure


def test_the_share_of_eating_households_below_their_energy_need_on_a_day():
    days = pd.DataFrame([
        (1, 2, 1440.0, 0.0), (2, 2, 1440.0, 30.0), (3, 2, 600.0, 600.0),
        (4, 2, 0.0, 0.0),  # not eating from its stock that day: not counted
        (1, 3, 1440.0, 1440.0),
    ], columns=["household", "day", "minutes_eating", "minutes_below_energy_need"])
    outputs = RunOutputs(orders=pd.DataFrame(columns=["store", "placed_minute"]),
                         household_days=days)
    assert value("households_below_energy_need_share", outputs, day=2) == pytest.approx(2 / 3)
    assert value("households_below_energy_need_share", outputs, day=3) == 1.0
    assert math.isnan(value("households_below_energy_need_share", outputs, day=5))


def test_the_largest_overnight_restock_of_one_store():
    restocks = pd.DataFrame([("HUB", 0, 2900.0), ("HUB", 1, 3100.0), ("S2", 0, 3500.0)],
                            columns=["store", "day", "kg"])
    outputs = RunOutputs(orders=pd.DataFrame(columns=["store", "placed_minute"]),
                         overnight_restocks=restocks)
    assert value("overnight_restock_kg_max", outputs) == 3500.0
    assert value("overnight_restock_kg_max", outputs, store="HUB") == 3100.0


def test_every_statistic_says_what_it_measures_with_its_unit():
    for statistic in STATISTICS.values():
        assert "(" in statistic.what and statistic.what.rstrip().endswith(")"), statistic.name


def problems_of(tmp_path, capsys, target: str) -> list[str]:
    text = calibration_text(25.0).replace('kpi = "channel_open_minutes_min"', target)
    spec = write_calibration(tmp_path, text)
    assert main(["calibrate", str(spec), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    return [line.strip() for line in capsys.readouterr().err.splitlines() if line.startswith("  ")]


@pytest.mark.parametrize("target, field, says", [
    ('statistic = "busiest_store_orders_a_day"', "targets[0].statistic",
     "unknown statistic 'busiest_store_orders_a_day'"),
    ('statistic = "store_days_over_share"', "targets[0].arguments.orders",
     "needs arguments = { orders = ... }"),
    ('statistic = "store_days_over_share"\narguments = { orders = -1 }',
     "targets[0].arguments.orders", "must be at least 0"),
    ('statistic = "store_days_over_share"\narguments = { orders = 2.5 }',
     "targets[0].arguments.orders", "must be a whole number"),
    ('statistic = "store_orders_per_day_max"\narguments = { day = 1 }',
     "targets[0].arguments.day", "takes no argument 'day'; allowed: none"),
    ('kpi = "channel_open_minutes_min"\nstatistic = "store_orders_per_day_max"', "targets[0]",
     "either kpi"),
])
def test_a_bad_statistic_target_is_said_where_and_what_is_allowed(tmp_path, capsys, target, field,
                                                                  says):
    problems = problems_of(tmp_path, capsys, target)
    file = str(tmp_path / "fit.toml")
    assert any(p.startswith(f"{file}:") and field in p and says in p for p in problems), problems


def test_an_unknown_statistic_lists_the_statistics_allowed(tmp_path, capsys):
    problems = problems_of(tmp_path, capsys, 'statistic = "no_such"')
    said = " ".join(problems)
    assert all(name in said for name in STATISTICS)
    assert "store_days_over_share (arguments = { orders = N })" in said


def test_a_statistic_target_is_simulated_from_the_run_s_order_log(tmp_path):
    """The tiny town's runs: the statistic's figure is the one its order log gives, and a
    statistic and a KPI can stand side by side."""
    from sim.apps.calibrate.simulation import PointModel
    from sim.apps.calibrate.spec import load_calibration_spec

    text = calibration_text(25.0) + """
[[targets]]
statistic = "store_orders_per_day_max"
value = 10
tolerance = 5

[[targets]]
statistic = "store_days_over_share"
arguments = { orders = 0 }
value = 1
tolerance = 0.1
"""
    loaded = load_calibration_spec(write_calibration(tmp_path, text.replace("horizon_days = 0.1",
                                                                            "horizon_days = 0.5")))
    figures = PointModel.of(loaded)({"command_centre.reach_area_minutes.high": 10.0})
    assert set(figures) == {"channel_open_minutes_min", "store_orders_per_day_max",
                            "store_days_over_share(orders=0)"}
    assert figures["store_orders_per_day_max"] >= 1
    assert figures["store_days_over_share(orders=0)"] == 1.0
