"""Which store an option acts on: by id, or by role (the busiest supermarket serving Bajia),
found when the action acts, so a drill written before the run sends goods where the orders
are. A store that serves no locked village takes no orders: sending it goods helps no one,
and the table and the report say so."""

from __future__ import annotations

from sim.apps.drill.spec import StoreRole
from sim.core.i18n import N_
from sim.core.phrase import Phrase, Phrases

STORE_ROLE_WORDS = (N_("busiest"), N_("hub"))  # spec.STORE_ROLES as a reader's language says them


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
    def busiest(s):
        return (s.pickers.backlog, s.orders_by_day.get(today, 0), -ledger_order[s.store_id])
    if target.role == "hub":
        return max(candidates, key=lambda s: (sum(1 for v in s.serves if v.locked), s.floor_m2, busiest(s)))
    return max(candidates, key=busiest)


def _serves(store, village: str | None) -> bool:
    locked = [v.name for v in store.serves if v.locked]
    return bool(locked) if village is None else village in locked


def serves_no_one(store) -> bool:
    """Whether the store serves no locked village now (so no household orders from it)."""
    return not _serves(store, None)


def idle_store_note(store) -> Phrase:
    return Phrase("{store} serves no locked village now: no one orders from it", store=store.store_id)


def describe_target(model, target: str | StoreRole) -> Phrase:
    """What the option's store is at this minute, as the table is told before choosing."""
    store = resolve_store(model, target)
    if store is None:
        return Phrase("{target}: none now (no open store of that kind serves it)", target=role_phrase(target))
    named = (Phrase("{target} is {store}", target=role_phrase(target), store=store.store_id)
             if isinstance(target, StoreRole) else store.store_id)
    if serves_no_one(store):
        return Phrase("{named}: WARNING: {note}", named=named, note=idle_store_note(store))
    serving = Phrases([v.name for v in store.serves if v.locked], ", ")
    return Phrase("{named} (serves {villages}; {backlog} orders in picking)", named=named, villages=serving,
                  backlog=store.pickers.backlog)


def role_phrase(target: str | StoreRole) -> str:
    """A store named by id, or by role ("the busiest supermarket serving Ma")."""
    if not isinstance(target, StoreRole):
        return target
    if target.serving is None:
        return Phrase("the {role} {kind} serving a locked village", role=target.role,
                      kind=target.kind.replace("_", " "))
    return Phrase("the {role} {kind} serving {village}", role=target.role, kind=target.kind.replace("_", " "),
                  village=target.serving)
