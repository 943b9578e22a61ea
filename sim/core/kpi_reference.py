"""The KPI reference in Markdown, from the registry (`sim/core/kpi_registry.py`): the README's KPI
table, a row per entry with its KPIs, units, definition, condition and contributor, and the
placeholders' values under it.

    python -m sim.core.kpi_reference --markdown
"""

from __future__ import annotations

import argparse
import sys

from sim.core.kpi_registry import ENTRIES, PLACEHOLDERS


def markdown_table() -> str:
    """The KPI table of the README, and the placeholders' values under it."""
    lines = ["| key | unit | definition | contributed by |", "| --- | --- | --- | --- |"]
    for entry in ENTRIES:
        names = ", ".join(f"`{n}`" for n in entry.names)
        definition = entry.definition
        if entry.condition:
            definition = f"only {entry.condition}: {definition}"
        who = entry.contributor
        lines.append(f"| {names} | {_units_cell(entry.units)} | {definition} | `{who.name}` (`{who.module}`) |")
    lines += ["", "The placeholders of the patterns:", ""]
    for name, placeholder in PLACEHOLDERS.items():
        values = (", ".join(f"`{v}`" for v in placeholder.values) if placeholder.values
                  else "any name")
        lines.append(f"- `<{name}>`: {placeholder.what}: {values}")
    return "\n".join(lines) + "\n"


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
    parser.add_argument("--markdown", action="store_true", required=True,
                        help="print the README's KPI table")
    parser.parse_args(argv)
    sys.stdout.write(markdown_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
