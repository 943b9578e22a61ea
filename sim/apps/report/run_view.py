"""What a report needs from a finished model, gathered once so plots and pages agree.

Plots read this view, not the model, so a report can also be drawn for a branch and its
original side by side from the same kind of record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from sim.core.phrase import Phrase
from sim.model.depot_notes import depot_notes
from sim.model.missing_channels import VillageWithoutChannels, villages_without_channels


@dataclass
class VillageSpan:
    """One lockdown of one village: when it was locked, released, and each channel opened."""

    village: str
    locked_minute: float
    released_minute: float | None
    channel_open_minutes: dict[str, float] = field(default_factory=dict)


@dataclass
class RunView:
    name: str
    seed: int
    start: dt.datetime
    horizon_minutes: float
    timeseries: pd.DataFrame
    events: list[dict]
    kpis: dict
    spans: list[VillageSpan]
    lead_time_bins: list[tuple[float, int]]   # (bin start in minutes, orders)
    urgent: list[tuple[float, float, float]]  # (call minute, minutes to pickup, minutes to medicine)
    busiest_stores: list[tuple[str, str, list[str]]]  # (store id, kind, categories)
    category_units: dict[str, str] = field(default_factory=dict)  # category -> kg, packs, ...
    # a village's name or a store's id -> what the report's reader sees (sim.core.display_names)
    show_name: Callable[[str], str] = str
    # locked villages that never had every channel open: the kinds and why (sim.model.missing_channels)
    without_channels: list[VillageWithoutChannels] = field(default_factory=list)
    # why the depot did little, when it did (sim.model.depot_notes)
    depot_notes: list[Phrase] = field(default_factory=list)

    def to_datetime(self, minutes) -> pd.Series | dt.datetime:
        if isinstance(minutes, (int, float)):
            return self.start + dt.timedelta(minutes=float(minutes))
        return pd.to_datetime(self.start) + pd.to_timedelta(pd.Series(minutes, dtype=float), unit="min")


def run_view(model, kpis: dict | None = None, stores_shown: int = 4) -> RunView:
    """Collect the report's inputs from a model that has run."""
    spans = _spans(model.events)
    hist = model.stats.lead_time
    nonzero = [(i * hist.bin_width, int(n)) for i, n in enumerate(hist.counts) if n]
    busiest = sorted(model.stores, key=lambda s: (-sum(s.orders_by_day.values()), s.store_id))
    shown = [(s.store_id, s.kind, list(s.categories)) for s in busiest[:stores_shown]
             if s.orders_by_day]
    return RunView(
        name=model.spec.run.name, seed=model.seed, start=model.spec.run.start,
        horizon_minutes=model.horizon_minutes, timeseries=model.timeseries.to_pandas(),
        events=list(model.events), kpis=kpis if kpis is not None else model.kpis(),
        spans=spans, lead_time_bins=nonzero, urgent=list(model.stats.urgent),
        busiest_stores=shown, category_units=dict(model.goods.units),
        without_channels=villages_without_channels(model), depot_notes=depot_notes(model),
    )


def _spans(events: list[dict]) -> list[VillageSpan]:
    """Lockdown spans from the command centre's log (a village may be locked more than once)."""
    spans: list[VillageSpan] = []
    current: dict[str, VillageSpan] = {}
    for e in events:
        who, kind = e["who"], e["kind"]
        if kind == "lockdown":
            span = VillageSpan(who, e["minute"], None)
            current[who] = span
            spans.append(span)
        elif kind == "release" and who in current:
            current.pop(who).released_minute = e["minute"]
        elif kind == "channel_open" and who in current:
            channel = e["text"].split(" channel open", 1)[0]
            current[who].channel_open_minutes.setdefault(channel, e["minute"])
    return spans
