"""Ad hoc licensing (`store_selection.ad_hoc_licensing`, a policy lever): when the command
centre has no qualified store left to add for a locked village, it has a ledger shop inspected
and licensed, as towns did in 2022, so the ledger's other shops can serve too.

Which shop: one of the kind that is disqualified only for its licence or its infection-risk flag
(a shop below `store_selection.min_floor_m2` stays out: an inspection licenses a shop, it does
not enlarge it), open, with pickers who can come, able to serve the village (not inside another
sealed village unless stores pass goods over their gates), not already being inspected; the
nearest to the village by road, the larger first at the same distance. One inspection at a time
for each village and kind. After `store_selection.inspection_hours` the shop is licensed: it
qualifies from then on (for every village, and for urgent medicine), and the command centre
adds a reserve store for the village that asked, if it is still locked. Every inspection passes
(assumption: inspectors pick shops they can license).
"""

from __future__ import annotations

from sim.engine.callbacks import call_later
from sim.inputs.channel_coverage import lasting_disqualifications


class AdHocLicensing:
    """The command centre's inspections of ledger shops (not an agent: one per model)."""

    def __init__(self, model):
        self.model = model
        self.settings = model.spec.store_selection
        self._asked: set[tuple[str, str]] = set()  # (village, kind) waiting for an inspection
        self._inspecting: set[str] = set()
        self.licensed: list[str] = []  # store ids, in the order they were licensed

    def short_of_stores(self, village, kind: str) -> bool:
        """No qualified store is left to add for `village`'s `kind`: with the lever on, the
        nearest licensable shop is inspected (unless one is already inspected for it). Returns
        whether an inspection began."""
        key = (village.name, kind)
        if not self.settings.ad_hoc_licensing or key in self._asked:
            return False
        candidates = [s for s in self.model.stores
                      if s.kind == kind and not s.qualified and s.store_id not in self._inspecting
                      and self._licensable(s, village)]
        if not candidates:
            return False
        store = min(candidates, key=lambda s: (round(s.distance_km_to(village), 3), -s.floor_m2,
                                               s.store_id))
        self._asked.add(key)
        self._inspecting.add(store.store_id)
        hours = self.settings.inspection_hours
        self.model.log_event("inspection", store.store_id,
                             f"{store.store_id} inspected for {village.name}'s {kind}: licensed "
                             f"in {hours:g} h")
        call_later(self.model.env, hours * 60, lambda _event: self._licensed(store, village, kind))
        return True

    def _licensable(self, store, village) -> bool:
        return (not lasting_disqualifications(store.spec, self.settings) and not store.closed
                and store.pickers_available > 0
                and store.distance_km_to(village) != float("inf")
                and (not store.home.locked or store.home is village
                     or self.model.spec.store_staff.sealed_in_stores_serve_outside))

    def _licensed(self, store, village, kind: str) -> None:
        self._asked.discard((village.name, kind))
        self._inspecting.discard(store.store_id)
        store.qualified = True
        self.licensed.append(store.store_id)
        self.model.log_event("licensed_ad_hoc", store.store_id,
                             f"{store.store_id} ({kind}, {store.home.name}) licensed ad hoc")
        if village.locked:
            self.model.command_centre.expand(village, kind, f"{store.store_id} licensed ad hoc",
                                             replacing=True)
