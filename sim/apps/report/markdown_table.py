"""A Markdown table, as every report writes one: a cell's `|` escaped and its line breaks made
spaces, so a cell never breaks the table."""

from __future__ import annotations


def md_table(header: list[str], rows: list[list]) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
