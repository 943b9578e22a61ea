"""Run one episode and write its run folder: what `rehearse run` does, callable from Python."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from sim.core.atomic_files import write_json
from sim.core.run_folder import atomic_run_folder
from sim.model.depot_notes import FILE_NAME as DEPOT_NOTES_FILE
from sim.model.depot_notes import depot_notes, notes_json
from sim.model.missing_channels import FILE_NAME as MISSING_CHANNELS_FILE
from sim.model.missing_channels import villages_without_channels
from sim.model.town_model import TownModel
from sim.scenario import Scenario


def run_to_folder(scenario: Scenario, seed: int, days: float | None, out: Path,
                  overwrite: bool = False, progress: bool = True, model_hook=None,
                  drive=None, lang: str = "en", sensitivity: bool = False) -> tuple[dict, Path]:
    """Simulate and write `kpis.json`, `villages_without_all_channels.json`, `depot_notes.json`,
    `timeseries.parquet`, `orders.parquet`, `events.parquet` and `scenario.json` into `out`,
    atomically. Returns the KPIs and the folder.

    `drive(model)` runs the model to its horizon instead of `run_episode` (a live drill paces
    it by the wall clock) and returns its KPIs. `lang` is the report's language (en, zh).
    `sensitivity`: also run the scenario with the food at home scaled and write
    `sensitivity.csv` and the report's section on it (`sim/apps/stock_sensitivity.py`)."""
    if days is not None:
        from sim.inputs.scenario_loading import with_horizon

        scenario, left_out = with_horizon(scenario, days)
        if left_out:
            print(f"--days {days:g}: left out what starts after the horizon: {', '.join(left_out)}",
                  file=sys.stderr)
    with atomic_run_folder(out, overwrite) as tmp:
        order_log = tmp / "orders.parquet" if scenario.run.order_log else None
        model = TownModel(scenario, seed=seed, order_log_path=order_log)
        if model_hook is not None:
            model_hook(model)
        if drive is not None:
            kpis = drive(model)
        else:
            bar = _progress_bar(model.ticks_total, scenario, lang) if progress else None
            try:
                kpis = model.run_episode(progress=(lambda t, n: bar.update(1)) if bar else None)
            finally:
                if bar is not None:
                    bar.close()
        write_json(tmp / "kpis.json", kpis)
        write_json(tmp / MISSING_CHANNELS_FILE, {"villages_without_all_channels": [
            v.as_json() for v in villages_without_channels(model)]})
        write_json(tmp / DEPOT_NOTES_FILE, notes_json(depot_notes(model)))
        model.timeseries.to_pandas().to_parquet(tmp / "timeseries.parquet", index=False)
        events = pd.DataFrame(model.events, columns=["minute", "kind", "who", "text"])
        events.to_parquet(tmp / "events.parquet", index=False)
        write_json(tmp / "scenario.json", scenario.model_dump(mode="json", by_alias=True))
        if model_hook is not None and hasattr(model_hook, "after"):
            model_hook.after(model, tmp)
        from sim.apps.report import write_run_report  # plots + report.html (a drill adds sections)

        extra = model_hook.report_sections(model, tmp) if hasattr(model_hook, "report_sections") else {}
        if sensitivity:
            extra["sections"] = [*extra.get("sections", ()), _stock_sensitivity(scenario, seed, kpis, tmp,
                                                                               progress, lang)]
        write_run_report(model, tmp, kpis, lang=lang, **extra)
    return kpis, out


def _stock_sensitivity(scenario: Scenario, seed: int, kpis: dict, folder: Path, progress: bool,
                       lang: str) -> tuple[str, str]:
    """The extra runs with the food at home scaled: `sensitivity.csv` and the report's section."""
    from sim.apps.stock_sensitivity import report_section, stock_sensitivity, write_sensitivity_csv

    def said(done, total):
        if progress:
            print(f"--sensitivity: {done}/{total}", file=sys.stderr)

    rows = stock_sensitivity(scenario, seed, kpis, said)
    write_sensitivity_csv(folder, rows)
    return report_section(rows, lang)


def _progress_bar(total: int, scenario: Scenario, lang: str | None):
    from tqdm import tqdm

    from sim.core.i18n import translator

    tr = translator(lang)
    return tqdm(total=total, unit="h" if scenario.run.tick_minutes == 60 else "tick",
                desc=tr("simulating {name}").format(name=scenario.run.name),
                disable=None, leave=False)
