"""`report.html` and `plots/*.png` for a finished run: what happened, in seven pictures."""

from __future__ import annotations

from pathlib import Path

from sim.atomic_files import write_text_atomically
from sim.report import plots
from sim.report.constraints import BUSY_SHARE, STOCKOUT_SHARE, WAITING_SHARE, constraint_rows
from sim.report.html_page import img, page, table
from sim.report.run_view import RunView, run_view

FIGURES = (
    ("timeline", "Lockdowns and ordering channels", plots.lockdown_timeline),
    ("orders_by_village", "Orders placed, delivered and waiting", plots.orders_by_village),
    ("households_without_food", "Households without food", plots.households_without_food),
    ("lead_time", "Lead time", plots.lead_time_distribution),
    ("store_stock", "Stock at the busiest stores", plots.stock_at_busiest_stores),
    ("couriers", "Couriers", plots.couriers_by_state),
    ("resource_utilization", "What limits deliveries: utilization and lead time", plots.resource_utilization),
    ("urgent", "Urgent medicine requests", plots.urgent_requests),
)

KPI_ROWS = (
    ("orders_placed", "orders placed"), ("orders_delivered", "orders delivered"),
    ("orders_cancelled", "orders cancelled"), ("orders_open_at_end", "orders still open at the end"),
    ("fill_rate", "fill rate (units delivered / units asked for, every order placed)"),
    ("need_fill_rate", "fill rate of need (units delivered / units households needed; a retry is not a new need)"),
    ("households_ever_without_food", "households that ever had no food left"),
    ("household_days_without_food", "household-days with no food left"),
    ("household_days_without_vegetables", "household-days without vegetables"),
    ("household_days_without_staples", "household-days without staples"),
    ("orders_delivered_within_120_minutes_share", "orders delivered within 2 hours (share)"),
    ("lead_time_minutes_p50", "lead time, median (min; open orders at their age)"),
    ("lead_time_minutes_p90", "lead time, 90th percentile (min; open orders at their age)"),
    ("channel_open_minutes_max", "slowest channel set-up (min after lockdown)"),
    ("urgent_requests", "urgent requests"), ("urgent_pickup_minutes_p90", "urgent pickup, 90th percentile (min)"),
    ("urgent_within_30_minutes_share", "urgent pickups within 30 min (share)"),
    ("stockout_store_hours", "store-hours with a category out of stock"),
    ("reserve_stores_activated", "reserve stores activated"), ("couriers_removed", "couriers removed"),
    ("courier_utilization", "courier utilisation"), ("picker_utilization", "picker utilisation"),
    ("gate_volunteer_utilization", "gate volunteer utilisation"),
    ("coordinator_utilization", "coordinator utilisation"),
    ("urgent_staff_utilization", "urgent-medicine staff utilisation"),
    ("orders_blocked_by_road", "orders held at their store by a closed road"),
    ("unreachable_village_hours", "village-hours cut off by closed roads"),
)


def constraints_section(view: RunView) -> str:
    header, rows = constraint_rows(view.timeseries)
    if not rows:
        return '<p class="note">No orders in this run.</p>'
    note = (f'<p class="note">Per day: the share of on-duty minutes each resource class spent '
            f"working, the stage where delivered orders spent most of their time, and what "
            f"binds: opening hours, pickers or couriers when orders spent at least "
            f"{WAITING_SHARE:.0%} of their lead time waiting for the store to open or for one "
            f"(a town-wide average can hide one overloaded store), or when half the day's orders "
            f"still wait for one at the day's end; a "
            f"class on the order's path at least {BUSY_SHARE:.0%} busy; stock when at least "
            f"{STOCKOUT_SHARE:.0%} of the day's orders were cancelled out of stock.</p>")
    return note + table(header, rows) + _roads_note(view.kpis)


def _roads_note(kpis: dict) -> str:
    """A line on what closed roads cost, in a town with a road network where they did."""
    blocked = kpis.get("orders_blocked_by_road") or 0
    hours = kpis.get("unreachable_village_hours") or 0
    if not blocked and not hours:
        return ""
    return (f'<p class="note">Closed roads: villages were cut off from the rest of the road '
            f"network for {hours:g} village-hours, and {blocked:,} orders waited at their store "
            f"for a road to their village (see the run's events: road_closed, "
            f"village_cut_off).</p>")


def draw_figures(view: RunView, folder: Path, marks: list[tuple[float, str]] = ()) -> list[tuple[str, Path]]:
    """Write every figure to `folder/plots/`; returns (title, path) in report order."""
    out = folder / "plots"
    out.mkdir(exist_ok=True)
    drawn = []
    for name, title, draw in FIGURES:
        path = out / f"{name}.png"
        if name == "timeline":
            draw(view, path, marks)
        else:
            draw(view, path)
        drawn.append((title, path))
    if has_channel_mix(view.kpis):
        drawn.append(("How food came: channels and the volunteers' work",
                      plots.channel_mix(view, out / "channels.png")))
    return drawn


def has_channel_mix(kpis: dict) -> bool:
    """Whether the run's town used more than the app (its KPIs are then per channel)."""
    return "orders_placed_app" in kpis


def channel_table(kpis: dict) -> str:
    """Orders and units per channel, lead time from asking, and the volunteers' hours by work."""
    channels = [k.removeprefix("orders_placed_") for k in kpis if k.startswith("orders_placed_")]

    def shown(value):
        return "-" if value is None else value

    rows = [[plots.CHANNEL_LABELS.get(c, c), kpis[f"orders_placed_{c}"],
             kpis[f"orders_delivered_{c}"], shown(kpis.get(f"units_delivered_{c}")),
             shown(kpis.get(f"lead_time_from_asking_{c}_minutes_p50"))] for c in channels]
    work = [[k.removeprefix("volunteer_hours_").replace("_", " "), v] for k, v in kpis.items()
            if k.startswith("volunteer_hours_")]
    return (table(["channel", "orders placed", "orders delivered", "units delivered",
                   "lead time from asking, median (min)"], rows)
            + table(["gate volunteers' work", "hours"], work))


def kpi_table(kpis: dict) -> str:
    rows = [[label, "-" if kpis.get(key) is None else kpis[key]] for key, label in KPI_ROWS if key in kpis]
    return table(["measure", "value"], rows)


def write_run_report(model, folder: Path, kpis: dict | None = None,
                     sections: list[tuple[str, str]] = (), marks: list[tuple[float, str]] = (),
                     title: str | None = None) -> RunView:
    """Draw the figures and write `report.html` into `folder`; `sections` go after the KPIs
    (a drill adds its injects, decisions and objectives there)."""
    folder = Path(folder)
    view = run_view(model, kpis)
    figures = draw_figures(view, folder, marks)
    body = [("Key figures", kpi_table(view.kpis))]
    if has_channel_mix(view.kpis):
        body.append(("How food came", channel_table(view.kpis)))
    body.extend(sections)
    body.append(("What limits deliveries", constraints_section(view)))
    body.extend((t, img(p, t)) for t, p in figures)
    end = view.to_datetime(view.horizon_minutes)
    subtitle = (f"scenario {view.name}, seed {view.seed}, from {view.start:%d %b %Y %H:%M} "
                f"to {end:%d %b %Y %H:%M}")
    write_text_atomically(folder / "report.html", page(title or f"Run report: {view.name}",
                                                       body, subtitle))
    return view
