"""What kind of quantity a KPI is, read from its name: a share in [0, 1], or a count, amount
or time that cannot fall below 0; and its unit.

KPI keys carry their unit (`_minutes`, `_hours`, `_kg`, `_share`, ...), so the name is enough;
`sim/core/kpi_registry.py` declares every KPI's unit too, and a test holds the two to agree.
Sweeps and comparisons ask here, in one place, how to bound a KPI's confidence interval
(`sim/apps/sweep/intervals.py`) and which indifference zone a comparison gives a KPI whose spec
names none (`sim/apps/compare/indifference.py`). Every KPI of `kpis.json` counts, sums, times or
divides something, so none can be negative: a name that no rule below knows is a count. A
difference of two runs' KPIs is unbounded (a share's lies in [-1, 1]); that is the interval's
business, not the KPI's kind.
"""

from __future__ import annotations

from dataclasses import dataclass

SHARE = "share"  # in [0, 1]: fill rates, utilizations, shares of orders, households, calls
NON_NEGATIVE = "non_negative"  # counts, amounts, times: 0 or more, no upper bound

_SHARE_ENDINGS = ("_share", "_utilization")
_SHARE_BEGINNINGS = ("fill_rate", "need_fill_rate", "lead_time_share_")


@dataclass(frozen=True)
class KpiKind:
    """`kind`: SHARE or NON_NEGATIVE; `unit`: what one of it is, as the README's KPI table
    says (minutes, hours, household-days, kg, yuan, orders, households, ..., count)."""

    kind: str
    unit: str


def is_share(kpi: str) -> bool:
    """Whether a KPI is a share in [0, 1] (its confidence intervals stay inside)."""
    return kpi.endswith(_SHARE_ENDINGS) or kpi.startswith(_SHARE_BEGINNINGS)


def kpi_kind(kpi: str) -> KpiKind:
    """The KPI's kind and unit from its key; the first rule that fits decides
    (`orders_delivered_within_120_minutes_share` is a share, not minutes)."""
    if is_share(kpi):
        return KpiKind(SHARE, "share")
    return KpiKind(NON_NEGATIVE, _unit(kpi))


def _unit(kpi: str) -> str:
    words = kpi.split("_")
    if "minutes" in words:
        return "minutes"
    if "hours" in words:
        return "hours"
    if kpi.endswith("_per_locked_person_day"):
        return "kg per person-day" if "kg" in words else "per person-day"
    if "person" in words and "days" in words:
        return "person-days"
    if "household" in words and "days" in words:
        return "household-days"
    if "days" in words:
        return "days"
    if "kg" in words:
        return "kg"
    if kpi.startswith("depot_cost_"):
        return "yuan"
    if "units" in words:
        return "units"
    if "households" in words:
        return "households"
    if "orders" in words:
        return "orders"
    return "count"  # couriers, trips, stores, villages, calls, rounds, panics
