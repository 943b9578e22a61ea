"""The report's figures, one function per question a command centre asks after a run.

Figures are built with `matplotlib.figure.Figure` (no pyplot, so no global figure state) and
saved as PNG; time axes show dates, every axis says its unit. Each takes `tr`, the gettext
function of the report's language (`sim/core/i18n.py`); its text is the catalogue's English.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure

from sim.apps.report.date_axis import date_formatter, day_time_label
from sim.apps.report.run_view import RunView
from sim.core.i18n import N_, language_of, translator

ENGLISH = translator("en")

DPI = 110
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22"]


def _time_axis(ax, view: RunView, tr=ENGLISH) -> None:
    """Dates on the x axis, written as the language of `tr` writes them (`11月10日`)."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(date_formatter(locator, language_of(tr)))
    ax.set_xlim(view.to_datetime(0.0), view.to_datetime(view.horizon_minutes))
    ax.grid(True, alpha=0.3)


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, dpi=DPI)
    return path


def _inject_band(ax, view: RunView, marks: list[tuple[float, str]], tr=ENGLISH) -> None:
    """A strip above the timeline: one slanted label per inject, so close injects stay legible."""
    for minute, label in marks:
        t = view.to_datetime(minute)
        ax.axvline(t, color="#555555", lw=0.8, ls=":")
        ax.text(t, 0.02, " " + label, rotation=60, fontsize=7.5, ha="left", va="bottom",
                rotation_mode="anchor", color="#222222")
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_title(tr("Injects (dotted lines)"), fontsize=9, loc="left")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    _time_axis(ax, view, tr)
    ax.grid(False)


def lockdown_timeline(view: RunView, path: Path, marks: list[tuple[float, str]] = (),
                      tr=ENGLISH) -> Path:
    """Each village's lockdown as a bar; dots where each ordering channel opened."""
    spans = view.spans
    villages = list(dict.fromkeys(s.village for s in spans))
    marks = list(marks)
    height = 1.6 + 0.7 * max(1, len(villages))
    fig = Figure(figsize=(11, height + (1.6 if marks else 0)), layout="constrained")
    if marks:
        band, ax = fig.subplots(2, 1, sharex=True, height_ratios=[1.6, height])
        _inject_band(band, view, marks, tr)
    else:
        ax = fig.add_subplot()
    kinds = sorted({k for s in spans for k in s.channel_open_minutes})
    colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    for span in spans:
        y = villages.index(span.village)
        end = span.released_minute if span.released_minute is not None else view.horizon_minutes
        start_t, end_t = view.to_datetime(span.locked_minute), view.to_datetime(end)
        ax.barh(y, mdates.date2num(end_t) - mdates.date2num(start_t), left=mdates.date2num(start_t),
                height=0.5, color="#f2c4c4", edgecolor="#b03030")
        opened = [m for m in span.channel_open_minutes.values()]
        if opened:
            last = max(opened) - span.locked_minute
            ax.annotate(tr("locked {time}; all channels open after {minutes:.1f} min").format(
                time=day_time_label(start_t, language_of(tr)), minutes=last),
                        (mdates.date2num(start_t), y + 0.3), fontsize=8, va="bottom")
        for kind, minute in span.channel_open_minutes.items():
            ax.plot(view.to_datetime(minute), y, "o", color=colours[kind], ms=5)
    for kind in kinds:
        ax.plot([], [], "o", color=colours[kind],
                label=tr("{kind} channel open").format(kind=tr(kind.replace('_', ' '))))
    if not spans:
        ax.text(0.5, 0.5, tr("no village was locked in this run"), ha="center", va="center",
                transform=ax.transAxes)
    ax.set_yticks(range(len(villages)), [view.show_name(v) for v in villages])
    ax.set_ylim(-0.6, len(villages) - 0.1)
    ax.invert_yaxis()
    _time_axis(ax, view, tr)
    for minute, _ in marks:
        ax.axvline(view.to_datetime(minute), color="#555555", lw=0.8, ls=":")
    ax.set_title(tr("Lockdowns (bars) and ordering channels opening (dots)"))
    ax.set_xlabel(tr("date and time (local)"))
    if kinds:
        ax.legend(loc="lower right", fontsize=8, ncols=min(4, len(kinds)))
    return _save(fig, path)


def orders_by_village(view: RunView, path: Path, tr=ENGLISH) -> Path:
    """Orders placed and delivered (cumulative) and orders waiting, per village."""
    ts = view.timeseries
    villages = [c[len("village_"):-len("_placed")] for c in ts.columns
                if c.startswith("village_") and c.endswith("_placed")]
    villages = [v for v in villages if ts[f"village_{v}_placed"].iloc[-1] > 0] or villages[:1]
    fig = Figure(figsize=(11, 7), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    t = view.to_datetime(ts["minute"])
    for i, v in enumerate(villages):
        colour, shown = PALETTE[i % len(PALETTE)], view.show_name(v)
        top.plot(t, ts[f"village_{v}_placed"], color=colour, label=tr("{village}: placed").format(village=shown))
        top.plot(t, ts[f"village_{v}_delivered"], color=colour, ls="--",
                 label=tr("{village}: delivered").format(village=shown))
        bottom.plot(t, ts[f"village_{v}_open"], color=colour, label=shown)
    top.set_title(tr("Orders placed (solid) and delivered (dashed), cumulative, per village"))
    top.set_ylabel(tr("orders (cumulative)"))
    top.legend(fontsize=8, ncols=2)
    bottom.set_title(tr("Orders waiting (placed, not yet delivered or cancelled), per village"))
    bottom.set_ylabel(tr("orders waiting"))
    bottom.set_xlabel(tr("date and time (local)"))
    bottom.legend(fontsize=8)
    for ax in (top, bottom):
        _time_axis(ax, view, tr)
        ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))
    return _save(fig, path)


def lead_time_distribution(view: RunView, path: Path, tr=ENGLISH) -> Path:
    """How long households waited from order to doorstep."""
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.add_subplot()
    if view.lead_time_bins:
        starts = np.array([b for b, _ in view.lead_time_bins])
        counts = np.array([n for _, n in view.lead_time_bins])
        width = 5.0
        edges = np.arange(0, starts.max() + 2 * width, width)
        hist, _ = np.histogram(starts, bins=edges, weights=counts)
        ax.bar(edges[:-1], hist, width=width, align="edge", color="#1f77b4", edgecolor="white")
        for key, label, style in (("lead_time_minutes_p50", tr("median"), "-"),
                                  ("lead_time_minutes_p90", tr("90th percentile"), "--")):
            value = view.kpis.get(key)
            if value is not None:
                ax.axvline(value, color="#d62728", ls=style,
                           label=tr("{label}: {minutes:.0f} min").format(label=label, minutes=value))
        if view.kpis.get("lead_time_minutes_p50") is not None:
            ax.legend()
    else:
        ax.text(0.5, 0.5, tr("no order delivered"), ha="center", va="center", transform=ax.transAxes)
    ax.set_title(tr("Lead time: order placed to delivered at the door"))
    ax.set_xlabel(tr("lead time (minutes, 5-minute bins)"))
    ax.set_ylabel(tr("orders delivered"))
    ax.grid(True, alpha=0.3)
    return _save(fig, path)


def stock_at_busiest_stores(view: RunView, path: Path, tr=ENGLISH) -> Path:
    """Shelf stock by category at the stores that took the most orders."""
    ts = view.timeseries
    stores = view.busiest_stores or []
    n = max(1, len(stores))
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig = Figure(figsize=(11, 3.2 * rows + 0.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, squeeze=False)).ravel()
    t = view.to_datetime(ts["minute"])
    for ax, (store_id, kind, categories) in zip(axes, stores, strict=False):
        for i, c in enumerate(categories):
            col = f"store_{store_id}_stock_{c}"
            if col in ts:
                ax.plot(t, ts[col], color=PALETTE[i % len(PALETTE)],
                        label=f"{tr(c.replace('_', ' '))} ({tr(view.category_units.get(c, 'units'))})")
        ax.set_title(tr("{store} ({kind})").format(store=view.show_name(store_id), kind=tr(kind.replace('_', ' '))),
                     fontsize=10)
        ax.set_ylabel(tr("on the shelf (units as in the legend)"), fontsize=8)
        ax.legend(fontsize=7)
        _time_axis(ax, view, tr)
    for ax in axes[len(stores):]:
        ax.set_visible(False)
    if not stores:
        axes[0].set_visible(True)
        axes[0].text(0.5, 0.5, tr("no store took orders"), ha="center", transform=axes[0].transAxes)
        axes[0].set_xticks([])
        axes[0].set_yticks([])
    fig.suptitle(tr("Stock by category at the busiest stores (blank while a store serves no locked village)"))
    return _save(fig, path)


def couriers_by_state(view: RunView, path: Path, tr=ENGLISH) -> Path:
    """Whitelisted couriers idle, off duty, kept away (locked in at home or isolating as a
    contact), onboarding and removed; below, on trips and at their daily test."""
    ts = view.timeseries
    t = view.to_datetime(ts["minute"])
    fig = Figure(figsize=(11, 6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    for col, label, colour in (("couriers_idle", N_("idle (waiting for a batch)"), "#2ca02c"),
                               ("couriers_off_duty", N_("off duty (outside the shift, break, day's limit)"), "#7f7f7f"),
                               ("couriers_locked_in", N_("locked in (home village sealed)"), "#8c564b"),
                               ("couriers_isolating", N_("isolating (close contact)"), "#e377c2"),
                               ("couriers_removed", N_("removed (exposed / quarantined)"), "#d62728"),
                               ("couriers_onboarding", N_("onboarding (new on the whitelist)"), "#9467bd")):
        if col in ts:
            top.plot(t, ts[col], color=colour, label=tr(label))
    for col, label, colour in (("couriers_on_trip", N_("on a trip"), "#1f77b4"),
                               ("couriers_testing", N_("at the daily test"), "#ff7f0e")):
        if col in ts:
            bottom.step(t, ts[col], where="post", color=colour, label=tr(label))
    top.set_title(tr("Couriers off trips: idle, off duty, kept away, removed, onboarding (end of each hour)"))
    bottom.set_title(tr("Couriers on a trip or at their daily test (at the end of each hour)"))
    for ax in (top, bottom):
        ax.set_ylabel(tr("couriers"))
        ax.legend(fontsize=8)
        _time_axis(ax, view, tr)
        ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))
    bottom.set_xlabel(tr("date and time (local)"))
    return _save(fig, path)


def households_without_food(view: RunView, path: Path, tr=ENGLISH) -> Path:
    """Households with no food of any kind left, at each tick, stacked by village."""
    ts = view.timeseries
    villages = [c[len("village_"):-len("_without_food")] for c in ts.columns
                if c.startswith("village_") and c.endswith("_without_food")]
    villages = [v for v in villages if ts[f"village_{v}_without_food"].max() > 0]
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    ax = fig.add_subplot()
    t = view.to_datetime(ts["minute"])
    if villages:
        ax.stackplot(t, *[ts[f"village_{v}_without_food"] for v in villages],
                     labels=[view.show_name(v) for v in villages],
                     colors=[PALETTE[i % len(PALETTE)] for i in range(len(villages))], alpha=0.85)
        ax.legend(fontsize=8, ncols=2, loc="upper left")
    else:
        ax.text(0.5, 0.5, tr("no household ran out of food"), ha="center", va="center",
                transform=ax.transAxes)
    kpis = view.kpis
    ax.set_title(tr("Households with no food of any kind left, per village (stacked); "
                    "{ever:,} ever, {days:,.0f} household-days").format(
                        ever=kpis.get("households_ever_without_energy", 0),
                        days=kpis.get("household_days_without_energy") or 0))
    ax.set_ylabel(tr("households without food"))
    ax.set_xlabel(tr("date and time (local)"))
    _time_axis(ax, view, tr)
    ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))
    return _save(fig, path)


def urgent_requests(view: RunView, path: Path, target_minutes: float = 30.0, tr=ENGLISH) -> Path:
    """Each urgent medicine call: minutes until staff were at the door, and until medicine came."""
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    ax = fig.add_subplot()
    if view.urgent:
        called = view.to_datetime([u[0] for u in view.urgent])
        ax.scatter(called, [u[1] for u in view.urgent], s=14, color="#1f77b4",
                   label=tr("staff at the door (ID card and pill box collected)"))
        brought = [(c, u[2]) for c, u in zip(called, view.urgent) if u[2] is not None]
        if brought:
            ax.scatter([c for c, _ in brought], [d for _, d in brought], s=14, marker="x",
                       color="#ff7f0e", label=tr("medicine delivered"))
        ax.axhline(target_minutes, color="#d62728", ls="--",
                   label=tr("target: {minutes:.0f} min to the door").format(minutes=target_minutes))
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, tr("no urgent request"), ha="center", va="center", transform=ax.transAxes)
    ax.set_title(tr("Urgent medicine requests: time from the call"))
    ax.set_ylabel(tr("minutes after the call"))
    ax.set_xlabel(tr("time of the call (local)"))
    _time_axis(ax, view, tr)
    return _save(fig, path)


def compare_series(original: RunView, branch: RunView, branch_minute: float, path: Path,
                   columns: list[tuple[str, str]], tr=ENGLISH) -> Path:
    """The original run and a branch on the same axes: the gap is what the decision changed."""
    fig = Figure(figsize=(11, 2.6 * len(columns) + 0.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(len(columns), 1, sharex=True, squeeze=False)).ravel()
    for ax, (col, label) in zip(axes, columns, strict=True):
        for view, name, style in ((original, tr("original"), "-"), (branch, tr("branch"), "--")):
            ts = view.timeseries
            if col in ts:
                ax.plot(view.to_datetime(ts["minute"]), ts[col], ls=style, label=name)
        ax.axvline(original.to_datetime(branch_minute), color="#555555", ls=":", label=tr("branch point"))
        ax.set_ylabel(tr(label), fontsize=8)
        ax.legend(fontsize=8)
        _time_axis(ax, original, tr)
    axes[-1].set_xlabel(tr("date and time (local)"))
    fig.suptitle(tr("Original drill (solid) and branch (dashed): same seed, different decisions"))
    return _save(fig, path)


def resource_utilization(view: RunView, path: Path, hours: float = 3.0, tr=ENGLISH) -> Path:
    """Each resource class's utilization in windows of `hours`, against the 85% line at which
    the report calls it binding; below, where delivered orders' time went."""
    from sim.apps.report.constraints import BUSY_SHARE, CLASS_LABELS, STAGE_LABELS, windows

    spans = windows(view.timeseries, hours)
    fig = Figure(figsize=(11, 6.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    if spans:
        mids = [w.start + (w.end - w.start) / 2 for w in spans]
        for i, (cls, label) in enumerate(CLASS_LABELS.items()):
            values = [np.nan if w.utilization[cls] is None else 100 * w.utilization[cls] for w in spans]
            top.plot(mids, values, marker=".", color=PALETTE[i], label=tr(label))
        stages = list(STAGE_LABELS)
        shares = np.array([[0.0 if w.stage_share[s] is None else 100 * w.stage_share[s]
                            for s in stages] for w in spans])
        bottom.stackplot(mids, shares.T, labels=[tr(STAGE_LABELS[s]) for s in stages],
                         colors=PALETTE[:len(stages)], alpha=0.85, step="mid")
    top.axhline(100 * BUSY_SHARE, color="#555555", ls="--", lw=0.8)
    top.text(0.005, 100 * BUSY_SHARE + 2, tr("binding from here"), transform=top.get_yaxis_transform(),
             fontsize=8, color="#555555")
    top.set_title(tr("Utilization of each resource class ({hours:g}-hour windows)").format(hours=hours))
    top.set_ylabel(tr("busy, {percent} of minutes on duty").format(percent="%"))
    top.set_ylim(0, 105)
    bottom.set_title(tr("Where delivered orders' time went (share of lead time, same windows)"))
    bottom.set_ylabel(tr("{percent} of lead time").format(percent="%"))
    bottom.set_ylim(0, 100)
    bottom.set_xlabel(tr("date and time (local)"))
    for ax in (top, bottom):
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _time_axis(ax, view, tr)
    return _save(fig, path)


# the default town's goods, units, store kinds and volunteers' work as the plots show them (a
# scenario's own names are shown as written)
WORDS = (N_("vegetables"), N_("meat eggs"), N_("staples"), N_("medicine"), N_("daily goods"),
         N_("prepared meals"), N_("kg"), N_("packs"), N_("meals"), N_("units"),
         N_("supermarket"), N_("vegetable shop"), N_("pharmacy"), N_("catering"),
         N_("door rounds"), N_("order taking"), N_("sorting"), N_("pack rounds"))

CHANNEL_LABELS = {"app": N_("app"), "phone": N_("phone"), "volunteer": N_("through volunteers"),
                  "group": N_("group-buying"), "push_pack": N_("pushed packs")}


def channel_mix(view: RunView, path: Path, tr=ENGLISH) -> Path:
    """How food came: orders and units delivered per channel, and where the gate volunteers'
    hours went (a town that uses more than the app)."""
    kpis = view.kpis
    channels = [k.removeprefix("orders_delivered_") for k in kpis
                if k.startswith("orders_delivered_") and k != "orders_delivered_share"
                and not k.startswith("orders_delivered_within")]
    works = [k.removeprefix("volunteer_hours_") for k in kpis if k.startswith("volunteer_hours_")]
    fig = Figure(figsize=(11, 3.8), layout="constrained")
    orders_ax, units_ax, work_ax = fig.subplots(1, 3)
    labels = [tr(CHANNEL_LABELS[c]) if c in CHANNEL_LABELS else c for c in channels]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(channels))]
    bars = [
        (orders_ax, [kpis[f"orders_delivered_{c}"] or 0 for c in channels],
         tr("Orders delivered"), tr("orders")),
        (units_ax, [kpis.get(f"units_delivered_{c}") or 0 for c in channels],
         tr("Units delivered (kg, packs, ...)"), tr("units")),
    ]
    for ax, values, title, unit in bars:
        ax.barh(labels, values, color=colours)
        ax.set_title(title)
        ax.set_xlabel(unit)
        ax.invert_yaxis()
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
    hours = [kpis[f"volunteer_hours_{w}"] or 0 for w in works]
    work_ax.barh([tr(w.replace("_", " ")) for w in works], hours, color="#7f7f7f")
    work_ax.set_title(tr("Gate volunteers' work"))
    work_ax.set_xlabel(tr("hours"))
    work_ax.invert_yaxis()
    for y, v in enumerate(hours):
        work_ax.text(v, y, f" {v:,.1f}", va="center", fontsize=8)
    for ax in (orders_ax, units_ax, work_ax):
        ax.margins(x=0.25)
        ax.grid(True, axis="x", alpha=0.3)
    return _save(fig, path)
