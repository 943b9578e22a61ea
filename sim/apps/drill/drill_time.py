"""A time in a drill given on the command line (a branch's `--from`): days since the start
or the scenario's local date and time, turned into the run's minutes."""

from __future__ import annotations

import datetime as dt

from sim.apps.drill.loading import Drill
from sim.core.units import MINUTES_PER_DAY
from sim.inputs.scenario_loading import Problem, ScenarioError


def parse_drill_time(text: str, drill: Drill, origin: str = "--from") -> float:
    """A time in the drill as minutes: days since the start (`2.5`) or a date and time
    (`2022-11-12T19:30`)."""
    start = drill.scenario.run.start
    try:
        minute = float(text) * MINUTES_PER_DAY
    except ValueError:
        try:
            at = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ScenarioError([Problem(origin, None, "time", f"{text!r} is neither days since the "
                                         f"start (e.g. 2.5) nor a date and time "
                                         f"(e.g. {start:%Y-%m-%dT%H:%M})")]) from None
        if at.tzinfo is not None:
            raise ScenarioError([Problem(origin, None, "time", f"{text!r} has a time zone; the "
                                         f"scenario's clock is local time: write it without one "
                                         f"(e.g. {start:%Y-%m-%dT%H:%M})")]) from None
        minute = (at - start).total_seconds() / 60
    if not 0 <= minute < drill.scenario.horizon_minutes:
        raise ScenarioError([Problem(origin, None, "time", f"{text!r} is outside the drill "
                                     f"(day 0 to {drill.scenario.run.horizon_days:g})")])
    return minute


def drill_clock(drill: Drill, minute: float) -> str:
    """The scenario's local date and time of a minute in the drill, as the table reads it."""
    return (drill.scenario.run.start + dt.timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M")
