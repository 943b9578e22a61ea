"""A manual page that is also a notebook (jupytext's Markdown format): read it, run it on a real
kernel, and pair each quoted output with the cell that should print it.

On the page, a ```text block right after a code cell is what that cell prints; the test
compares the two, so the page quotes real output and says when it goes stale."""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from tests.support.paths import ROOT

KERNEL = "python3"  # ipykernel's own kernel for this interpreter: no Jupyter install needed
CELL_TIMEOUT_SECONDS = 300
OPEN_QUOTE, CLOSE_QUOTE = "```text\n", "\n```"  # a quoted output
INLINE_PLOTS = "module://matplotlib_inline.backend_inline"  # plt.show() sends a PNG to the notebook


def read_page(page: Path) -> nbformat.NotebookNode:
    return jupytext.read(page)


def execute(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run every cell in order with `folder` as the working directory, importing this checkout's
    code (not whichever copy the environment has installed); raises `CellExecutionError` at the
    first cell that raises."""
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "MPLBACKEND")}
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), saved["PYTHONPATH"]) if p)
    os.environ["MPLBACKEND"] = INLINE_PLOTS
    try:
        NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT_SECONDS,
                       resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return notebook


def printed(cell) -> str:
    """What a code cell wrote to stdout."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == "stdout")


def quoted_outputs(notebook) -> list[tuple[int, str]]:
    """(index of the code cell, the text the page quotes after it) for each Markdown cell that
    opens with a ```text block right after a code cell."""
    quotes = []
    for i, cell in enumerate(notebook.cells[1:], start=1):
        source = cell.source.lstrip("\n")
        if (cell.cell_type == "markdown" and notebook.cells[i - 1].cell_type == "code"
                and source.startswith(OPEN_QUOTE) and CLOSE_QUOTE in source):
            quotes.append((i - 1, source[len(OPEN_QUOTE):source.index(CLOSE_QUOTE)]))
    return quotes


def same_text(a: str, b: str) -> bool:
    """Equal but for trailing spaces on a line and blank lines at the ends."""
    def lines(text):
        return [line.rstrip() for line in text.strip("\n").splitlines()]
    return lines(a) == lines(b)
