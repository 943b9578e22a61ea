"""The planners' example: experiments/compare-small-town.toml's report, its paragraph a planner
can quote (the differences that hold after Holm's adjustment), as `rehearse compare` writes it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.readme_figures.wording import paragraph
from tests.support.paths import ROOT

SPEC = ROOT / "experiments" / "compare-small-town.toml"
OPENING = "Over "  # the plain-words paragraph opens "Over 5 replications of 1 days, ..."


def quotable_paragraph(workers: int = 1) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "compare"
        subprocess.run([sys.executable, "-m", "sim", "compare", str(SPEC), "--workers", str(workers),
                        "--quiet", "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
        report = (out / "report.md").read_text(encoding="utf-8")
    return paragraph(_first_paragraph_opening(report, OPENING))


def _first_paragraph_opening(markdown: str, opening: str) -> str:
    for block in markdown.split("\n\n"):
        text = " ".join(line.lstrip("> ").strip() for line in block.splitlines())
        if text.startswith(opening):
            return text
    raise AssertionError(f"the report has no paragraph opening {opening!r}")
