"""Store kinds a planner's ledger names that Beizang's catalogue lacks (a `front_warehouse`),
declared in the starting scenario `town init` writes: each a copy of Beizang's closest kind
that sells no medicine (at most one kind may), so that the file runs at once, with comments
saying what the planner fills in (what it sells, its shelves, pickers and hours).

The new kinds also get a channel when a village is locked (`command_centre.standard_kinds`)
and the weight households give their template (`households.food_kind_weights`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sim.core.toml_text import toml_key, toml_value
from sim.scenario import Scenario

FILL_IN = "FILL IN"  # the mark of a line of the planner's own kinds
# what each setting of a kind means, for the planner filling it in
_SETTINGS = {
    "categories": "the categories it sells, of: {categories}",
    "stock_per_m2": "stock on its shelves per m2 of floor, in each category's unit ({units})",
    "back_room_per_m2": "stock its back room holds beyond the shelves per m2 of floor ({units})",
    "pickers_per_100_m2": "pickers per 100 m2 of floor",
    "min_pickers": "pickers at least, however small the store",
    "max_pickers": "pickers at most",
    "pick_minutes": "minutes to pick one order (a distribution)",
    "opening_hours": "the hours of the day its pickers work [start, end]",
    "max_orders_per_picker_day": "orders a picker fills in a day at most",
    "stores_per_village": "stores of this kind that serve one locked village",
}


@dataclass(frozen=True)
class NewKind:
    name: str
    template: str  # Beizang's kind it is a copy of
    stores: int  # in the ledger


def new_kinds(stores: list[dict], beizang: Scenario) -> list[NewKind]:
    """The kinds the ledger's rows name that Beizang lacks, in the order first named, each with
    the Beizang kind it starts as a copy of: the closest by name, else the first food kind."""
    named: dict[str, int] = {}
    for row in stores:
        kind = row.get("kind")
        if isinstance(kind, str) and kind not in beizang.store_kinds:
            named[kind] = named.get(kind, 0) + 1
    medicine = beizang.goods.medicine
    templates = [k for k, s in beizang.store_kinds.items() if medicine not in s.categories]
    food = [k for k in templates if k in beizang.goods.food_kinds]
    return [NewKind(kind, (difflib.get_close_matches(kind, templates, n=1) or food)[0], count)
            for kind, count in named.items()]


def with_new_kinds(text: str, kinds: list[NewKind], beizang: Scenario, stores_path: str) -> str:
    """The starting scenario's text with the new kinds declared at its end, added to the
    standard kinds and given their template's household weight."""
    if not kinds:
        return text
    weights = beizang.households.food_kind_weights
    added = ", ".join(repr(k.name) for k in kinds)
    text = _add_to_line(text, "standard_kinds", "]",
                        "".join(f", {toml_value(k.name)}" for k in kinds),
                        f"your kinds {added}: {FILL_IN} whether each gets a channel")
    weighted = [k for k in kinds if k.template in weights]
    if weighted:
        text = _add_to_line(text, "food_kind_weights", "}",
                            "".join(f", {toml_key(k.name)} = {weights[k.template]!r}" for k in weighted),
                            f"{FILL_IN} your kinds' weights (copies of their templates')")
    lines = text.rstrip().splitlines() + [
        "", "",
        f"# YOUR STORE KINDS: named in {stores_path}, unknown to Beizang. Each starts as a copy of",
        "# a Beizang kind so that this file runs at once: replace every value marked FILL IN with",
        "# what your stores of that kind sell and how they work (sim/scenario/stores.py, StoreKindSettings,",
        "# says more of each setting).",
    ]
    for kind in kinds:
        lines += [""] + kind_declaration(kind, beizang)
    return "\n".join(lines) + "\n"


def kind_declaration(kind: NewKind, beizang: Scenario) -> list[str]:
    """`[store_kinds.<name>]` with the template's settings, each line saying what it means."""
    settings = beizang.store_kinds[kind.template].model_dump(mode="json")
    known = {"categories": ", ".join(beizang.categories),
             "units": ", ".join(f"{c}: {g.unit}" for c, g in beizang.categories.items())}
    lines = [f"# {kind.name} ({kind.stores} store(s)): a copy of Beizang's {kind.template}; "
             f"{FILL_IN} each value",
             f"[store_kinds.{toml_key(kind.name)}]"]
    for key, meaning in _SETTINGS.items():
        value = settings.get(key)
        comment = f"  # {FILL_IN}: {meaning.format(**known)}"
        if value is None:
            lines.append(f"# {key} = ...{comment} (left out: no limit)")
        else:
            lines.append(f"{key} = {toml_value(value)}{comment}")
    return lines


def _add_to_line(text: str, key: str, closing: str, addition: str, comment: str) -> str:
    """`key = [...]` or `key = {...}` (one line) with `addition` before its closing bracket
    and `comment` after it."""
    pattern = re.compile(rf"^(\s*{key}\s*=\s*[\[{{].*?)(\s*{re.escape(closing)})(.*)$", re.M)

    def add(match: re.Match) -> str:
        rest = match.group(3)
        note = f"{rest}; {comment}" if "#" in rest else f"{rest}  # {comment}"
        return f"{match.group(1)}{addition}{match.group(2)}{note}"

    return pattern.sub(add, text, count=1)
