"""Which declared KPI a key of `kpis.json` belongs to, and `kpis.json`'s key order: the
registry's entries (`sim/core/kpi_registry.py`) matched by exact name first, then by pattern
(a placeholder stands for one of its values, or for any name)."""

from __future__ import annotations

import re
from functools import lru_cache

from sim.core.kpi_registry import ENTRIES, PLACEHOLDER_REGEX, PLACEHOLDERS

_ANY_NAME = r"[a-z0-9_]+?"


def pattern_regex(name: str) -> re.Pattern:
    """A pattern's regular expression: each placeholder one of its values, or any name (a
    category counted in kg appears as `<category>_kg`, so a bare `<category>` never ends in
    `_kg`)."""
    parts, at = [], 0
    for m in PLACEHOLDER_REGEX.finditer(name):
        parts.append(re.escape(name[at:m.start()]))
        values = PLACEHOLDERS[m.group(1)].values
        parts.append(f"(?:{'|'.join(map(re.escape, values))})" if values
                     else f"{_ANY_NAME}(?<!_kg)")
        at = m.end()
    parts.append(re.escape(name[at:]))
    return re.compile("".join(parts))


_EXACT = {name: i for i, entry in enumerate(ENTRIES) for name in entry.names if "<" not in name}
_PATTERNS = [(pattern_regex(name), i, name) for i, entry in enumerate(ENTRIES)
             for name in entry.names if "<" in name]


@lru_cache(maxsize=4096)
def declaration_of(key: str) -> tuple[int, str] | None:
    """(the entry's index, the declared name or pattern) of a key of kpis.json; None if no
    entry declares it. An exact name comes before a pattern (`household_days_without_energy`
    is not a category's)."""
    if key in _EXACT:
        return _EXACT[key], key
    for regex, index, name in _PATTERNS:
        if regex.fullmatch(key):
            return index, name
    return None


def in_declared_order(figures: dict) -> dict:
    """`figures` ordered by their entries (keys of one entry as given); undeclared keys last,
    as given (a test keeps there from being any)."""
    last = len(ENTRIES)

    def rank(item) -> int:
        found = declaration_of(item[0])
        return last if found is None else found[0]

    return dict(sorted(figures.items(), key=rank))
