"""Statistics of a run's outputs that a calibration may hold to observed figures, beside the
KPIs: `[[targets]] statistic = "NAME"` with its `arguments = { ... }`.

A source rarely reports exactly a KPI: it says "about 200 orders a day" at the busiest store
(a typical day, not its peak) or "3,000 kg overnight" at one named store. These statistics read
what a run leaves behind (`RunOutputs`: the order log, each night's restock per store, the
minutes each village waited for its channels, each household's day below its energy need), so
each is a small function of tables a test can write by hand.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from sim.core.units import MINUTES_PER_DAY


@dataclass
class RunOutputs:
    """What one run leaves that the statistics read.

    orders: the order log (at least `store` and `placed_minute`; an order no store took has
        store ""). overnight_restocks: one row per store per night it ordered (`store`, `day`,
        `kg`). channel_open_minutes: per locked village, the minutes from its lockdown until
        all its standard channels were open. household_days: per household and probed day
        (`household`, `day`, `minutes_eating`, `minutes_below_energy_need`).
    start_minute_of_day: the minute of the day the run starts at (days are calendar days
        counted from the run's first, 0 first, as `busiest_store_day`)."""

    orders: pd.DataFrame
    overnight_restocks: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["store", "day", "kg"]))
    channel_open_minutes: dict[str, float] = field(default_factory=dict)
    household_days: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["household", "day", "minutes_eating", "minutes_below_energy_need"]))
    start_minute_of_day: float = 0.0


@dataclass(frozen=True)
class Argument:
    """An argument of a statistic: a whole number or a number, at least `minimum`; one with
    `required = False` may be left out (a store's id is text)."""

    kind: type
    what: str
    minimum: float | None = None
    required: bool = True

    def problem(self, value) -> str | None:
        if self.kind is str:
            return None if isinstance(value, str) and value else "a store's id, as text"
        if isinstance(value, bool) or not isinstance(value, int | float) or \
                (self.kind is int and not isinstance(value, int)):
            return "a whole number" if self.kind is int else "a number"
        if self.minimum is not None and value < self.minimum:
            return f"at least {self.minimum:g}"
        return None


@dataclass(frozen=True)
class OutputStatistic:
    name: str
    what: str  # what it measures, with its unit
    compute: Callable[[RunOutputs, dict], float]
    arguments: dict[str, Argument] = field(default_factory=dict)
    needs_household_days: bool = False

    def usage(self) -> str:
        """How a target names it, e.g. `store_days_over_share` with `arguments = { orders = N }`."""
        if not self.arguments:
            return self.name
        args = ", ".join(f"{k} = {'...' if a.kind is str else 'N'}" + ("" if a.required else " (optional)")
                         for k, a in self.arguments.items())
        return f"{self.name} (arguments = {{ {args} }})"


def orders_per_store_day(outputs: RunOutputs) -> pd.DataFrame:
    """Orders each store took each calendar day it took any (`store`, `day`, `orders`), by the
    minute each was placed."""
    orders = outputs.orders
    orders = orders[orders["store"].astype(str) != ""]
    if orders.empty:
        return pd.DataFrame({"store": [], "day": [], "orders": []})
    day = ((orders["placed_minute"] + outputs.start_minute_of_day) // MINUTES_PER_DAY).astype(int)
    day.name = "day"
    return orders.groupby([orders["store"], day]).size().reset_index(name="orders")


def busiest_store(store_days: pd.DataFrame) -> str:
    """The store that took the most orders over the run (the first id on a tie)."""
    totals = store_days.groupby("store")["orders"].sum()
    return str(totals[totals == totals.max()].index.sort_values()[0])


def busiest_store_orders_per_day_median(outputs: RunOutputs, _args: dict) -> float:
    days = orders_per_store_day(outputs)
    if days.empty:
        return math.nan
    return float(days.loc[days["store"] == busiest_store(days), "orders"].median())


def store_orders_per_day_max(outputs: RunOutputs, _args: dict) -> float:
    days = orders_per_store_day(outputs)
    return float(days["orders"].max()) if not days.empty else math.nan


def store_days_over_share(outputs: RunOutputs, args: dict) -> float:
    days = orders_per_store_day(outputs)
    if days.empty:
        return math.nan
    return float((days["orders"] > args["orders"]).mean())


def channel_open_minutes_median(outputs: RunOutputs, _args: dict) -> float:
    minutes = list(outputs.channel_open_minutes.values())
    return float(pd.Series(minutes).median()) if minutes else math.nan


def households_below_energy_need_share(outputs: RunOutputs, args: dict) -> float:
    days = outputs.household_days
    eating = days[(days["day"] == args["day"]) & (days["minutes_eating"] > 0)]
    if eating.empty:
        return math.nan
    return float((eating["minutes_below_energy_need"] > 0).mean())


def overnight_restock_kg_max(outputs: RunOutputs, args: dict) -> float:
    restocks = outputs.overnight_restocks
    if "store" in args:
        restocks = restocks[restocks["store"] == args["store"]]
    return float(restocks["kg"].max()) if not restocks.empty else math.nan


STATISTICS: dict[str, OutputStatistic] = {s.name: s for s in (
    OutputStatistic("busiest_store_orders_per_day_median",
                    "the busiest store's (most orders over the run) median orders a day, over "
                    "the days it took any (orders)", busiest_store_orders_per_day_median),
    OutputStatistic("store_orders_per_day_max",
                    "the most orders any store took in one calendar day (orders)",
                    store_orders_per_day_max),
    OutputStatistic("store_days_over_share",
                    "the share of store-days (a store on a day it took any order) with more "
                    "than `orders` orders (0 to 1)", store_days_over_share,
                    {"orders": Argument(int, "orders a day", minimum=0)}),
    OutputStatistic("channel_open_minutes_median",
                    "the median over locked villages of the minutes from a village's lockdown "
                    "until all its standard ordering channels were open (minutes)",
                    channel_open_minutes_median),
    OutputStatistic("households_below_energy_need_share",
                    "of the households eating from their stock on calendar day `day` (0: the "
                    "run's first), the share that spent any of it below their energy need "
                    "(0 to 1)", households_below_energy_need_share,
                    {"day": Argument(int, "calendar day, 0 the run's first", minimum=0)},
                    needs_household_days=True),
    OutputStatistic("overnight_restock_kg_max",
                    "the largest overnight restock one store (`store`, when given) ordered "
                    "in one night, of the goods counted in kg (kg)",
                    overnight_restock_kg_max,
                    {"store": Argument(str, "a store's id", required=False)}),
)}


def statistic_name(statistic: str, arguments: dict) -> str:
    """A target's column name: the statistic, with its arguments when it has any."""
    if not arguments:
        return statistic
    return f"{statistic}(" + ",".join(f"{k}={arguments[k]}" for k in sorted(arguments)) + ")"


def argument_problems(statistic: OutputStatistic, arguments: dict) -> list[tuple[str, str]]:
    """(argument, what is wrong) for a target's arguments to `statistic`."""
    problems = []
    allowed = ", ".join(statistic.arguments) or "none"
    for key, value in arguments.items():
        spec = statistic.arguments.get(key)
        if spec is None:
            problems.append((key, f"{statistic.name} takes no argument {key!r}; allowed: {allowed}"))
        elif (wrong := spec.problem(value)) is not None:
            problems.append((key, f"{key} ({spec.what}) must be {wrong}; got {value!r}"))
    for key, spec in statistic.arguments.items():
        if spec.required and key not in arguments:
            problems.append((key, f"{statistic.name} needs arguments = {{ {key} = ... }} "
                                  f"({spec.what})"))
    return problems


def statistic_value(statistic: str, arguments: dict, outputs: RunOutputs) -> float:
    return STATISTICS[statistic].compute(outputs, arguments)


def unit_of_statistic(statistic: str) -> str:
    """The unit a statistic's description ends with, in parentheses."""
    what = STATISTICS[statistic].what
    return what[what.rfind("(") + 1:what.rfind(")")]
