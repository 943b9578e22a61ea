"""The parts of a user's file that have problems, set aside so that the checks needing a whole
valid file (a scenario's cross-references: a store's village, a lockdown's, a road's ends; a
spec's KPI names and policies' paths) still run on the rest, and every problem is listed in
one run.

A spec's checks each read a few of its fields: `valid_fields` builds the spec from the fields
valid on their own, and a check that needs one that is not waits for it to be fixed.

A scenario's cross-references read it whole: `validate_rest` sets a part aside by the smallest
step that lets the rest validate: a key with a problem is deleted (its default stands in; a few
required values take a stand-in), a record with a problem (a village, a store, a lockdown) is
dropped from its list. What a later check says about a part set aside is left out, as it would
be wrong or a repeat: a reference to a record set aside ("unknown village 'Ma'" when Ma's row
has a problem), a check over whole lists when one lost records (duplicate names, categories no
supplier sells, a road network in pieces), anything at or under a key deleted.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, TypeAdapter, ValidationError

MAX_PASSES = 8  # each pass sets aside at least one part; a scenario needs two or three


@dataclass
class SetAside:
    """What the checks of the rest must not judge; paths count records as the file does."""

    names: set[str] = field(default_factory=set)  # of records set aside (villages, stores)
    lists: set[tuple] = field(default_factory=set)  # lists (villages, ledger.stores) that lost records
    keys: set[tuple] = field(default_factory=set)  # keys deleted or given a stand-in
    unread: list[str] = field(default_factory=list)  # files none of whose records could be read
    # list path -> the file's index of each record still in the list (after records were dropped)
    kept: dict[tuple, list[int]] = field(default_factory=dict)

    def record(self, list_path: tuple, record: object) -> None:
        """A record of `list_path` set aside: references to its name or id are not judged."""
        self.lists.add(list_path)
        if isinstance(record, dict):
            self.names.update(v for k in ("name", "id") if isinstance(v := record.get(k), str))

    def merge(self, other: SetAside) -> None:
        """Add what another file of the scenario (its base) set aside."""
        self.names |= other.names
        self.lists |= other.lists
        self.keys |= other.keys
        self.unread += other.unread

    def in_file(self, loc: tuple) -> tuple:
        """`loc` (in the data left after records were dropped) with the record's index in the file."""
        for list_path, kept in self.kept.items():
            n = len(list_path)
            if loc[:n] == list_path and len(loc) > n and isinstance(loc[n], int) and loc[n] < len(kept):
                return loc[:n] + (kept[loc[n]],) + loc[n + 1:]
        return loc

    def hides_schema(self, loc: tuple) -> bool:
        """A schema problem of a list only because its records with problems were left out (no
        village left: "List should have at least 1 item")."""
        return bool(loc) and any(loc == path[:len(loc)] for path in self.lists)

    def hides(self, loc: tuple, message: str) -> bool:
        """Whether a cross-reference problem is about a part set aside (see the module)."""
        head = message.split(";")[0]
        entries = {key[-1] for key in self.keys if isinstance(key[-1], str)}  # store_kinds.<name>
        if head.startswith("unknown ") and any(head.endswith(repr(name))
                                               for name in self.names | entries):
            return True
        if any(loc[:len(key)] == key or key[:len(loc)] == loc for key in self.keys):
            return True
        # a check over whole lists (duplicates, what the suppliers sell, the road network) may
        # miss what a record set aside holds
        return bool(self.lists) and not any(isinstance(part, int) for part in loc)


def validate_rest(validate: Callable[[dict], object], data: dict, errors: list[dict],
                  set_aside: SetAside, stand_ins: dict[tuple, object]) -> object | None:
    """`validate` (which raises ValidationError) on a copy of `data` with the parts `errors`
    name set aside, again until it passes: its result, or None when a part cannot be set aside
    (a required table with a problem). `set_aside` records what was; `stand_ins` gives values
    for required keys by path (a scenario's run name)."""
    data = copy.deepcopy(data)
    for _ in range(MAX_PASSES):
        drops: dict[tuple, set[int]] = {}
        removed: list[tuple] = []  # keys deleted in this pass (several errors may name one)
        for error, path in [(error, _data_path(data, error["loc"])) for error in errors]:
            if any(path[:len(key)] == key for key in removed):
                continue
            if not _set_aside(data, error, path, set_aside, stand_ins, drops, removed):
                return None
        for list_path, indices in drops.items():
            records = _at(data, list_path)
            kept = set_aside.kept.setdefault(list_path, list(range(len(records))))
            for i in sorted(indices, reverse=True):
                set_aside.record(list_path, records.pop(i))
                del kept[i]
        try:
            return validate(data)
        except ValidationError as exc:
            errors = exc.errors()
    return None


def _set_aside(data: dict, error: dict, path: tuple, set_aside: SetAside, stand_ins: dict,
               drops: dict[tuple, set[int]], removed: list[tuple]) -> bool:
    """Set aside the part of `data` an error names (at `path` in it); False when it cannot be."""
    missing = error["type"] == "missing"
    wanted = path + (error["loc"][-1],) if missing and error["loc"] else path
    if wanted in stand_ins:
        _at(data, wanted[:-1])[wanted[-1]] = copy.deepcopy(stand_ins[wanted])
        set_aside.keys.add(wanted)
        return True
    if error["type"] == "extra_forbidden" and path:
        del _at(data, path[:-1])[path[-1]]
        removed.append(path)
        return True
    first = next((n for n, part in enumerate(path) if isinstance(part, int)), None)
    if first is not None and (missing or isinstance(path[-1], int)):
        drops.setdefault(path[:first], set()).add(path[first])  # a record without a valid value
        return True
    if not path:
        return False  # the scenario itself: nothing to set aside
    value = _at(data, path[:-1]).pop(path[-1])  # its default stands in (none: missing, next pass)
    removed.append(path)
    set_aside.keys.add(set_aside.in_file(path))
    for record in value if isinstance(value, list) else ():
        set_aside.record(path, record)  # a list of records set aside whole: their names
    return True


def _data_path(data: object, loc: tuple) -> tuple:
    """The part of pydantic's error location that is in the data: without the names of union
    members it tried (`uniform`, `demand_surge`) and a key that is missing."""
    path: list = []
    for part in loc:
        if isinstance(data, dict) and part in data or (
                isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)):
            data = data[part]
            path.append(part)
    return tuple(path)


def _at(data: object, path: tuple):
    for part in path:
        data = data[part]
    return data


def valid_fields(model: type[BaseModel], data: dict, errors: list[dict]
                 ) -> tuple[BaseModel, set[str]]:
    """`model` built, unchecked as a whole, from what of `data` is valid on its own, and the
    keys that are not: a field with a problem ("root_seed") is left out (one with a default
    takes it); a list of records whose records alone have problems ("kpis.goal": a field of
    a record) keeps its records, each with its valid fields. A check that needs a key that
    failed must not run."""
    failed = set()
    for error in errors:
        loc = error["loc"]
        if len(loc) > 2 and isinstance(loc[1], int):
            failed.add(f"{loc[0]}.{loc[2]}")
        elif loc:
            failed.add(str(loc[0]))
    values = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in failed or key not in data:
            continue
        try:
            values[name] = TypeAdapter(Annotated[info.annotation, info]).validate_python(data[key])
        except ValidationError:
            record = _record_model(info.annotation)
            if record is None or not isinstance(data[key], list):
                failed.add(key)
                continue
            values[name] = [_valid_record(record, raw) for raw in data[key]]
    return model.model_construct(**values), failed


def needs_failed(needs: tuple[str, ...], failed: set[str]) -> list[str]:
    """The keys of `needs` ("kpis", or "kpis.name": a field of every record) that `failed`
    (from `valid_fields`) says have a problem."""
    def failing(need: str) -> bool:
        head = need.split(".")[0]
        return head in failed or need in failed or (
            "." not in need and any(f.startswith(f"{need}.") for f in failed))
    return [need for need in needs if failing(need)]


def _valid_record(model: type[BaseModel], raw: object) -> BaseModel | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        return valid_fields(model, raw, exc.errors())[0] if isinstance(raw, dict) else None


def _record_model(annotation) -> type[BaseModel] | None:
    """The model of a list's records (`list[Kpi]`: Kpi), else None."""
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and args and isinstance(args[0], type) \
            and issubclass(args[0], BaseModel):
        return args[0]
    return None
