"""The KPI table printed at the end of a run or a drill: one aligned line per figure, whole
numbers with thousands separators (a seed is an id, not a quantity)."""

from __future__ import annotations


def print_kpi_table(kpis: dict) -> None:
    width = max(len(k) for k in kpis)
    for key, value in kpis.items():
        if value is None:
            shown = "-"
        elif isinstance(value, int) and not isinstance(value, bool) and key != "seed":
            shown = f"{value:,}"
        else:
            shown = value
        print(f"{key:<{width}}  {shown}")
