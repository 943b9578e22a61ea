"""`rehearse sweep summarize DIR`: tables, plots and sensitivity indices in DIR/summary/.

The folder is written beside DIR/summary under a temporary name and swapped in whole, so a
reader never sees half a summary. It can be run on a sweep still in progress (it then
describes the runs stored so far and says how many are missing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.apps.report.cjk_font import fonts_for, require_cjk_font
from sim.apps.sweep.headline import headline
from sim.apps.sweep.intervals import MIN_REPLICATIONS_FOR_INTERVAL, few_replications
from sim.apps.sweep.plots import plot_kpi_against
from sim.apps.sweep.results import load_results
from sim.apps.sweep.sensitivity import sensitivity_table
from sim.apps.sweep.statistics import point_table, policy_difference_table, replications_per_point
from sim.apps.sweep.storage import read_manifest
from sim.core.i18n import LANGUAGES, LanguageError, check_language, translator
from sim.core.run_folder import OutputError, atomic_run_folder

SUMMARY_DIR = "summary"


@dataclass
class Summary:
    folder: Path
    runs: int
    planned: int
    failed: int
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    headline: list[str] = field(default_factory=list)  # what `sweep summarize` prints first
    lang: str = "en"  # the language of the headline, notes, warnings and plots


def summarize(folder: str | Path, lang: str | None = None) -> Summary:
    """The summary of the sweep in `folder`; its printout and plots in `lang` (None: the
    spec's `lang`, else English). The tables are the same in every language."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    stored = manifest["spec"].get("lang")
    if lang is None and stored is not None and stored not in LANGUAGES:
        raise LanguageError(f"{folder / 'sweep.json'}: spec.lang {stored!r} is no language of the "
                            f"catalogues; allowed: {', '.join(LANGUAGES)} (or pass --lang)")
    lang = check_language(lang or stored)
    tr = translator(lang)
    if lang == "zh":  # before anything is written: Chinese plots need a CJK font
        require_cjk_font()
    runs = load_results(folder)
    if runs.empty:
        raise OutputError(f"{folder}: no run has finished yet; nothing to summarize")
    failed = int((runs["status"] != "finished").sum())
    summary = Summary(folder / SUMMARY_DIR, len(runs), len(manifest["runs"]), failed, lang=lang)
    if len(runs) < len(manifest["runs"]):
        summary.notes.append(tr("{count} planned run(s) not stored yet").format(
            count=len(manifest["runs"]) - len(runs)))
    with atomic_run_folder(summary.folder, overwrite=True) as tmp, fonts_for(lang):
        runs.to_parquet(tmp / "runs.parquet", index=False)
        runs.to_csv(tmp / "runs.csv", index=False)
        points = point_table(runs, manifest["parameters"], manifest["kpis"])
        points.to_parquet(tmp / "points.parquet", index=False)
        points.to_csv(tmp / "points.csv", index=False)
        differences = None
        if manifest["policy_parameters"] and (runs["policy_index"] > 0).any():
            differences = policy_difference_table(runs, manifest["policy_parameters"],
                                                  manifest["kpis"])
            differences.to_parquet(tmp / "policy_differences.parquet", index=False)
            differences.to_csv(tmp / "policy_differences.csv", index=False)
        plots = tmp / "plots"
        plots.mkdir()
        for kpi in manifest["kpis"]:
            if not pd.api.types.is_numeric_dtype(runs[kpi]):
                continue
            if runs[kpi].isna().all():
                summary.notes.append(tr("{kpi}: no run has a value; not plotted").format(kpi=kpi))
                continue
            for parameter in manifest["parameters"]:
                if pd.api.types.is_numeric_dtype(runs[parameter]) or parameter in manifest["policy_parameters"]:
                    name = f"{kpi}--{_file_safe(parameter)}.png"
                    plot_kpi_against(runs, kpi, parameter, manifest["policy_parameters"],
                                     plots / name, manifest["name"], manifest["parameters"], tr)
        sensitivity = sensitivity_table(manifest, runs, tr)
        summary.notes += sensitivity.notes
        summary.warnings += sensitivity.warnings
        if sensitivity.table is not None:
            sensitivity.table.to_csv(tmp / "sensitivity.csv", index=False)
        summary.headline = headline(manifest, points, differences, sensitivity.table, tr=tr)
        summary.warnings += _few_replications(runs, tr)
        summary.files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    return summary


def _few_replications(runs: pd.DataFrame, tr) -> list[str]:
    """The warning when some point's intervals rest on too few replications."""
    per_point = replications_per_point(runs)
    short = per_point[(per_point >= 2) & (per_point < MIN_REPLICATIONS_FOR_INTERVAL)]
    if short.empty:
        return []
    return [few_replications(int(short.min()), tr, count=len(short), total=len(per_point))]


def _file_safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
