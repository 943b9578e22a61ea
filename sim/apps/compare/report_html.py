"""A comparison's report written as one self-contained HTML page (`report.html`), the plots
embedded, so it can be mailed and opened anywhere.

The page's sections are flat: a section with nothing of its own only groups others (Per KPI),
so each of them is a section of the page; a section's own sections are headed within it.
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.apps.compare.report_document import Block, Document, Figure, Lines, Section, Table
from sim.apps.report.html_page import esc, img, page, table
from sim.core.i18n import HTML_LANG


def html(document: Document, folder: Path) -> str:
    """The page; the figures are read from their files under `folder`."""
    sections = []
    for section in document.sections:
        if section.blocks:
            sections.append((section.heading, _content(section, folder)))
        else:
            sections += [(inner.heading, _content(inner, folder)) for inner in section.sections]
    return page(document.title, sections, subtitle=document.subtitle,
                lang=HTML_LANG[document.lang])


def _content(section: Section, folder: Path) -> str:
    parts = [_block(block, folder) for block in section.blocks]
    parts += [f"<h3>{esc(inner.heading)}</h3>\n" + _content(inner, folder)
              for inner in section.sections]
    return "\n".join(parts)


def _block(block: Block, folder: Path) -> str:
    if isinstance(block, Lines):
        return html_lines(block.lines)
    if isinstance(block, Figure):
        return img(folder / block.path, block.caption)
    if isinstance(block, Table):
        return table(block.header, block.rows)
    raise TypeError(f"no HTML for {block!r}")


def html_lines(lines: list[str]) -> str:
    """Paragraphs, and list items together in one list; `code` in backticks as <code>."""
    out, items = [], []
    for line in lines:
        text = _code(esc(line))
        if line.startswith("- "):
            items.append(f"<li>{text[2:]}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{text}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)


def _code(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
