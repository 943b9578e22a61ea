"""PNG plots of each KPI against each swept parameter: mean with 95% CI error bars, one line
per policy (other parameters averaged over)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.apps.sweep.intervals import kpi_interval  # noqa: E402
from sim.core.i18n import N_, translator  # noqa: E402

ENGLISH = translator("en")

# Units by the last word(s) of a KPI or parameter name; names carry their units by rule.
_UNITS = (
    ("whitelist_size", "couriers"), ("_minutes_mean", "minutes"), ("_minutes_p50", "minutes"),
    ("_minutes_p90", "minutes"), ("_minutes_min", "minutes"), ("_minutes_median", "minutes"),
    ("_minutes_max", "minutes"), ("_minutes", "minutes"), ("_hours", "hours"), ("_days", "days"),
    ("_days_at_lockdown", "days"),
    ("_kg_max", "kg"), ("_kg", "kg"), ("_km", "km"), ("_m2", "m²"), ("_share", "fraction 0–1"),
    ("_probability_per_day", "per day"), ("_probability", "fraction 0–1"),
    ("_rate", "fraction 0–1"), ("_utilization", "fraction 0–1"), ("_per_day_max", "orders/day"),
    ("_units", "units"), ("_per_h", "km/h"), ("_orders", "orders"), ("_persons", "persons"),
)


_UNITS_BY_PREFIX = (("depot_cost_", "yuan"), ("orders_", "orders"), ("courier_trips", "trips"),
                    ("couriers_", "couriers"),
                    ("urgent_requests", "requests"), ("stores_", "stores"),
                    ("villages_", "villages"), ("households_", "households"))


def unit_of(name: str) -> str:
    leaf = name.rsplit(".", 1)[-1]
    for prefix, unit in _UNITS_BY_PREFIX:
        if leaf.startswith(prefix) and not leaf.endswith(("_minutes", "_share")):
            return unit
    for suffix, unit in _UNITS:
        if leaf.endswith(suffix) or leaf == suffix.strip("_"):
            return unit
    return "count"


# the units as the catalogue knows them (an axis shows its unit in the plot's language)
UNIT_NAMES = (N_("couriers"), N_("minutes"), N_("hours"), N_("days"), N_("kg"), N_("km"), N_("m²"),
              N_("fraction 0–1"), N_("per day"), N_("orders/day"), N_("units"), N_("km/h"),
              N_("orders"), N_("persons"), N_("yuan"), N_("trips"), N_("requests"), N_("stores"),
              N_("villages"), N_("households"), N_("count"))


def axis_label(name: str, tr=ENGLISH) -> str:
    """`name (unit)`: the name is a key and stays as it is; the unit is in `tr`'s language."""
    return tr("{name} ({unit})").format(name=name, unit=tr(unit_of(name)))


def plot_kpi_against(runs: pd.DataFrame, kpi: str, parameter: str, policies: list[str],
                     path: Path, sweep_name: str, parameters: list[str] | None = None,
                     tr=ENGLISH) -> Path:
    """One PNG: x = `parameter`, y = mean of `kpi` with its 95% CI, a line per policy; its
    words in the language of `tr` (names of KPIs and parameters stay as they are)."""
    finished = runs[runs["status"] == "finished"]
    series_by = [p for p in policies if p != parameter]
    column = finished[parameter]
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    groups = finished.groupby(series_by, sort=True) if series_by else [((), finished)]
    for key, group in groups:
        xs, means, lows, highs = [], [], [], []
        for x, at_x in group.groupby(parameter, sort=True):
            n, mean, _sd, low, high = kpi_interval(
                at_x[kpi].to_numpy(dtype=float, na_value=np.nan), kpi)
            if n == 0:
                continue
            xs.append(x if numeric else str(x))  # options on a categorical axis
            means.append(mean)
            lows.append(mean - low if n > 1 else 0.0)
            highs.append(high - mean if n > 1 else 0.0)
        if not xs:
            continue
        key = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{p}={v}" for p, v in zip(series_by, key, strict=True)) or None
        ax.errorbar(xs, means, yerr=[lows, highs], marker="o", capsize=4,
                    linestyle="-" if len(xs) < 30 else "none", label=label)
    if _spans_decades(finished[parameter]):
        ax.set_xscale("log")
    x_label = (axis_label(parameter, tr) if numeric
               else tr("{parameter} (option)").format(parameter=parameter))
    ax.set_xlabel(x_label + (tr(", log scale") if ax.get_xscale() == "log" else ""))
    ax.set_ylabel(axis_label(kpi, tr))
    pooled = [p for p in (parameters or []) if p != parameter and p not in series_by]
    over = (tr("replications\nand the levels of {parameters}").format(parameters=", ".join(pooled))
            if pooled else tr("replications"))
    ax.set_title(tr("{kpi} vs {parameter}\n{sweep}: mean and 95% CI over {over}").format(
        kpi=kpi, parameter=parameter, sweep=sweep_name, over=over), fontsize="medium")
    ax.grid(True, alpha=0.3)
    if series_by:
        ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _spans_decades(values: pd.Series) -> bool:
    """Levels like 2, 5, 10, 25, 200 read better on a log axis."""
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    low, high = values.min(), values.max()
    return bool(low > 0 and high / low >= 20)
