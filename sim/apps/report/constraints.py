"""What limits deliveries: utilization of each resource class and where orders' time went,
window by window, and the constraint that binds in each.

Read from the time series' running totals (busy and available minutes per class, minutes of
each lead-time stage, cancellations by reason), differenced over each window. The rule that
names what binds in a window lists each of these that holds:
- orders spent at least `WAITING_SHARE` of their lead time waiting for one thing: the store to
  open (opening hours bind), a picker or a courier (that resource binds where the orders are,
  even when the class as a whole is not busy: a town's average hides the hub store whose
  pickers never rest);
- the queue at the stores (or for couriers) at the window's end holds at least `QUEUE_SHARE`
  of the orders placed in the window: that resource is not keeping up (the orders still
  waiting are not in the delivered orders' stages);
- a class on an order's path (coordinators, pickers, couriers, gate volunteers) was at least
  `BUSY_SHARE` busy;
- at least `STOCKOUT_SHARE` of the window's orders were cancelled for want of stock: stock binds;
- in a town with a road network, any order held at its store because no open road led to its
  village: closed roads bind.
When none holds, nothing is near capacity. Urgent-medicine staff are shown but are not on an
order's path.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.apps.report.date_axis import day_label
from sim.core.i18n import N_, language_of, translator
from sim.domain.orders import LEAD_TIME_STAGES
from sim.model.resource_use import RESOURCE_CLASSES

BUSY_SHARE = 0.85
WAITING_SHARE = 0.5
QUEUE_SHARE = 0.5
# a queue in the time series: the class that is not keeping up, and the words that say so
QUEUES = {"orders_waiting_at_stores": (
              "picker", N_("pickers ({orders:,} orders still waiting at stores at the end)")),
          "orders_waiting_for_courier": (
              "courier", N_("couriers ({orders:,} orders still waiting for a courier at the end)"))}
STOCKOUT_SHARE = 0.05
ORDER_PATH = ("coordinator", "picker", "courier", "gate_volunteer")
# a wait, and what it waits for (the key a class's busy share is told apart by)
WAITED_FOR = {"waiting_for_opening": ("opening", N_("store opening hours")),
              "waiting_for_picker": ("picker", N_("pickers")),
              "waiting_for_courier": ("courier", N_("couriers"))}

CLASS_LABELS = {"coordinator": N_("coordinators"), "picker": N_("pickers"), "courier": N_("couriers"),
                "gate_volunteer": N_("gate volunteers"), "urgent_staff": N_("urgent-medicine staff")}
STAGE_LABELS = {"waiting_for_opening": N_("waiting for the store to open"),
                "waiting_for_picker": N_("waiting for a picker"), "picking": N_("being picked"),
                "batching": N_("in a batch filling up"),
                "waiting_for_courier": N_("waiting for a courier"),
                "courier_trip": N_("the courier's trip"),
                "at_gate": N_("at the gate (volunteers)")}


@dataclass
class Window:
    start: pd.Timestamp
    end: pd.Timestamp
    orders_placed: int
    orders_delivered: int
    cancelled_out_of_stock: int
    utilization: dict[str, float | None]   # class -> busy / available in the window
    stage_share: dict[str, float | None]   # stage -> share of delivered orders' lead time
    binding: str
    queues: dict[str, int]                 # time-series queue -> orders in it at the end
    held_for_road: int = 0                 # orders that began waiting for a closed road


def windows(ts: pd.DataFrame, hours: float = 24.0) -> list[Window]:
    """One `Window` per `hours` of the time series (days by default), from its first row."""
    if ts.empty or "picker_busy_minutes" not in ts:
        return []
    ts = ts.reset_index(drop=True)
    first = ts["time"].iloc[0] - pd.Timedelta(minutes=float(ts["minute"].iloc[0]))
    edges = ((ts["minute"] - 1e-9) // (hours * 60)).astype(int)
    out, before = [], None
    for _, rows in ts.groupby(edges, sort=True):
        last = rows.iloc[-1]
        start = first + pd.Timedelta(hours=hours) * int(edges[rows.index[0]])
        out.append(_window(before, last, start, last["time"]))
        before = last
    return out


def _delta(before, last, column: str) -> float:
    return float(last[column]) - (float(before[column]) if before is not None else 0.0)


def _window(before, last, start, end) -> Window:
    use = {}
    for c in RESOURCE_CLASSES:
        available = _delta(before, last, f"{c}_available_minutes")
        use[c] = _delta(before, last, f"{c}_busy_minutes") / available if available > 0 else None
    stage_minutes = {s: _delta(before, last, f"lead_minutes_{s}") for s in LEAD_TIME_STAGES}
    total = sum(stage_minutes.values())
    shares = {s: (m / total if total > 0 else None) for s, m in stage_minutes.items()}
    placed = int(_delta(before, last, "orders_placed"))
    stockouts = int(_delta(before, last, "orders_cancelled_out_of_stock"))
    queues = {q: int(last[q]) for q in QUEUES if q in last}
    held = int(_delta(before, last, "orders_blocked_by_road")) if "orders_blocked_by_road" in last else 0
    return Window(start, end, placed, int(_delta(before, last, "orders_delivered")), stockouts,
                  use, shares, _binding(use, shares, placed, stockouts, queues, held), queues, held)


def _binding(use: dict, shares: dict, placed: int, stockouts: int, queues: dict,
             held_for_road: int = 0, tr=None) -> str:
    """What binds in a window, in the language of `tr` (English by default); a resource named
    for its queue or its wait is not named again for its busy share."""
    tr = tr or translator("en")
    found, named = [], set()
    if held_for_road:
        found.append(tr("closed roads ({orders:,} orders held at their store for a road)").format(
            orders=held_for_road))
    for queue, waiting in queues.items():
        cls, words = QUEUES[queue]
        if placed and waiting >= QUEUE_SHARE * placed:
            found.append(tr(words).format(orders=waiting))
            named.add(cls)
    for stage, (cls, what) in WAITED_FOR.items():
        share = shares.get(stage)
        if share is not None and share >= WAITING_SHARE and cls not in named:
            found.append(tr("{what} ({share:.0%} of lead time {stage})").format(
                what=tr(what), share=share, stage=tr(STAGE_LABELS[stage])))
            named.add(cls)
    for cls in ORDER_PATH:
        u = use.get(cls)
        if u is not None and u >= BUSY_SHARE and cls not in named:
            found.append(tr("{resource} ({share:.0%} busy)").format(
                resource=tr(CLASS_LABELS[cls]), share=u))
    if placed and stockouts >= STOCKOUT_SHARE * placed:
        found.append(tr("stock ({cancelled:,} of {placed:,} orders cancelled out of stock)").format(
            cancelled=stockouts, placed=placed))
    return tr("; ").join(found) if found else tr("nothing near capacity")


def constraint_rows(ts: pd.DataFrame, tr=None) -> tuple[list[str], list[list[object]]]:
    """The report's table: one row per day with orders; headers and stages in the language of
    `tr` (a gettext function; English by default)."""
    tr = tr or translator("en")
    header = ([tr("day"), tr("placed"), tr("delivered"), tr("cancelled, no stock")]
              + [tr("{resource} busy").format(resource=tr(CLASS_LABELS[c])) for c in RESOURCE_CLASSES]
              + [tr("largest share of lead time"), tr("binding constraint")])
    rows = []
    for w in windows(ts):
        if w.orders_placed == 0 and w.orders_delivered == 0:
            continue
        known = [(s, st) for st, s in w.stage_share.items() if s is not None]
        largest = (f"{tr(STAGE_LABELS[max(known)[1]])} ({max(known)[0]:.0%})" if known else "-")
        binding = _binding(w.utilization, w.stage_share, w.orders_placed,
                           w.cancelled_out_of_stock, w.queues, w.held_for_road, tr)
        rows.append([day_label(w.start, language_of(tr)), w.orders_placed, w.orders_delivered,
                     w.cancelled_out_of_stock]
                    + ["-" if w.utilization[c] is None else f"{w.utilization[c]:.0%}"
                       for c in RESOURCE_CLASSES]
                    + [largest, binding])
    return header, rows
