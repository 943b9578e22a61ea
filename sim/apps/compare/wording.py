"""The words a comparison's reports and plots share, in the report's language: a verdict
against the baseline, which way a KPI is better, and a KPI's key with its name beside it
(the run report's name of the KPI; the key itself stays English, as in comparison.csv)."""

from __future__ import annotations

from sim.apps.report.run_report import KPI_ROWS
from sim.apps.sweep.intervals import LEVEL  # noqa: F401  (the reports' and plots' name for it)
from sim.core.i18n import N_

VERDICTS = {"better": N_("better"), "worse": N_("worse"), "unclear": N_("unclear")}
GOALS = {"min": N_("lower is better"), "max": N_("higher is better")}
# the run report's KPI names, and those of KPIs a comparison often ranks that it does not show
_KPI_NAMES = {**dict(KPI_ROWS), "courier_trips": N_("courier trips"),
              "lead_time_minutes_mean": N_("lead time, mean (min)"),
              "depot_cost_total": N_("depot cost over the days run (yuan)"),
              "depot_cost_capacity": N_("depot capacity cost over the days run (yuan)"),
              "depot_cost_holding": N_("depot holding cost over the days run (yuan)"),
              "depot_cost_spoilage": N_("depot spoilage cost over the days run (yuan)"),
              "depot_cost_per_year": N_("standing depot's cost a year (yuan)"),
              "depot_cost_per_lockdown": N_("depot cost the lockdown added (yuan)"),
              "depot_cost_year_and_lockdown": N_("depot cost, a year with this lockdown (yuan)"),
              "unmet_energy_person_days": N_("unmet energy need (person-days)")}


def sentences(said: list[str], tr) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    text = said[0] if said else ""
    for sentence in said[1:]:
        text = tr("{sentence} {next}").format(sentence=text, next=sentence)
    return text


def verdict_text(said: str, tr) -> str:
    """'better', 'worse' or 'unclear' in the report's language."""
    return tr(VERDICTS[said])


def goal_text(goal: str, tr) -> str:
    return tr(GOALS[goal])


def kpi_title(key: str, tr) -> str:
    """The KPI's key, and in a translated report its name beside it where the catalogue has
    one (`fill_rate（满足率…）`); an English report shows the key alone."""
    name = _KPI_NAMES.get(key)
    if name is None or tr(name) == name:
        return key
    return tr("{key} ({name})").format(key=key, name=tr(name))
