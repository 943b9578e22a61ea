"""A comparison's report is decided once, as headed sections of lines, figures and tables, and
laid out twice: Markdown (headings by level, list items together, figures by their path) and
one HTML page (flat sections, the figures embedded, `code` as <code>)."""

from __future__ import annotations

import base64

from sim.apps.compare.report_document import Document, Figure, Lines, Section, Table
from sim.apps.compare.report_html import html
from sim.apps.compare.report_markdown import markdown

PNG = b"\x89PNG\r\n\x1a\n not really a picture"


def _document() -> Document:
    return Document("Comparison: demo", "3 replications; baseline `a`", "zh", [
        Section("What", [Lines(["Policies against `a`:", "- `a`: as it is", "- `b`: x | y",
                                "Last <words>."])]),
        Section("Robust", [Lines(["Choose `b`."]), Figure("plots/cost.png", "cost")],
                [Section("Regret", [Table(["policy", "regret"], [["a", "1"], ["b", "0 | 1"]])])]),
        Section("Per KPI", sections=[
            Section("kpi_one", [Figure("plots/one.png", "kpi_one"), Table(["p"], [["a"]])]),
            Section("kpi_two", [Table(["p"], [["b"]])])]),
    ])


def test_markdown_lays_the_sections_out_by_level():
    assert markdown(_document()) == "\n".join([
        "# Comparison: demo", "",
        "## What", "",
        "Policies against `a`:", "", "- `a`: as it is", "- `b`: x | y", "", "Last <words>.", "",
        "## Robust", "",
        "Choose `b`.", "",
        "![cost](plots/cost.png)", "",
        "### Regret", "",
        "| policy | regret |", "|---|---|", "| a | 1 |", "| b | 0 \\| 1 |", "",
        "## Per KPI", "",
        "### kpi_one", "",
        "![kpi_one](plots/one.png)", "",
        "| p |", "|---|", "| a |", "",
        "### kpi_two", "",
        "| p |", "|---|", "| b |", "",
    ])


def test_the_page_has_flat_sections_with_the_figures_inside(tmp_path):
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "cost.png").write_bytes(PNG)
    (tmp_path / "plots" / "one.png").write_bytes(PNG)
    page = html(_document(), tmp_path)
    embedded = base64.b64encode(PNG).decode("ascii")
    assert '<html lang="zh-CN">' in page
    assert "<title>Comparison: demo</title>" in page
    assert '<p class="note">3 replications; baseline `a`</p>' in page  # the subtitle as it is
    assert ("<h2>What</h2>\n<p>Policies against <code>a</code>:</p>\n"
            "<ul><li><code>a</code>: as it is</li><li><code>b</code>: x | y</li></ul>\n"
            "<p>Last &lt;words&gt;.</p>") in page
    assert (f'<h2>Robust</h2>\n<p>Choose <code>b</code>.</p>\n<img alt="cost" '
            f'src="data:image/png;base64,{embedded}">\n<h3>Regret</h3>\n<table>') in page
    # a section that only groups others gives each of them a section of the page
    assert "Per KPI" not in page
    assert f'<h2>kpi_one</h2>\n<img alt="kpi_one" src="data:image/png;base64,{embedded}">' in page
    assert "<h2>kpi_two</h2>\n<table><tr><th>p</th></tr>" in page
    assert page.index("<h2>Robust</h2>") < page.index("<h2>kpi_one</h2>") < page.index("<h2>kpi_two</h2>")
