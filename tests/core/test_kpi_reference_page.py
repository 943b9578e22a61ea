"""The manual's KPI page is the registry's (`sim/core/kpi_registry.py`): every declared KPI and
pattern has its row, with its unit and definition, under the actor that computes it; every
placeholder is listed; and the registry's links to the README's sections land in the manual."""

from __future__ import annotations

import re

from sim.core.kpi_reference import kpi_anchor, kpi_reference, main
from sim.core.kpi_registry import ENTRIES, PLACEHOLDERS
from tests.support.manual import plain, render, row_with_id


def _sections(page_html: str) -> dict[str, str]:
    """Each `<h2>`'s id and the HTML under it, up to the next `<h2>`."""
    parts = re.split(r'<h2 id="([^"]+)">', page_html)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _words(markdown_text: str) -> str:
    """What a reader sees of a definition: links as their words, no backticks."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown_text).replace("`", "")


def test_every_declared_kpi_has_its_row_under_its_actor():
    page = render(kpi_reference())
    sections = _sections(page)
    for entry in ENTRIES:
        actor = sections[entry.contributor.name.lower()]
        assert f"Computed in {entry.contributor.module}." in plain(actor)
        for name in entry.names:
            row = row_with_id(actor, kpi_anchor(name))
            assert row is not None, f"{name} has no row under {entry.contributor.name}"
            assert row.startswith(", ".join(entry.names)), row
            assert _words(entry.definition)[:60] in row


def test_every_placeholder_is_listed_with_its_values():
    listed = plain(_sections(render(kpi_reference()))["placeholders"])
    for name, placeholder in PLACEHOLDERS.items():
        assert f"<{name}>: {_words(placeholder.what)}" in listed
        assert all(value in listed for value in placeholder.values or ())


def test_links_to_the_readme_s_sections_land_in_the_manual():
    page = kpi_reference()
    assert "(#" not in page  # no link into a README section the manual lacks
    assert "[roads](scenario.md#roads)" in page
    assert "see the channels" in page  # a section the manual lacks: its words, no link


def test_the_page_is_printed_by_python_m_sim_core_kpi_reference(capsys):
    assert main(["--page"]) == 0
    assert capsys.readouterr().out == kpi_reference()
