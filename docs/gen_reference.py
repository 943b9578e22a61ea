"""The manual's reference pages, generated from the code before each build (a MkDocs hook,
`hooks:` in mkdocs.yml): `reference/scenario.md` from the scenario schema, `reference/kpis.md`
from the KPI registry, `reference/commands.md` from the command line's parser.

They are written into docs/reference/ (ignored by git), not through mkdocs-gen-files, whose
pages mkdocs-static-i18n drops (it keeps only files under docs_dir). A page is rewritten only
when it changed, so `mkdocs serve` does not rebuild for ever."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, not an installed copy's

from sim.cli.command_reference import command_reference  # noqa: E402
from sim.core.atomic_files import write_text_atomically  # noqa: E402
from sim.core.kpi_reference import kpi_reference  # noqa: E402
from sim.scenario.field_reference import scenario_reference  # noqa: E402

PAGES = {"scenario.md": scenario_reference, "kpis.md": kpi_reference, "commands.md": command_reference}


def write_reference_pages(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        path, text = folder / name, page()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomically(path, text)


def on_pre_build(config) -> None:
    write_reference_pages(Path(config["docs_dir"]) / "reference")
