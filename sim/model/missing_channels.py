"""The locked villages of a run that never had every standard channel open, which channels
they lacked and why: `villages_without_all_channels` by name.

The villages are the KPI's own (counted from them), so the names and the count agree. A
kind's reason is the one `sim/inputs/channel_coverage.py` gives before the run when the ledger or
the scenario's lockdowns decide it; otherwise what the run saw: no qualified store free when
the command centre set the village up (a store closed, without pickers, or inside another
sealed village), or a set-up not finished by the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.core.i18n import N_
from sim.core.phrase import Phrase
from sim.inputs.channel_coverage import unserved_villages

NO_STORE_AT_SET_UP = N_("no qualified store was free when the command centre set it up (a store "
                        "closed, without pickers, or inside another sealed village)")
NOT_OPEN_BY_THE_END = N_("not open by the end of the run (its set-up had not finished)")
# what the KPIs leave out when a village lacks channels (the report and the printed table say it)
KPI_NOTE = N_("The fill rates (fill_rate, fill_rate_closed_orders, need_fill_rate) count only orders "
              "placed: a channel that never opened brought its village no orders of that kind, so "
              "they are in neither the numerator nor the denominator (the household-days without "
              "food count every locked household). The channel set-up times "
              "(channel_open_minutes_min, _median, _max) leave these villages out.")
FILE_NAME = "villages_without_all_channels.json"  # in the run folder: names, kinds, reasons


@dataclass(frozen=True)
class VillageWithoutChannels:
    village: str
    never_opened: tuple[tuple[str, Phrase], ...]  # (kind, why), in the standard kinds' order

    def as_json(self) -> dict:
        return {"village": self.village,
                "channels_never_opened": [{"kind": k, "why": str(why)} for k, why in self.never_opened]}


def channels_never_opened(model) -> dict[str, list[str]]:
    """Locked villages where not every standard kind's channel was open at once, each with the
    kinds never opened there (empty only when each opened in some lockdown, never all together)."""
    st = model.stats
    opened: dict[str, set[str]] = {}
    for village, kind, *_ in st.channel_windows:
        opened.setdefault(village, set()).add(kind)
    standard = model.spec.standard_kinds
    return {name: [k for k in standard if k not in opened.get(name, ())]
            for name, v in model.villages.items()
            if v.lock_minute is not None and name not in st.channel_open_minutes}


def villages_without_channels(model) -> list[VillageWithoutChannels]:
    """The villages of `channels_never_opened`, each kind with its reason."""
    missing = channels_never_opened(model)
    if not missing:
        return []
    predicted = {(u.village, m.kind): m.reason for u in unserved_villages(model.spec) for m in u.missing}
    no_store = model.stats.set_up_without_store
    found = []
    for village, kinds in missing.items():
        reasons = []
        for kind in kinds:
            why = predicted.get((village, kind))
            if why is None:
                why = Phrase(NO_STORE_AT_SET_UP if (village, kind) in no_store else NOT_OPEN_BY_THE_END)
            reasons.append((kind, why))
        found.append(VillageWithoutChannels(village, tuple(reasons)))
    return found


class MissingChannels:
    """The locked villages without all channels, as the contributor of their KPI."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """`villages_without_all_channels` (`sim/core/kpi_registry.py`): the villages of
        `channels_never_opened`, counted."""
        return {"villages_without_all_channels": len(channels_never_opened(self.model))}
