"""Which store an option acts on: by id, or by role (the busiest supermarket serving Bajia),
found when the action acts, so a drill written before the run sends goods where the orders
are. A store that serves no locked village takes no orders: sending it goods helps no one,
and the table and the report say so."""

from __future__ import annotations

from sim.drill.spec import StoreRole


def resolve_store(model, target: str | StoreRole):
    """The store `target` names at this minute; None when a role finds no store."""
    if isinstance(target, str):
        return model.stores_by_id[target]
    candidates = [s for s in model.stores
                  if s.kind == target.kind and not s.closed and _serves(s, target.serving)]
    if not candidates:
        return None
    today = model.clock.day_index(model.env.now)
    ledger_order = {s.store_id: n for n, s in enumerate(model.stores)}
    return max(candidates, key=lambda s: (s.pickers.backlog, s.orders_by_day.get(today, 0),
                                          -ledger_order[s.store_id]))


def _serves(store, village: str | None) -> bool:
    locked = [v.name for v in store.serves if v.locked]
    return bool(locked) if village is None else village in locked


def serves_no_one(store) -> bool:
    """Whether the store serves no locked village now (so no household orders from it)."""
    return not _serves(store, None)


def idle_store_note(store) -> str:
    return f"{store.store_id} serves no locked village now: no one orders from it"


def describe_target(model, target: str | StoreRole) -> str:
    """What the option's store is at this minute, as the table is told before choosing."""
    store = resolve_store(model, target)
    if store is None:
        return f"{target}: none now (no open store of that kind serves it)"
    named = f"{target} is {store.store_id}" if isinstance(target, StoreRole) else store.store_id
    if serves_no_one(store):
        return f"{named}: WARNING: {idle_store_note(store)}"
    serving = ", ".join(v.name for v in store.serves if v.locked)
    return f"{named} (serves {serving}; {store.pickers.backlog} orders in picking)"
