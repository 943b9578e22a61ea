"""A town small enough to calibrate in seconds (one village of 40 people, a tenth of a day),
and calibration files on it: the command centre's slowest time to reach the area
(`command_centre.reach_area_minutes.high`) moves the channels' opening minute in a straight
line, so figures simulated at a known value pin that value down."""

from __future__ import annotations

from pathlib import Path

TINY_TOWN = """
[run]
name = "tiny-town"
start = 2022-11-10T00:00:00
horizon_days = 0.1
tick_minutes = 60
seed = 1

[[villages]]
name = "V0"
x_km = 0.0
y_km = 0.0
population = 40
gate_volunteers = 2

[ledger]
surveyed = true
stores = [
    { id = "SUP-0", village = "V0", kind = "supermarket", floor_m2 = 100 },
    { id = "VEG-0", village = "V0", kind = "vegetable_shop", floor_m2 = 100 },
    { id = "PHA-0", village = "V0", kind = "pharmacy", floor_m2 = 100 },
    { id = "CAT-0", village = "V0", kind = "catering", floor_m2 = 100 },
]

[[lockdowns]]
village = "V0"
start_day = 0.0

[couriers]
whitelist_size = 2
"""

FITTED_PATH = "command_centre.reach_area_minutes.high"
PRIOR_LOW, PRIOR_HIGH = 3.0, 40.0
KNOWN_VALUE = 20.0


def calibration_text(observed: float, method: str = "abc-smc", extra: str = "",
                     tolerance: float = 1.0) -> str:
    work = ("population_size = 12\nmax_populations = 3" if method == "abc-smc"
            else "trials = 20")
    return f"""
base_scenario = "tiny-town.toml"
method = "{method}"
root_seed = 7
horizon_days = 0.1
seeds_per_particle = 1
{work}
{extra}

[[parameters]]
path = "{FITTED_PATH}"
low = {PRIOR_LOW}
high = {PRIOR_HIGH}

[[targets]]
kpi = "channel_open_minutes_min"
value = {observed}
tolerance = {tolerance}
"""


def write_calibration(folder: Path, text: str, name: str = "fit") -> Path:
    (folder / "tiny-town.toml").write_text(TINY_TOWN, encoding="utf-8")
    spec = folder / f"{name}.toml"
    spec.write_text(text, encoding="utf-8")
    return spec


def observed_at_known_value(folder: Path) -> float:
    """The opening minute the tiny town's runs give at the known value (the calibration's
    own seeds)."""
    from sim.apps.calibrate.simulation import PointModel
    from sim.apps.calibrate.spec import load_calibration_spec

    probe = write_calibration(folder, calibration_text(0.0), name="probe")
    model = PointModel.of(load_calibration_spec(probe))
    return model({FITTED_PATH: KNOWN_VALUE})["channel_open_minutes_min"]
