"""Packs pushed to every household of a sealed village: a fixed content per household, on a
schedule or some days into each lockdown, from the depot (a depot's stock is a reserve for
just this) or a supplier; volunteers hand them out at the gate.

In Shanghai in April 2022 the city and its districts sent free packs of vegetables, meat and
staples to every household, several rounds in the month; for many households they, not
orders, were what came.
"""

from __future__ import annotations

from agents.gate_goods import Consignment
from agents.volunteer import PACK_ROUNDS
from sim.core.distributions import sampler
from sim.core.units import MINUTES_PER_DAY
from sim.domain.orders import PACK
from sim.engine.callbacks import call_later
from sim.scenario import ALL_VILLAGES

PUSH_PACK = "push_pack"


class PushPacks:
    """The scenario's `[[push_packs]]`: each entry's rounds, to the villages sealed then."""

    def __init__(self, model):
        self.model = model
        self.rounds_sent = 0
        self.rounds_skipped = 0  # the village was not sealed when a round came due
        self._entries = []
        for i, pack in enumerate(model.spec.push_packs):
            source = model.spec.push_pack_source(pack)
            rng = model.streams.generator(f"push_packs.{i}")
            lead = (model.spec.depot.release_minutes if source == "depot"
                    else model.suppliers_by_name[source].spec.lead_time_minutes)
            entry = (i, pack, source, sampler(lead, rng),
                     sampler(pack.hand_out_minutes_per_household, rng))
            self._entries.append(entry)
            if pack.day is not None:
                call_later(model.env, pack.day * MINUTES_PER_DAY,
                           lambda _e, entry=entry: self._scheduled_round(entry))

    def _villages(self, pack) -> list:
        villages = self.model.villages
        return list(villages.values()) if pack.village == ALL_VILLAGES else [villages[pack.village]]

    def _scheduled_round(self, entry) -> None:
        """A round on a date: to each of the entry's villages sealed now; again after
        `every_days`."""
        _, pack, *_ = entry
        for village in self._villages(pack):
            self._send_round(entry, village)
        if pack.every_days is not None:
            self._again(pack.every_days, lambda _e: self._scheduled_round(entry))

    def village_sealed(self, village, epoch: int) -> None:
        """A lockdown began: rounds due some days into it are planned."""
        for entry in self._entries:
            _, pack, *_ = entry
            if pack.days_after_lockdown is not None and village in self._villages(pack):
                self._again(pack.days_after_lockdown,
                            lambda _e, entry=entry: self._lockdown_round(entry, village, epoch))

    def _lockdown_round(self, entry, village, epoch: int) -> None:
        if not village.in_lockdown(epoch):
            return
        self._send_round(entry, village)
        every = entry[1].every_days
        if every is not None:
            self._again(every, lambda _e: self._lockdown_round(entry, village, epoch))

    def _again(self, days: float, callback) -> None:
        model = self.model
        if model.env.now + days * MINUTES_PER_DAY < model.horizon_minutes:
            call_later(model.env, days * MINUTES_PER_DAY, callback)

    def _send_round(self, entry, village) -> None:
        """One pack per household of `village` if it is sealed, drawn from the entry's source
        and shipped to the gate as one consignment."""
        i, pack, source, draw_lead, draw_hand_out = entry
        model = self.model
        if not village.locked or not village.households:
            self.rounds_skipped += 1
            return
        platform = model.platform
        orders = [platform.open_without_store(household, dict(pack.content), PACK, 0.0, PUSH_PACK)
                  for household in village.households]
        packs = Consignment(model, village, orders, PACK_ROUNDS, draw_hand_out)
        lead = draw_lead()
        if source == "depot":  # made up on the depot's packing line, then on the road
            packed = model.depot.packing.minutes_until_packed(len(orders))
            packs.record_sent({c: model.depot.release(packs, c, units, minutes=packed + lead,
                                                      given=True)
                               for c, units in packs.wanted.items()})
        else:
            packs.record_sent(model.suppliers_by_name[source].ship(packs, dict(packs.wanted),
                                                                   lead_minutes=lead))
        self.rounds_sent += 1
        sent = sum(packs.sent.values())
        model.log_event("push_packs", village.name,
                        f"round {i}: {len(orders)} packs for {village.name} from {source} "
                        f"({sent:,.0f} of {sum(packs.wanted.values()):,.0f} units)")
        packs.dispatched()

    def kpis(self, now: float) -> dict:
        """The pushed packs' KPI (`sim/core/kpi_registry.py`): rounds sent; only in a town whose
        orders come through the `push_pack` channel among others."""
        channels = self.model.spec.order_channels
        if len(channels) < 2 or "push_pack" not in channels:
            return {}
        return {"push_pack_rounds": self.rounds_sent}
