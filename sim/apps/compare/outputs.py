"""The comparison's outputs, each written atomically: `comparison.csv`, `best.csv`, the plots
in `plots/` (one per condition and KPI, and the robust study's), `report.md` and a
self-contained `report.html`. What the report says is `report.py`'s; how it is laid out is
`report_markdown.py`'s and `report_html.py`'s.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sim.apps.compare.plots import plot_kpi
from sim.apps.compare.report import PLOTS_DIR, Story
from sim.apps.compare.report_html import html
from sim.apps.compare.report_markdown import markdown
from sim.apps.compare.robust_report import robust_study, write_robust
from sim.apps.compare.statistics import best_table, comparison_table, paired_values
from sim.apps.report.cjk_font import fonts_for
from sim.core.atomic_files import write_text_atomically
from sim.core.i18n import translator

ENGLISH = translator("en")


def write_outputs(out: Path, loaded, manifest: dict, runs: pd.DataFrame, outcome,
                  lang: str = "en") -> list[str]:
    """Every output file of the comparison in `out`; returns their names. The reports and
    plots are in `lang`; the tables (comparison.csv, best.csv) are the same in every language."""
    tr = translator(lang)
    kpis = [k.model_dump() for k in loaded.spec.kpis]
    comparison = comparison_table(runs, manifest, kpis)
    best = best_table(runs, manifest, kpis)
    write_text_atomically(out / "comparison.csv", comparison.to_csv(index=False))
    write_text_atomically(out / "best.csv", best.to_csv(index=False))
    (out / PLOTS_DIR).mkdir(exist_ok=True)
    with fonts_for(lang):
        figures = _plots(out, loaded, manifest, runs, comparison, tr)
        study = robust_study(loaded, manifest, runs, comparison)  # several conditions only
        robust_files = write_robust(out, study, PLOTS_DIR, tr) if study is not None else []
    story = Story(loaded, manifest, runs, comparison, best, outcome, figures, study, lang)
    document = story.document()
    write_text_atomically(out / "report.md", markdown(document))
    write_text_atomically(out / "report.html", html(document, out))
    return ["comparison.csv", "best.csv", "report.md", "report.html",
            *[f for f in robust_files if "/" not in f],
            *[f"{PLOTS_DIR}/{name}" for _s, _k, name in figures],
            *[f for f in robust_files if "/" in f]]


def _plots(out: Path, loaded, manifest: dict, runs: pd.DataFrame,
           comparison: pd.DataFrame, tr=ENGLISH) -> list[tuple[str, str, str]]:
    """(condition, KPI, file name) of each plot written."""
    policies, baseline = manifest["policy_names"], manifest["baseline"]
    several = len(manifest["scenarios"]) > 1
    written = []
    for s, scenario in enumerate(manifest["scenarios"]):
        for kpi in loaded.spec.kpis:
            rows = comparison[(comparison["scenario"] == scenario) & (comparison["kpi"] == kpi.name)]
            outcomes = paired_values(runs, s, kpi.name)
            if outcomes.empty:
                continue
            outcomes.columns = [policies[p] for p in outcomes.columns]
            name = f"{_file_safe(scenario)}--{kpi.name}.png" if several else f"{kpi.name}.png"
            title = (tr("{what}, {condition}").format(what=loaded.name, condition=scenario)
                     if several else loaded.name)
            plot_kpi(out / PLOTS_DIR / name, kpi.name, kpi.goal, rows, outcomes, policies,
                     baseline, title, tr)
            written.append((scenario, kpi.name, name))
    return written


def _file_safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
