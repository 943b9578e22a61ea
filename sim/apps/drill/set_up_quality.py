"""The quality of a channel set-up the players did, beside its speed: a store picked with no
licence, one flagged an infection risk, or one in another village while the locked village's
own qualified store of that kind was passed over. Any such pick keeps the channels objective
from a P: it was fast, not well done."""

from __future__ import annotations

from sim.core.phrase import Phrase


def set_up_flaws(model, set_ups) -> list[Phrase]:
    """One line per flawed pick in the players' set-ups (those the model did are not judged)."""
    flaws = []
    for set_up in set_ups:
        if set_up.get("by") in ("model", None):
            continue
        village = set_up["village"]
        for kind, store_ids in (set_up.get("stores") or {}).items():
            for store_id in store_ids:
                flaws += _flaws(model, model.stores_by_id[store_id], village, kind, store_ids)
    return flaws


def _flaws(model, store, village: str, kind: str, picked) -> list[Phrase]:
    found = []
    if not store.spec.licensed:
        found.append(Phrase("{store} picked for {village} has no licence", store=store.store_id, village=village))
    if store.spec.infection_risk:
        found.append(Phrase("{store} picked for {village} is flagged an infection risk", store=store.store_id,
                            village=village))
    if store.home.name != village:
        own = [s.store_id for s in model.stores if s.kind == kind and s.home.name == village
               and s.spec.licensed and not s.spec.infection_risk and s.store_id not in picked]
        if own:
            found.append(Phrase("{store} in {home} picked for {village}, passing over its own {own}",
                                store=store.store_id, home=store.home.name, village=village, own=own[0]))
    return found


def capped_rating(rating: str | None, flaws: list) -> str | None:
    """A set-up with flawed picks is at best S; with three or more, M."""
    if rating is None or not flaws:
        return rating
    floor = "M" if len(flaws) >= 3 else "S"
    order = "PSMU"
    return rating if order.index(rating) >= order.index(floor) else floor
