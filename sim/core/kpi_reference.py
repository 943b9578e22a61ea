"""The KPI reference in Markdown, from the registry (`sim/core/kpi_registry.py`): one KPI
table, a row per entry with its KPIs, units, definition, condition and contributor, and the
placeholders' values under it; and the manual's page of KPIs (`docs/reference/kpis.md`), a table
per contributing actor.

    python -m sim.core.kpi_reference --markdown
    python -m sim.core.kpi_reference --page
"""

from __future__ import annotations

import argparse
import re
import sys

from sim.core.kpi_registry import ENTRIES, PLACEHOLDER_REGEX, PLACEHOLDERS, Contributor, Entry


def markdown_table() -> str:
    """All KPIs in one table, and the placeholders' values under it."""
    lines = ["| key | unit | definition | contributed by |", "| --- | --- | --- | --- |"]
    for entry in ENTRIES:
        names = ", ".join(f"`{n}`" for n in entry.names)
        definition = entry.definition
        if entry.condition:
            definition = f"only {entry.condition}: {definition}"
        who = entry.contributor
        lines.append(f"| {names} | {_units_cell(entry.units)} | {definition} | `{who.name}` (`{who.module}`) |")
    lines += ["", "The placeholders of the patterns:", ""] + _placeholder_lines()
    return "\n".join(lines) + "\n"


def _placeholder_lines() -> list[str]:
    lines = []
    for name, placeholder in PLACEHOLDERS.items():
        values = (", ".join(f"`{v}`" for v in placeholder.values) if placeholder.values
                  else "any name")
        lines.append(f"- `<{name}>`: {placeholder.what}: {values}")
    return lines


# The README's sections the registry's definitions link to, and where the manual says the same
# (a link to a section the manual does not have is kept as its words).
MANUAL_LINKS = {"roads": "scenario.md#roads"}
_LINK = re.compile(r"\[([^\]]+)\]\(#([^)]+)\)")


def kpi_reference() -> str:
    """The manual's KPI page: a table per actor, in the order `kpis.json` first names them; a KPI
    not always present says when it is, as the README's table does."""
    lines = [
        "---",
        "hide: [navigation]",  # the tables want the page's width
        "---",
        "",
        "# KPIs",
        "",
        "Every key of a run's `kpis.json`, generated from the registry of KPIs "
        "(`sim/core/kpi_registry.py`), by the actor that computes it. A name with a part in "
        "angle brackets is a family of keys, one for each value of the part (listed at the end).",
        "",
    ]
    by_actor: dict[Contributor, list[Entry]] = {}
    for entry in ENTRIES:
        by_actor.setdefault(entry.contributor, []).append(entry)
    for actor, entries in by_actor.items():
        lines += [f"## `{actor.name}` {{#{actor.name.lower()}}}", "",
                  f"Computed in `{actor.module}`.", "",
                  "| KPI | unit | definition |", "| --- | --- | --- |"]
        for entry in entries:
            names = ", ".join(f"`{n}`{{#{kpi_anchor(n)}}}" for n in entry.names)
            definition = _manual(entry.definition)
            if entry.condition:
                definition = f"only {_manual(entry.condition)}: {definition}"
            lines.append(f"| {names} | {_units_cell(entry.units)} | {definition} |")
        lines.append("")
    lines += ["## The placeholders {#placeholders}", ""] + _placeholder_lines()
    return "\n".join(lines) + "\n"


def kpi_anchor(name: str) -> str:
    """A KPI's id on the manual's page: its name, a placeholder by its own name
    (`orders_cancelled_<reason>`: `orders_cancelled_reason`)."""
    return PLACEHOLDER_REGEX.sub(lambda m: m.group(1), name)


def _manual(text: str) -> str:
    """A definition's links to the README's sections as links to the manual's, or words."""
    def link(m: re.Match) -> str:
        target = MANUAL_LINKS.get(m.group(2))
        return f"[{m.group(1)}]({target})" if target else m.group(1)

    return _LINK.sub(link, text).replace("|", "\\|")


def _units_cell(units: tuple[str, ...]) -> str:
    """The entry's units in its names' order, a run of one unit once with its count:
    `orders x2, units, minutes x2`; one unit alone when all share it."""
    runs: list[list] = []
    for unit in units:
        if runs and runs[-1][0] == unit:
            runs[-1][1] += 1
        else:
            runs.append([unit, 1])
    if len(runs) == 1:
        return units[0]
    return ", ".join(unit if n == 1 else f"{unit} ×{n}" for unit, n in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.core.kpi_reference",
                                     description="The KPIs of kpis.json, as declared.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--markdown", action="store_true", help="print every KPI in one table")
    what.add_argument("--page", action="store_true", help="print the manual's page of KPIs")
    args = parser.parse_args(argv)
    sys.stdout.write(kpi_reference() if args.page else markdown_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
