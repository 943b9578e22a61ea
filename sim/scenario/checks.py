"""The checks across sections: names that must refer to each other (villages, stores, store
kinds, categories, suppliers), days before the horizon, the roles of goods fitting together,
and the road network's (`sim/core/roads.py`). Each problem is a (field path, message) pair so that
the loader can say where in the file it is; a section's own checks stay on the section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.core.roads import network_problems
from sim.scenario.disruptions import RoadClosedDisruption, SupplierOutage
from sim.scenario.household_types import household_type_problems
from sim.scenario.supply import ALL_VILLAGES

if TYPE_CHECKING:
    from sim.scenario.root import Scenario


def reference_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Names that must refer to each other, as (field path, message) pairs: the loader
    locates each in the file."""
    problems: list[tuple[tuple, str]] = []
    names = [v.name for v in sc.villages]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        problems.append((("villages",), f"duplicate names {dup}"))
    ids = [s.id for s in sc.ledger.stores]
    dup_ids = sorted({i for i in ids if ids.count(i) > 1})
    if dup_ids:
        problems.append((("ledger", "stores"), f"duplicate ids {dup_ids}"))
    known = set(names)
    for i, s in enumerate(sc.ledger.stores):
        if s.village not in known:
            problems.append(
                (("ledger", "stores", i, "village"), f"unknown village {s.village!r}; known: {sorted(known)}")
            )
    for i, lk in enumerate(sc.lockdowns):
        if lk.village not in known:
            problems.append(
                (("lockdowns", i, "village"), f"unknown village {lk.village!r}; known: {sorted(known)}")
            )
        if lk.start_day >= sc.run.horizon_days:
            problems.append(
                (("lockdowns", i, "start_day"),
                 f"{lk.start_day} is not before the horizon ({sc.run.horizon_days} days)")
            )
    problems.extend(_goods_problems(sc))
    problems.extend(_disruption_problems(sc))
    problems.extend(_channel_problems(sc))
    problems += network_problems(sc)  # road ends, pieces, closures (sim/core/roads.py)
    return problems


def _disruption_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Disruptions must name suppliers and villages the town has, start before the horizon,
    and close roads only where roads can be closed."""
    problems = []
    suppliers = [s.name for s in sc.suppliers]
    villages = [v.name for v in sc.villages]
    for i, d in enumerate(sc.disruptions):
        loc = ("disruptions", i)
        if d.start_day >= sc.run.horizon_days:
            problems.append((loc + ("start_day",), f"{d.start_day} is not before the horizon "
                                                   f"({sc.run.horizon_days} days)"))
        if isinstance(d, SupplierOutage) and d.supplier not in suppliers:
            problems.append((loc + ("supplier",), f"unknown supplier {d.supplier!r}; known: {suppliers}"))
        village = getattr(d, "village", None)
        if village is not None and village not in villages:
            problems.append((loc + ("village",), f"unknown village {village!r}; known: {sorted(villages)}"))
        if isinstance(d, RoadClosedDisruption) and d.from_ is not None and not sc.roads.edges:
            problems.append((loc + ("from",), "this town has no road network ([roads] edges): "
                                              "close the roads into a `village` instead"))
    return problems


def _goods_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Every name of a category or store kind must be one the scenario declares, and the roles
    of categories must fit together."""
    problems: list[tuple[tuple, str]] = []
    categories = list(sc.categories)
    kinds = list(sc.store_kinds)
    uses = {c: g.use for c, g in sc.categories.items()}
    pantry = [c for c in categories if uses[c] in ("food", "ready_meals")]

    def unknown(loc, names, allowed, what):
        for name in names:
            if name not in allowed:
                problems.append((loc, f"unknown {what} {name!r}; declared: {allowed}"))

    for use in ("ready_meals", "medicine"):
        having = [c for c in categories if uses[c] == use]
        if len(having) > 1:
            problems.append((("categories",), f"at most one category may have use = {use!r}; "
                                              f"these do: {having}"))
    if not pantry:
        problems.append((("categories",), "no category has use = \"food\" or \"ready_meals\": "
                                          "households would eat nothing"))
    unknown(("consumption_per_person_day",), sc.consumption_per_person_day, categories, "category")
    missing = [c for c in categories if c not in sc.consumption_per_person_day]
    if missing:
        problems.append((("consumption_per_person_day",), f"missing for {missing}"))
    stock = sc.households.stock_days_at_lockdown
    unknown(("households", "stock_days_at_lockdown"), stock, pantry, "food category")
    missing = [c for c in pantry if c not in stock]
    if missing:
        problems.append((("households", "stock_days_at_lockdown"), f"missing for {missing}"))
    problems += household_type_problems(sc.households.types, pantry)
    without_energy = [c for c in pantry if sc.categories[c].kcal_per_unit is None]
    if without_energy and len(without_energy) < len(pantry):
        for c in without_energy:
            problems.append((("categories", c, "kcal_per_unit"),
                             "missing: declare the energy of every food and ready-meal category "
                             "or of none (none: a unit of each counts alike)"))
    supplied = {c for s in sc.suppliers if not s.bulk_orders_only for c in s.categories}
    for kind, settings in sc.store_kinds.items():
        unknown(("store_kinds", kind, "categories"), settings.categories, categories, "category")
        for field in ("stock_per_m2", "back_room_per_m2"):
            unknown(("store_kinds", kind, field), getattr(settings, field), settings.categories,
                    f"category of {kind}")
        for c in settings.categories:
            if c in categories and c not in supplied:
                problems.append((("store_kinds", kind, "categories"), f"no supplier sells {c!r}"))
    medicine_kinds = [k for k, s in sc.store_kinds.items()
                      if any(uses.get(c) == "medicine" for c in s.categories)]
    if len(medicine_kinds) > 1:
        problems.append((("store_kinds",), f"only one store kind may sell medicine; these do: "
                                           f"{medicine_kinds}"))
    food_kinds = [k for k, s in sc.store_kinds.items()
                  if any(uses.get(c) in ("food", "ready_meals") for c in s.categories)]
    unknown(("households", "food_kind_weights"), sc.households.food_kind_weights, food_kinds,
            "store kind selling food")
    for i, store in enumerate(sc.ledger.stores):
        if store.kind not in sc.store_kinds:
            problems.append((("ledger", "stores", i, "kind"),
                             f"unknown store kind {store.kind!r}; declared: {kinds}"))
    unknown(("command_centre", "standard_kinds"), sc.command_centre.standard_kinds or [], kinds,
            "store kind")
    for i, supplier in enumerate(sc.suppliers):
        unknown(("suppliers", i, "categories"), supplier.categories, categories, "category")
        unknown(("suppliers", i, "daily_capacity"), supplier.daily_capacity, supplier.categories,
                f"category of {supplier.name}")
    unknown(("depot", "category_shares"), sc.depot.category_shares or {}, categories, "category")
    if isinstance(sc.depot.cover_days, dict):
        unknown(("depot", "cover_days"), sc.depot.cover_days, categories, "category")
    return problems



def _channel_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Names in `[group_buying]` and `[[push_packs]]`: suppliers, villages, categories."""
    problems: list[tuple[tuple, str]] = []
    suppliers = {s.name: s for s in sc.suppliers}
    food = [c for c, g in sc.categories.items() if g.use == "food"]
    gb = sc.group_buying
    if gb is not None:
        name = sc.group_buying_supplier()
        if gb.supplier is not None and gb.supplier not in suppliers:
            problems.append((("group_buying", "supplier"),
                             f"unknown supplier {gb.supplier!r}; known: {sorted(suppliers)}"))
        elif name is None or not set(food) & set(suppliers[name].categories):
            problems.append((("group_buying", "supplier"),
                             f"{name or 'no supplier'} sells no food category; food: {food}"))
    villages = [v.name for v in sc.villages]
    categories = list(sc.categories)
    for i, pack in enumerate(sc.push_packs):
        where = ("push_packs", i)
        if pack.village != ALL_VILLAGES and pack.village not in villages:
            problems.append((where + ("village",), f"unknown village {pack.village!r}; known: "
                                                   f"{villages} or {ALL_VILLAGES!r}"))
        for c in pack.content:
            if c not in categories:
                problems.append((where + ("content", c), f"unknown category {c!r}; declared: "
                                                         f"{categories}"))
        if pack.day is not None and pack.day >= sc.run.horizon_days:
            problems.append((where + ("day",), f"{pack.day} is not before the horizon "
                                               f"({sc.run.horizon_days} days)"))
        source = sc.push_pack_source(pack)
        allowed = f"'depot' or a supplier: {sorted(suppliers)}"
        if source is None:
            problems.append((where + ("source",), f"no supplier sells all of "
                                                  f"{sorted(pack.content)}; allowed: {allowed}"))
        elif source == "depot":
            if not sc.depot.exists:
                problems.append((where + ("source",), "the town has no depot (depot.capacity_kg "
                                                      f"is 0); allowed: {allowed}"))
        elif source not in suppliers:
            problems.append((where + ("source",), f"unknown source {source!r}; allowed: {allowed}"))
        else:
            missing = [c for c in pack.content if c in categories
                       and c not in suppliers[source].categories]
            if missing:
                problems.append((where + ("source",), f"{source} does not sell {missing}"))
    return problems
