"""Values and keys written as TOML text, for the files the tools write for people to edit
(a drill from its MSEL spreadsheet, a starting scenario's store kinds)."""

from __future__ import annotations

import datetime as dt
import json
import re


def toml_value(value) -> str:
    """A value as TOML (strings, numbers, booleans, lists, tables inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as TOML")


def toml_key(key: str) -> str:
    """A table key as TOML: bare when it may be, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)
