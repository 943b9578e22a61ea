"""A scenario field's type, allowed values, unit and default as the manual's reference page
writes them (`field_reference.py`), read from the pydantic field itself: the annotation, the
bounds (`ge`, `gt`, `le`, `lt`, lengths), the words a `Literal` allows and the default. The unit
comes from the field's name, which carries it by the schema's convention (`_minutes`, `_km`,
`_share`, ...), as a KPI's key does (`sim/core/kpi_kinds.py`)."""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from dataclasses import dataclass

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim.core.distributions import DistSpec
from sim.core.toml_text import toml_key, toml_value
from sim.scenario.section import DailyHours

DIST_CLASSES = typing.get_args(typing.get_args(DistSpec)[0])
DISTRIBUTION = "[distribution](#distributions)"
_DAILY_HOURS_CHECK = typing.get_args(DailyHours)[1].func
SCALARS = {bool: "true or false", int: "whole number", float: "number", str: "text",
           dt.datetime: "date and time"}
PLURALS = {"whole number": "whole numbers", "number": "numbers", "text": "texts",
           "true or false": "true or false", DISTRIBUTION: "distributions", "choice": "choices"}


@dataclass(frozen=True)
class Nested:
    """A field holding tables of its own: one (`table`), a list of them (`list`, TOML's
    `[[path]]`) or named ones (`named`, `[path.<name>]`); `models` holds one class, or the
    classes a `kind` key tells apart."""

    shape: str
    models: tuple[type[BaseModel], ...]


@dataclass(frozen=True)
class TypeText:
    type: str  # Markdown
    allowed: str  # Markdown: bounds, words, lengths
    nested: Nested | None = None


def type_text(field: FieldInfo) -> TypeText:
    """The field's type and allowed values, and the tables it holds (if any)."""
    annotation = field.annotation
    allowed = _bounds(field.metadata, annotation)
    if _is_daily_hours(field.metadata):
        return TypeText("[start, end] hours of the day", "0 ≤ start < 24, start < end ≤ start + 24")
    text, words, nested = _describe(annotation, field.discriminator)
    return TypeText(text, "; ".join(part for part in (words, allowed) if part), nested)


def _describe(annotation, discriminator=None) -> tuple[str, str, Nested | None]:
    """(type, words allowed, tables held) of an annotation."""
    annotation, discriminator = _unwrapped(annotation, discriminator)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if _is_distribution(annotation):
        return DISTRIBUTION, "", None  # every draw is 0 or more: the page says so once
    if origin is typing.Literal:
        return "choice", ", ".join(f"`{toml_value(a)}`" for a in args), None
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        if discriminator or (all(_is_model(a) for a in present) and len(present) > 1):
            return "table, by `kind`", "", Nested("table", tuple(present))
        described = [_describe(a) for a in present]
        text = " or ".join(d[0] for d in described)
        text += " or none" if len(present) < len(args) else ""
        words = "; ".join(d[1] for d in described if d[1])
        return text, words, next((d[2] for d in described if d[2]), None)
    if _is_model(annotation):
        return "table", "", Nested("table", (annotation,))
    if origin in (list, tuple):
        inner, words, nested = _describe(args[0])
        if nested is not None:
            return "list of tables", "", Nested("list", nested.models)
        if origin is tuple and len(args) > 1 and args[-1] is not Ellipsis:
            return "[" + ", ".join(_describe(a)[0] for a in args) + "]", words, None
        return f"list of {PLURALS.get(inner, inner)}", words, None
    if origin is dict:
        inner, words, nested = _describe(args[1])
        if nested is not None:
            return "tables by name", "", Nested("named", nested.models)
        return f"table of name = {inner}", words, None
    return SCALARS.get(annotation, getattr(annotation, "__name__", str(annotation))), "", None


def _unwrapped(annotation, discriminator):
    """The annotation without `Annotated`, and the discriminator it carried."""
    while typing.get_origin(annotation) is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        for extra in extras:
            if isinstance(extra, FieldInfo) and extra.discriminator:
                discriminator = extra.discriminator
        annotation = base
    return annotation, discriminator


def _is_distribution(annotation) -> bool:
    args = typing.get_args(annotation)
    return bool(args) and set(args) == set(DIST_CLASSES)


def _is_model(annotation) -> bool:
    return inspect.isclass(annotation) and issubclass(annotation, BaseModel)


def _is_daily_hours(metadata) -> bool:
    return any(getattr(m, "func", None) is _DAILY_HOURS_CHECK for m in metadata)


def _bounds(metadata, annotation) -> str:
    """`0 ≤ x ≤ 1`, `> 0`, `at least 1 entry`, ... from the field's constraints."""
    low = high = ""
    lengths = {}
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            low = f"{_number(m.ge)} ≤ "
        elif isinstance(m, annotated_types.Gt):
            low = f"{_number(m.gt)} < "
        elif isinstance(m, annotated_types.Le):
            high = f" ≤ {_number(m.le)}"
        elif isinstance(m, annotated_types.Lt):
            high = f" < {_number(m.lt)}"
        elif isinstance(m, annotated_types.MinLen):
            lengths["min"] = m.min_length
        elif isinstance(m, annotated_types.MaxLen):
            lengths["max"] = m.max_length
    parts = []
    if low and high:
        parts.append(f"{low}x{high}")
    elif low:
        parts.append("≥ " + low[:-3] if low.endswith("≤ ") else "> " + low[:-3])
    elif high:
        parts.append(high.strip())
    if lengths:
        parts.append(_lengths(lengths, annotation))
    return "; ".join(parts)


def _lengths(lengths: dict, annotation) -> str:
    text_only = annotation is str or (typing.get_origin(annotation) in (typing.Union, types.UnionType)
                                      and str in typing.get_args(annotation))
    if text_only and lengths == {"min": 1}:
        return "not empty"
    least, most = lengths.get("min"), lengths.get("max")
    if least is not None and least == most:
        return f"exactly {least} entries"
    if most is None:
        return f"at least {least} {'entry' if least == 1 else 'entries'}"
    return f"{least or 0} to {most} entries"


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# Units the name does not tell, by the field's path (`<name>` for a named table's entry).
UNITS_BY_PATH = {
    "villages[].population": "persons",
    "villages[].gate_volunteers": "volunteers",
    "couriers.whitelist_size": "couriers",
    "couriers.contact_team_size": "couriers",
    "command_centre.coordinators": "coordinators",
    "command_centre.urgent_staff": "staff",
    "command_centre.urgent_staff_per_village": "staff",
    "store_kinds.<name>.min_pickers": "pickers",
    "store_kinds.<name>.max_pickers": "pickers",
    "store_kinds.<name>.stock_per_m2": "category's unit per m²",
    "store_kinds.<name>.back_room_per_m2": "category's unit per m²",
    "store_kinds.<name>.stores_per_village": "stores",
    "store_staff.drafted_pickers": "pickers",
    "volunteers.orders_per_round": "orders",
    "order_caps.limit": "food orders a day",
    "categories.<name>.kcal_per_unit": "kcal per category's unit",
    "categories.<name>.guideline_per_person_day": "category's unit per person-day",
    "consumption_per_person_day": "category's unit per person-day",
    "households.types.<name>.consumption_per_person_day": "category's unit per person-day",
    "households.size_persons": "persons",
    "households.types.<name>.size_persons": "persons",
    "households.food_kind_weights": "relative weights",
    "households.order_hour_weights": "relative weights, hour 0 to 23",
    "households.volunteer_collection_hours": "hours of the day",
    "suppliers[].daily_capacity": "kg a day",
    "suppliers[].trucks_per_day": "trucks a day",
    "group_buying.min_households": "households",
    "group_buying.group_size": "households",
    "command_centre.urgent_households_per_staff": "households",
    "command_centre.urgent_calls_per_trip": "calls",
    "push_packs[].content": "category's unit per household",
    "depot.costs.purchase_per_kg": "yuan per kg",
    "depot.costs.holding_per_kg_day": "yuan per kg-day",
    "depot.costs.capacity_per_kg_year": "yuan per kg-year",
    "depot.category_shares": "share",
    "roads.detour_factor": "× straight line",
    "disruptions[].detour_factor": "× usual length",
}
# Units read from a name's ending, the first that fits deciding (longest endings first).
UNITS_BY_ENDING = (
    ("_probability_per_day", "probability a day"),
    ("_km_per_h", "km/h"), ("_kg_per_hour", "kg an hour"), ("_per_100_m2", "per 100 m²"),
    ("_orders_per_household_day", "orders per household-day"),
    ("_orders_per_picker_day", "orders per picker-day"), ("_trips_per_day", "trips a day"),
    ("_trip_hours_per_day", "hours a day"), ("packs_per_hour", "packs an hour"),
    ("_minutes_per_order", "minutes per order"),
    ("_minutes_per_household", "minutes per household"),
    ("_batch_orders", "orders"),
    ("_share", "share (0 to 1)"), ("_minutes", "minutes"), ("_hour", "hour of the day"),
    ("_hour_range", "hours of the day"), ("_hours", "hours"), ("_days", "days"), ("days_on", "days"),
    ("days_off", "days"), ("start_day", "days since the start"), ("_km", "km"), ("_m2", "m²"),
    ("_kg", "kg"),
)
BARE_NAMES = {"days": "days", "day": "days since the start", "hours": "hours", "km": "km"}


def unit_of(path: str, name: str, type_: str) -> str:
    """The unit of the field at `path` (its last part `name`), "" when it has none."""
    if path in UNITS_BY_PATH:
        return UNITS_BY_PATH[path]
    if type_ == "[start, end] hours of the day" or name == "delivery_hours":
        return "hours of the day"
    if name in BARE_NAMES:
        return BARE_NAMES[name]
    for ending, unit in UNITS_BY_ENDING:
        if name.endswith(ending):
            return unit
    return ""


def default_value(field: FieldInfo):
    """The field's default (its factory called); PydanticUndefined for a required field."""
    if field.default_factory is not None:
        return field.default_factory()
    return field.default


def as_toml(value) -> str:
    """A default as a user writes it in the scenario file (`none` for None)."""
    return "none" if value is None else toml_value(_plain(value))


def as_toml_tables(header: str, value) -> str:
    """A long default as TOML lines under `[header]` (tables of tables under their own)."""
    value = _plain(value)
    if not isinstance(value, dict):
        return f"{header.rsplit('.', 1)[-1]} = {toml_value(value)}\n"
    if all(isinstance(v, dict) and "dist" not in v for v in value.values()):
        return "\n".join(as_toml_tables(f"{header}.{toml_key(k)}", v) for k, v in value.items())
    lines = [f"[{header}]"] + [f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def _plain(value):
    """Models as their TOML tables (by alias), whole floats as integers, tuples as lists."""
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(by_alias=True, exclude_none=True))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value

