"""A comparison's report as structured data: a title, sections with headings, and in each its
lines, figures and tables, already in the reader's language.

What the report says is decided once (`sim/apps/compare/report.py`); `report_markdown.py` and
`report_html.py` only lay it out, so the two files always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lines:
    """Paragraphs and list items (a line that starts with "- "); `code` in backticks."""

    lines: list[str]


@dataclass(frozen=True)
class Figure:
    """A plot: its file, relative to the comparison folder, and what it shows."""

    path: str
    caption: str


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


Block = Lines | Figure | Table


@dataclass(frozen=True)
class Section:
    """A heading, what stands under it, then its own sections (one level down). A section with
    nothing of its own only groups its sections (the report's Per KPI)."""

    heading: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str  # a line under the title, where the layout has room for one
    lang: str
    sections: list[Section]
