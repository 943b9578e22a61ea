"""A comparison's report written as Markdown (`report.md`): headings by level, list items kept
together, the figures by their relative path, so the file reads well beside its plots/ folder."""

from __future__ import annotations

from sim.apps.compare.report_document import Block, Document, Figure, Lines, Section, Table
from sim.apps.report.markdown_table import md_table


def markdown(document: Document) -> str:
    out = [f"# {document.title}", ""]
    for section in document.sections:
        out += _section(section, 2)
    return "\n".join(out)


def _section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {section.heading}", ""]
    for block in section.blocks:
        out += [*_block(block), ""]
    for inner in section.sections:
        out += _section(inner, level + 1)
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Lines):
        return md_lines(block.lines)
    if isinstance(block, Figure):
        return [f"![{block.caption}]({block.path})"]
    if isinstance(block, Table):
        return [md_table(block.header, block.rows)]
    raise TypeError(f"no Markdown for {block!r}")


def md_lines(lines: list[str]) -> list[str]:
    """List items stay together; other lines are paragraphs."""
    out = []
    for line in lines:
        if out and not (line.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(line)
    return out
