"""The reference pages are generated before each build by docs/gen_reference.py (a MkDocs hook):
never kept in git, rewritten when the code changed them and only then (so `mkdocs serve`, which
rebuilds on a changed file, settles)."""

from __future__ import annotations

import importlib.util
import os
import subprocess

from sim.cli.command_reference import command_reference
from sim.core.kpi_reference import kpi_reference
from sim.scenario.field_reference import scenario_reference
from tests.support.manual import mkdocs_config
from tests.support.paths import ROOT

PAGES = {"scenario.md": scenario_reference, "kpis.md": kpi_reference, "commands.md": command_reference}


def _hook():
    spec = importlib.util.spec_from_file_location("gen_reference", ROOT / "docs" / "gen_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mkdocs_runs_the_hook_and_lists_its_pages():
    config = mkdocs_config()
    assert config["hooks"] == ["docs/gen_reference.py"]
    assert {"reference/scenario.md", "reference/kpis.md", "reference/commands.md"} <= set(
        str(page) for section in config["nav"] if "Reference" in section for page in section["Reference"])
    ignored = subprocess.run(["git", "check-ignore", "-q", "docs/reference/scenario.md"], cwd=ROOT)
    assert ignored.returncode == 0, "docs/reference/ must be ignored by git: its pages are generated"


def test_the_hook_writes_each_page_from_the_code_and_rewrites_only_a_changed_one(tmp_path):
    hook = _hook()
    folder = tmp_path / "reference"
    hook.write_reference_pages(folder)
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == {
        name: page() for name, page in PAGES.items()}
    old = 1_000_000_000_000_000_000
    for page in folder.iterdir():
        os.utime(page, ns=(old, old))
    (folder / "kpis.md").write_text("stale\n", encoding="utf-8")
    os.utime(folder / "kpis.md", ns=(old, old))
    hook.write_reference_pages(folder)
    assert (folder / "kpis.md").read_text(encoding="utf-8") == kpi_reference()
    assert (folder / "kpis.md").stat().st_mtime_ns != old
    assert (folder / "scenario.md").stat().st_mtime_ns == old  # unchanged: left alone
