"""The indifference zone of each KPI of a comparison: the spec's `indifference`, or else a
default from the KPI's unit (`sim/core/kpi_kinds.py`), and how the report names it.

A best subset of one policy reads as a verdict ("this one is the best"). With no zone, a margin
of a fraction of a minute that the common random numbers made consistent is enough for that;
no planner would choose on it. So every KPI has a zone, and a best subset of one whose margin
over the runner-up is inside it is reported as a tie among the policies within the zone of the
best (`tie_among`).

The defaults (DEFAULT_ZONES, one table):
- minutes: 5 minutes. The source reports times to the quarter hour (channels open within 15
  minutes) and the half hour (urgent medicine within 30 minutes); a third of the finer one is
  below what a dispatcher could act on, and lead times run to hours.
- shares: 0.01, one percentage point: the precision a planner quotes a fill rate or a share of
  households in, and what 1 in 100 orders or households is.
- everything else (orders, households, household-days, person-days, kg, yuan, hours summed over
  stores, units, counts): 1% of the baseline's mean under the condition, as these scale with
  the town and the horizon; where the baseline's mean is 0, 1% of the largest mean of any
  policy (a zone of 0 would make every consistent difference a verdict again).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.apps.compare.numbers import short_number
from sim.core.i18n import N_
from sim.core.kpi_kinds import kpi_kind


@dataclass(frozen=True)
class DefaultZone:
    """`amount` in the KPI's unit, or with `relative` a fraction of the baseline's mean."""

    amount: float
    relative: bool = False


DEFAULT_ZONES = {"minutes": DefaultZone(5.0), "share": DefaultZone(0.01)}
RELATIVE_ZONE = DefaultZone(0.01, relative=True)  # every other unit

# the units' names in a report (kpi_kinds' units; the CSV keeps them in English)
UNIT_NAMES = {"minutes": N_("minutes"), "share": N_("shares"), "hours": N_("hours"),
              "kg per person-day": N_("kg per person-day"), "per person-day": N_("per person-day"),
              "person-days": N_("person-days"), "household-days": N_("household-days"),
              "days": N_("days"), "kg": N_("kg"), "yuan": N_("yuan"), "units": N_("units"),
              "households": N_("households"), "orders": N_("orders"), "count": N_("counts")}


@dataclass(frozen=True)
class Zone:
    """The zone a KPI's best subset used: its `value` in the KPI's unit, and whether it came
    from the spec or is the default for `unit`."""

    value: float
    from_spec: bool
    unit: str

    @property
    def source(self) -> str:
        """best.csv's `indifference_source`: `spec` or `default for <unit>`."""
        return "spec" if self.from_spec else f"default for {self.unit}"


def default_rule(kpi: str) -> DefaultZone:
    """The default zone of a KPI whose spec gives none, by its unit."""
    return DEFAULT_ZONES.get(kpi_kind(kpi).unit, RELATIVE_ZONE)


def indifference_zone(kpi: dict, baseline_mean: float, means) -> Zone:
    """The zone of `kpi` (a spec KPI: name, goal, indifference or None) under a condition
    where the baseline's mean is `baseline_mean` and the policies' means are `means`."""
    unit = kpi_kind(kpi["name"]).unit
    if kpi.get("indifference") is not None:
        return Zone(float(kpi["indifference"]), True, unit)
    rule = default_rule(kpi["name"])
    if not rule.relative:
        return Zone(rule.amount, False, unit)
    scale = abs(baseline_mean) if baseline_mean == baseline_mean and baseline_mean != 0 else (
        max((abs(m) for m in means if m == m), default=0.0))
    return Zone(rule.amount * scale, False, unit)


def tie_among(means: dict, best, subset: list, zone: float, goal: str) -> list:
    """The policies tied with the best when the subset is the best alone and the runner-up's
    mean is within `zone` of it: every policy whose mean is; else [] (no tie)."""
    if len(subset) != 1 or len(means) < 2:
        return []
    sign = 1.0 if goal == "max" else -1.0
    behind = {p: sign * (means[best] - m) for p, m in means.items()}  # >= 0: how far behind
    runner_up = min(v for p, v in behind.items() if p != best)
    if runner_up > zone:
        return []
    return [p for p in means if behind[p] <= zone]


def zone_text(kpi: str, value: float, from_spec: bool, tr) -> str:
    """'5 (default for minutes)' or '15 (from the spec)', in the report's language."""
    if from_spec:
        return tr("{value} (from the spec)").format(value=short_number(value))
    unit = tr(UNIT_NAMES.get(kpi_kind(kpi).unit, kpi_kind(kpi).unit))
    if default_rule(kpi).relative:
        return tr("{value} (default for {unit}: {share} of the baseline's mean)").format(
            value=short_number(value), unit=unit, share=_percent(default_rule(kpi).amount))
    return tr("{value} (default for {unit})").format(value=short_number(value), unit=unit)


def rule_text(kpi: str, tr) -> str:
    """The default zone of a KPI as a rule, before any run: '5 (default for minutes)' or
    '1% of the baseline's mean (default for orders)'."""
    rule = default_rule(kpi)
    unit = tr(UNIT_NAMES.get(kpi_kind(kpi).unit, kpi_kind(kpi).unit))
    if rule.relative:
        return tr("{share} of the baseline's mean (default for {unit})").format(
            share=_percent(rule.amount), unit=unit)
    return tr("{value} (default for {unit})").format(value=short_number(rule.amount), unit=unit)


def _percent(fraction: float) -> str:
    """Kept out of the messages' text: gettext tools read "1% o" as a placeholder."""
    return f"{fraction:.0%}"
