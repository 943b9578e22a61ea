"""Every spec under experiments/ that the README or the manual names is shipped, and `rehearse
validate` accepts it: a reader who types a command the manual quotes finds its file. A file the
reader is to write (my-sweep.toml, the copies with typos) is named without the experiments/
prefix, so it is not looked for. Validation only, no run: quick."""

from __future__ import annotations

import re

import pytest

from sim.cli.command_reference import command_reference
from sim.cli.commands import main
from sim.core.kpi_reference import kpi_reference
from sim.scenario.field_reference import scenario_reference
from tests.support.paths import README, ROOT

SPEC_PATH = re.compile(r"experiments/[a-z0-9_.-]+\.toml")
GENERATED = ROOT / "docs" / "reference"  # written from the code by each build, ignored by git


def _pages() -> dict[str, str]:
    """Each page's text by its name: the README, the manual's Markdown, and the reference pages
    as the build generates them from the code (a stale copy on disk is not read)."""
    pages = {"README.md": README.read_text(encoding="utf-8")}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        if GENERATED not in page.parents:
            pages[str(page.relative_to(ROOT))] = page.read_text(encoding="utf-8")
    for name, generate in (("commands.md", command_reference), ("kpis.md", kpi_reference),
                           ("scenario.md", scenario_reference)):
        pages[f"docs/reference/{name}"] = generate()
    return pages


def _named_specs() -> dict[str, list[str]]:
    """Each experiments/*.toml path the pages name, with the pages that name it."""
    named: dict[str, list[str]] = {}
    for page, text in _pages().items():
        for path in sorted(set(SPEC_PATH.findall(text))):
            named.setdefault(path, []).append(page)
    return named


NAMED = _named_specs()


def test_the_pages_name_the_shipped_specs_they_quote():
    # the search finds what it should: a page that quotes a spec is read
    assert "experiments/compare-small-town.toml" in NAMED
    assert "docs/planners/compare.md" in NAMED["experiments/compare-small-town.toml"]


def test_every_spec_a_page_names_is_in_the_repository():
    missing = {path: pages for path, pages in NAMED.items() if not (ROOT / path).is_file()}
    assert not missing, "named but not shipped:\n" + "\n".join(
        f"  {path} (named in {', '.join(pages)})" for path, pages in sorted(missing.items()))


@pytest.mark.parametrize("path", sorted(NAMED))
def test_rehearse_validate_accepts_every_named_spec(path, capsys):
    code = main(["validate", str(ROOT / path)])
    printed = capsys.readouterr()
    assert code == 0, f"{path} (named in {', '.join(NAMED[path])}):\n{printed.out}{printed.err}"
