"""The manual builds: `mkdocs build --strict` of the real mkdocs.yml (a missing page, a broken link
or anchor fails it), with the reference pages generated from the code, an English site and a
Chinese one under zh/ that falls back to the English pages, and a language switcher between
them. Marked `docs` (tests/project/conftest.py): about ten seconds, left out by make test-fast."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.manual import mkdocs_config
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("manual") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
    warnings = [line for line in done.stderr.splitlines() if not line.startswith("INFO")]
    assert done.returncode == 0, "mkdocs build --strict failed:\n" + "\n".join(warnings)
    return site


def _nav_pages(nav) -> list[str]:
    pages = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            pages += [value] if isinstance(value, str) else _nav_pages(value)
    return pages


def test_every_page_of_the_nav_is_built_in_english_and_chinese(site):
    for page in _nav_pages(mkdocs_config()["nav"]):
        folder = page.removesuffix(".md").removesuffix("index").strip("/")
        assert (site / folder / "index.html").is_file(), page
        assert (site / "zh" / folder / "index.html").is_file(), f"zh/{page}"


def test_the_reference_pages_are_generated_from_the_code(site):
    scenario = (site / "reference" / "scenario" / "index.html").read_text(encoding="utf-8")
    assert 'id="couriers.whitelist_size"' in scenario
    kpis = (site / "reference" / "kpis" / "index.html").read_text(encoding="utf-8")
    assert 'id="unmet_energy_share"' in kpis
    commands = (site / "reference" / "commands" / "index.html").read_text(encoding="utf-8")
    assert "--sensitivity" in commands


def test_the_language_switcher_links_each_page_to_its_other_language(site):
    english = (site / "reference" / "kpis" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../zh/reference/kpis/" hreflang="zh"' in english
    chinese = (site / "zh" / "reference" / "kpis" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in chinese
    assert '<a href="../../../reference/kpis/" hreflang="en"' in chinese
    assert "参考" in chinese  # the nav's section titles in Chinese
