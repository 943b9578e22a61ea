"""The run's own settings (`[run]`): its name, start, horizon, tick, seed, where random
numbers come from and the language people read. Apart from the town, so a run's length or
seed changes without touching the town."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sim.scenario.section import Section


def _random_numbers_alias(value):
    """`per_household`, the name of entity draws when only households had them, still reads."""
    return "per_entity" if value == "per_household" else value


class RunSettings(Section):
    # the run's name: kpis.json's `scenario` and the start of the run folder's name
    name: str = Field(min_length=1)
    # when the run starts; a lockdown's `start_day` counts from here
    start: dt.datetime = dt.datetime(2022, 11, 10)
    # days simulated
    horizon_days: float = Field(default=14, gt=0, le=366)
    # the reporting tick: the time series takes a row every tick
    tick_minutes: int = Field(default=60, gt=0, le=1440)
    # the root seed every named random stream is drawn from (`--seed` wins)
    seed: int = Field(default=0, ge=0)
    # keep every order in the run folder's orders.parquet
    order_log: bool = True
    # where the draws of households, couriers and store staff come from: each entity's own
    # counter-keyed sequences (common random numbers entity by entity), or shared streams in
    # event order (each village's for its households, one for all couriers, one for all stores)
    random_numbers: Annotated[Literal["per_entity", "per_village"],
                              BeforeValidator(_random_numbers_alias)] = "per_entity"
    # the language of what people read (reports, drill pages) when the command line does not
    # say: "en" or "zh" (sim/core/i18n.py); None: English
    lang: Literal["en", "zh"] | None = None
