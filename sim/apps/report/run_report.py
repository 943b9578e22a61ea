"""`report.html` and `plots/*.png` for a finished run: what happened, in seven pictures, in
English or Chinese (`lang`; headings, tables' headers and the plots' text come from the
catalogues of `sim/core/i18n.py`)."""

from __future__ import annotations

import html
from pathlib import Path

from sim.apps.report import plots
from sim.apps.report.cjk_font import fonts_for
from sim.apps.report.constraints import BUSY_SHARE, STOCKOUT_SHARE, WAITING_SHARE, constraint_rows
from sim.apps.report.html_page import img, page, table
from sim.apps.report.run_view import RunView, run_view
from sim.core.atomic_files import write_text_atomically
from sim.core.display_names import display_names
from sim.core.i18n import DATE_TIME_FORMAT, HTML_LANG, N_, check_language, translator
from sim.inputs.channel_coverage import kind_word
from sim.model.missing_channels import KPI_NOTE

FIGURES = (
    ("timeline", N_("Lockdowns and ordering channels"), plots.lockdown_timeline),
    ("orders_by_village", N_("Orders placed, delivered and waiting"), plots.orders_by_village),
    ("households_without_food", N_("Households without food"), plots.households_without_food),
    ("lead_time", N_("Lead time"), plots.lead_time_distribution),
    ("store_stock", N_("Stock at the busiest stores"), plots.stock_at_busiest_stores),
    ("couriers", N_("Couriers"), plots.couriers_by_state),
    ("resource_utilization", N_("What limits deliveries: utilization and lead time"), plots.resource_utilization),
    ("urgent", N_("Urgent medicine requests"), plots.urgent_requests),
)

KPI_ROWS = (
    ("orders_placed", N_("orders placed")), ("orders_delivered", N_("orders delivered")),
    ("orders_cancelled", N_("orders cancelled")), ("orders_open_at_end", N_("orders still open at the end")),
    ("fill_rate", N_("fill rate (units delivered / units asked for, every order placed)")),
    ("need_fill_rate", N_("fill rate of need (units delivered / units households needed; a retry is not a new need)")),
    ("unmet_energy_share", N_("share of the energy households needed that they went without")),
    ("household_days_below_energy_need", N_("household-days below the energy need")),
    ("households_ever_without_energy", N_("households that ever had no food left")),
    ("household_days_without_energy", N_("household-days with no food left")),
    ("household_days_without_vegetables", N_("household-days without vegetables")),
    ("household_days_without_staples", N_("household-days without staples")),
    ("orders_delivered_within_120_minutes_share", N_("orders delivered within 2 hours (share)")),
    ("lead_time_minutes_p50", N_("lead time, median (min; open orders at their age)")),
    ("lead_time_minutes_p90", N_("lead time, 90th percentile (min; open orders at their age)")),
    ("channel_open_minutes_max", N_("slowest channel set-up (min after lockdown)")),
    ("villages_without_all_channels", N_("locked villages without all channels (named below)")),
    ("urgent_requests", N_("urgent requests")),
    ("urgent_pickup_minutes_p90", N_("urgent pickup, 90th percentile (min)")),
    ("urgent_within_30_minutes_share", N_("urgent pickups within 30 min (share)")),
    ("stockout_store_hours", N_("store-hours with a category out of stock")),
    ("reserve_stores_activated", N_("reserve stores activated")), ("couriers_removed", N_("couriers removed")),
    ("courier_utilization", N_("courier utilisation")), ("picker_utilization", N_("picker utilisation")),
    ("gate_volunteer_utilization", N_("gate volunteer utilisation")),
    ("coordinator_utilization", N_("coordinator utilisation")),
    ("urgent_staff_utilization", N_("urgent-medicine staff utilisation")),
    ("orders_blocked_by_road", N_("orders held at their store by a closed road")),
    ("unreachable_village_hours", N_("village-hours cut off by closed roads")),
)


ENGLISH = translator("en")


def constraints_section(view: RunView, tr=ENGLISH) -> str:
    header, rows = constraint_rows(view.timeseries, tr)
    if not rows:
        return f'<p class="note">{html.escape(tr("No orders in this run."), quote=False)}</p>'
    note = tr("Per day: the share of on-duty minutes each resource class spent working, the stage "
              "where delivered orders spent most of their time, and what binds: opening hours, "
              "pickers or couriers when orders spent at least {waiting:.0%} of their lead time "
              "waiting for the store to open or for one (a town-wide average can hide one "
              "overloaded store), or when half the day's orders still wait for one at the day's "
              "end; a class on the order's path at least {busy:.0%} busy; stock when at least "
              "{stockout:.0%} of the day's orders were cancelled out of stock.").format(
                  waiting=WAITING_SHARE, busy=BUSY_SHARE, stockout=STOCKOUT_SHARE)
    return f'<p class="note">{html.escape(note, quote=False)}</p>' + table(header, rows) + _roads_note(view.kpis, tr)


def _roads_note(kpis: dict, tr=ENGLISH) -> str:
    """A line on what closed roads cost, in a town with a road network where they did."""
    blocked = kpis.get("orders_blocked_by_road") or 0
    hours = kpis.get("unreachable_village_hours") or 0
    if not blocked and not hours:
        return ""
    note = tr("Closed roads: villages were cut off from the rest of the road network for {hours:g} "
              "village-hours, and {blocked:,} orders waited at their store for a road to their "
              "village (see the run's events: road_closed, village_cut_off).").format(
                  hours=hours, blocked=blocked)
    return f'<p class="note">{html.escape(note, quote=False)}</p>'


def draw_figures(view: RunView, folder: Path, marks: list[tuple[float, str]] = (),
                 lang: str = "en") -> list[tuple[str, Path]]:
    """Write every figure to `folder/plots/`; returns (title, path) in report order, the
    titles in `lang`. A Chinese report needs a CJK font (MissingFontError says what to install)."""
    tr = translator(lang)
    out = folder / "plots"
    out.mkdir(exist_ok=True)
    drawn = []
    with fonts_for(lang):
        for name, title, draw in FIGURES:
            path = out / f"{name}.png"
            if name == "timeline":
                draw(view, path, marks, tr=tr)
            else:
                draw(view, path, tr=tr)
            drawn.append((tr(title), path))
        if has_channel_mix(view.kpis):
            drawn.append((tr("How food came: channels and the volunteers' work"),
                          plots.channel_mix(view, out / "channels.png", tr=tr)))
    return drawn


def has_channel_mix(kpis: dict) -> bool:
    """Whether the run's town used more than the app (its KPIs are then per channel)."""
    return "orders_placed_app" in kpis


def channel_table(kpis: dict, tr=ENGLISH) -> str:
    """Orders and units per channel, lead time from asking, and the volunteers' hours by work."""
    channels = [k.removeprefix("orders_placed_") for k in kpis if k.startswith("orders_placed_")]

    def shown(value):
        return "-" if value is None else value

    rows = [[tr(plots.CHANNEL_LABELS[c]) if c in plots.CHANNEL_LABELS else c,
             kpis[f"orders_placed_{c}"],
             kpis[f"orders_delivered_{c}"], shown(kpis.get(f"units_delivered_{c}")),
             shown(kpis.get(f"lead_time_from_asking_{c}_minutes_p50"))] for c in channels]
    work = [[tr(k.removeprefix("volunteer_hours_").replace("_", " ")), v] for k, v in kpis.items()
            if k.startswith("volunteer_hours_")]
    return (table([tr("channel"), tr("orders placed"), tr("orders delivered"), tr("units delivered"),
                   tr("lead time from asking, median (min)")], rows)
            + table([tr("gate volunteers' work"), tr("hours")], work))


def channels_note(view: RunView, tr=ENGLISH) -> str:
    """The locked villages that never had every channel open, each kind with why, and what the
    fill rates and channel set-up times leave out for them (nothing when every village had all)."""
    if not view.without_channels:
        return ""
    show = view.show_name
    rows = [[show(v.village) if i == 0 else "", kind_word(kind, tr), why.said(tr, show)]
            for v in view.without_channels for i, (kind, why) in enumerate(v.never_opened)]
    intro = tr("Villages without all channels ({count}): the command centre never opened these "
               "channels for them.").format(count=len(view.without_channels))
    return (f'<p class="note">{html.escape(intro, quote=False)}</p>'
            + table([tr("village"), tr("channel never opened"), tr("why")], rows)
            + f'<p class="note">{html.escape(tr(KPI_NOTE), quote=False)}</p>')


def kpi_table(kpis: dict, tr=ENGLISH) -> str:
    rows = [[tr(label), "-" if kpis.get(key) is None else kpis[key]]
            for key, label in KPI_ROWS if key in kpis]
    return table([tr("measure"), tr("value")], rows)


def write_run_report(model, folder: Path, kpis: dict | None = None,
                     sections: list[tuple[str, str]] = (), marks: list[tuple[float, str]] = (),
                     title: str | None = None, lang: str = "en") -> RunView:
    """Draw the figures and write `report.html` into `folder`, in `lang` ("en" or "zh");
    `sections` go after the KPIs (a drill adds its injects, decisions and objectives there)."""
    lang = check_language(lang)
    tr = translator(lang)
    folder = Path(folder)
    view = run_view(model, kpis)
    view.show_name = display_names(model.spec, lang)
    figures = draw_figures(view, folder, marks, lang)
    body = [(tr("Key figures"), kpi_table(view.kpis, tr) + channels_note(view, tr)
             + "".join(f'<p class="note">{html.escape(n.said(tr), quote=False)}</p>'
                       for n in view.depot_notes))]
    if has_channel_mix(view.kpis):
        body.append((tr("How food came"), channel_table(view.kpis, tr)))
    body.extend(sections)
    body.append((tr("What limits deliveries"), constraints_section(view, tr)))
    body.extend((t, img(p, t)) for t, p in figures)
    end = view.to_datetime(view.horizon_minutes)
    when = DATE_TIME_FORMAT[lang]
    subtitle = tr("scenario {name}, seed {seed}, from {start} to {end}").format(
        name=view.name, seed=view.seed, start=view.start.strftime(when), end=end.strftime(when))
    heading = title or tr("Run report: {name}").format(name=view.name)
    write_text_atomically(folder / "report.html", page(heading, body, subtitle, HTML_LANG[lang]))
    return view
