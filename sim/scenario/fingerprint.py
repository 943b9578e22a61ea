"""Stored sweeps and comparisons stay usable as the scenario grows.

A sweep or comparison stores a hash of its scenario's JSON beside its runs, and reuses the
runs (a resumed sweep, more replications) only while the hash matches. So what only people
read must not enter the hash (`decisive_part`), and a field added to the schema must not change
the JSON of a scenario that leaves it at its default (the serializers of `Scenario` and
`Supplier`)."""

from __future__ import annotations

from pydantic import BaseModel, SerializationInfo


def without_fields_added_later(section: BaseModel, data: dict, info: SerializationInfo,
                               added_later: tuple[str, ...]) -> dict:
    """`data`, the JSON of `section` its serializer made, without the fields `added_later`
    (fields without an alias) that hold their defaults: a scenario that does not use a field
    writes the JSON it wrote before the field existed. Python dumps (not hashed) keep every
    field."""
    if info.mode_is_json():
        fields = type(section).model_fields
        for name in added_later:
            if getattr(section, name) == fields[name].default:
                data.pop(name, None)
    return data


def decisive_part(scenario_json: dict) -> dict:
    """A scenario's JSON without what changes only what people read: its language and the
    names of villages, stores and suppliers in another language. What is left decides a run,
    so a sweep's or comparison's fingerprint takes this part (a Chinese name added to a
    scenario does not make its stored runs stale)."""
    data = dict(scenario_json)
    if isinstance(data.get("run"), dict):
        data["run"] = {k: v for k, v in data["run"].items() if k != "lang"}

    def plain(entries):
        return [{k: v for k, v in e.items() if k not in ("name_zh", "name_en")} if isinstance(e, dict) else e
                for e in entries] if isinstance(entries, list) else entries

    for key in ("villages", "suppliers"):
        if key in data:
            data[key] = plain(data[key])
    if isinstance(data.get("ledger"), dict):
        data["ledger"] = dict(data["ledger"], stores=plain(data["ledger"].get("stores")))
    return data
