"""One run of a scenario on one seed, giving each target's figure: a KPI from the run's KPIs,
a statistic (`output_statistics.py`) from the outputs the run leaves.

The households' days below their energy need are not kept by a run (its pantries keep running
totals only), so for a statistic that needs them the run is probed at each asked day's
midnights: every household's totals then, differenced, are its day.
"""

from __future__ import annotations

from sim.apps.calibrate.output_statistics import STATISTICS, RunOutputs, statistic_value
from sim.apps.calibrate.spec import Target
from sim.engine import call_later
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.scenario import Scenario


def needs_order_log(targets) -> bool:
    return any(t.statistic is not None for t in targets)


def with_order_log(scenario: Scenario, targets) -> Scenario:
    """The scenario, keeping its order log when a target is a statistic of it."""
    if needs_order_log(targets) and not scenario.run.order_log:
        return scenario_with_overrides(scenario, {"run.order_log": True})
    return scenario


def probed_days(targets) -> list[int]:
    return sorted({int(t.arguments["day"]) for t in targets if t.statistic is not None
                   and STATISTICS[t.statistic].needs_household_days})


class _HouseholdProbe:
    """Each household's minutes eating and below its energy need, taken at the midnights
    around each probed day."""

    def __init__(self, model, days: list[int]):
        self.model = model
        self.days = days
        self.taken: dict[int, dict[int, tuple[float, float]]] = {}
        for minute in sorted({model.clock.day_start_minute(d + k) for d in days for k in (0, 1)}):
            if minute >= 0:
                call_later(model.env, minute, lambda _w, m=minute: self._take(m))

    def _take(self, minute: float) -> None:
        totals = {}
        for village in self.model.villages.values():
            for h in village.households:
                pantry = h.pantry
                pending = pantry.pending(minute)
                totals[h.household_id] = (pantry.tally.person_minutes + pending.person_minutes,
                                          pantry.tally.minutes_below_energy_need
                                          + pending.minutes_below_energy_need)
        self.taken[minute] = totals

    def rows(self) -> list[dict]:
        clock, rows = self.model.clock, []
        for d in self.days:
            start, end = clock.day_start_minute(d), clock.day_start_minute(d + 1)
            if end not in self.taken:
                continue  # the run ended before the day did
            before = self.taken.get(start, {})
            for household, (eating, below) in self.taken[end].items():
                eating0, below0 = before.get(household, (0.0, 0.0))
                rows.append({"household": household, "day": d, "minutes_eating": eating - eating0,
                             "minutes_below_energy_need": below - below0})
        return rows


def target_figures(scenario: Scenario, targets: tuple[Target, ...] | list[Target],
                   seed: int) -> dict[str, float]:
    """Each target's figure in one run of `scenario` (which keeps its order log when a target
    is a statistic: `with_order_log`) on `seed`; None for a KPI the run did not report."""
    import pandas as pd

    from sim.model.town_model import TownModel

    model = TownModel(scenario, seed=seed)
    days = probed_days(targets)
    probe = _HouseholdProbe(model, days) if days else None
    kpis = model.run_episode()
    figures = {t.name: kpis.get(t.kpi) for t in targets if t.kpi is not None}
    if not needs_order_log(targets):
        return figures
    stats = model.stats
    outputs = RunOutputs(
        orders=model.platform.order_log.to_pandas(),
        overnight_restocks=pd.DataFrame(stats.overnight_restocks, columns=["store", "day", "kg"]),
        channel_open_minutes=dict(stats.channel_open_minutes),
        start_minute_of_day=model.clock.start_minute_of_day)
    if probe is not None:
        outputs.household_days = pd.DataFrame(
            probe.rows(), columns=["household", "day", "minutes_eating", "minutes_below_energy_need"])
    for t in targets:
        if t.statistic is not None:
            figures[t.name] = statistic_value(t.statistic, t.arguments, outputs)
    return figures
