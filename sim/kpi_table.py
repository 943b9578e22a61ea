"""The KPI table printed at the end of a run or a drill: one aligned line per figure, whole
numbers with thousands separators (a seed is an id, not a quantity)."""

from __future__ import annotations


def format_kpi(key: str, value) -> str:
    """A KPI's value as the table shows it (the README quotes it the same way)."""
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool) and key != "seed":
        return f"{value:,}"
    return str(value)


def print_kpi_table(kpis: dict) -> None:
    width = max(len(k) for k in kpis)
    for key, value in kpis.items():
        print(f"{key:<{width}}  {format_kpi(key, value)}")
