"""The manual's Python API page is a notebook the tests run: converted by jupytext, executed on
a real kernel (ipykernel), every cell must run, the plot must be drawn, and each output the page
quotes must be what its cell printed."""

from __future__ import annotations

import pytest
from nbclient.exceptions import CellExecutionError

from tests.support.notebook_page import execute, printed, quoted_outputs, read_page, same_text
from tests.support.paths import ROOT

API_PAGE = ROOT / "docs" / "researchers" / "api.md"
PLOT = "couriers.png"  # the page's last cell saves it in the notebook's folder
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api-notebook")
    return execute(read_page(API_PAGE), folder), folder


def test_every_cell_of_the_api_page_runs(ran):
    notebook, _ = ran
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) >= 6, "the page lost its code cells (jupytext reads ```python blocks as cells)"
    assert all(c.get("execution_count") for c in code), "a cell was not run"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_the_api_page_draws_its_plot(ran):
    notebook, folder = ran
    saved = folder / PLOT
    assert saved.is_file() and saved.read_bytes().startswith(PNG_SIGNATURE)
    shown = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
             if "image/png" in o.get("data", {})]
    assert len(shown) == 1, "plt.show() should put one figure in the notebook"


def test_each_output_the_page_quotes_is_what_its_cell_printed(ran):
    notebook, _ = ran
    quotes = quoted_outputs(notebook)
    assert len(quotes) >= 5
    for index, quoted in quotes:
        cell = notebook.cells[index]
        fresh = printed(cell)
        assert same_text(quoted, fresh), (
            f"{API_PAGE.relative_to(ROOT)}: the output quoted after the cell starting "
            f"{cell.source.splitlines()[0]!r} is not what it prints now; it prints:\n{fresh}")


def test_a_cell_that_raises_fails_the_run(tmp_path):
    notebook = read_page(API_PAGE)
    notebook.cells[1].source += "\nraise RuntimeError('a broken example')"
    with pytest.raises(CellExecutionError, match="a broken example"):
        execute(notebook, tmp_path)
