"""`rehearse check-figures`: the scenario against the source's figures, over several seeds.

The source (a Beijing newspaper's account of Beizang in November 2022, `FACTS.md`) gives a few
figures a model of the town must reproduce: ordering open within a quarter of an hour of a
lockdown at best, 200 to 400 orders a day at the busiest store, and a worker at the door of an
urgent medicine case within half an hour. Each seed's run is compared with each figure; the
report says how many seeds reproduce it, in English or Chinese. The figures are Beizang's: for
another town they say how it compares with Beizang, not whether it is right.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sim.apps.report.html_page import esc, page, table
from sim.core.atomic_files import write_text_atomically
from sim.core.i18n import HTML_LANG, N_, translator
from sim.core.random_streams import derive_seed

CALIBRATION_FILES = ("calibration.csv", "calibration.md", "calibration.html")


@dataclass(frozen=True)
class SourceFigure:
    """A figure the source reports and the KPI that measures it in a run."""

    kpi: str
    what: str  # the measure, as a report names it (a catalogue message)
    source: str  # what the source says (a catalogue message)
    low: float | None  # the source's range; None: no bound on that side
    high: float | None


SOURCE_FIGURES = (
    SourceFigure("channel_open_minutes_min", N_("fastest ordering channels open after a lockdown (minutes)"),
                 N_("online ordering open within a quarter of an hour at best"), None, 15),
    SourceFigure("store_orders_per_day_max", N_("orders in a day at the busiest store"),
                 N_("about 200 orders a day, 300 to 400 at the peak"), 200, 400),
    SourceFigure("urgent_pickup_minutes_p50", N_("urgent medicine: minutes until a worker is at the door (median)"),
                 N_("a worker at the door within half an hour"), None, 30),
)


def within(figure: SourceFigure, value) -> bool:
    if value is None or value != value:  # no such case in the run (NaN)
        return False
    return (figure.low is None or value >= figure.low) and (figure.high is None or value <= figure.high)


def calibration_seeds(root_seed: int, count: int) -> list[int]:
    """`count` run seeds from one root seed (the same list in any process)."""
    return [derive_seed(root_seed, replication) for replication in range(count)]


def run_seeds(scenario, seeds: list[int], progress: bool = False) -> list[dict]:
    """Each seed's KPIs, in order."""
    from tqdm import tqdm

    from sim.model.town_model import TownModel

    return [TownModel(scenario, seed=seed).run_episode()
            for seed in tqdm(seeds, unit="run", disable=not progress, leave=False)]


def _range_text(figure: SourceFigure, tr) -> str:
    if figure.low is None:
        return tr("at most {high:g}").format(high=figure.high)
    if figure.high is None:
        return tr("at least {low:g}").format(low=figure.low)
    return tr("{low:g} to {high:g}").format(low=figure.low, high=figure.high)


def _value_text(value) -> str:
    return "-" if value is None or value != value else f"{value:g}"


def summary_rows(runs: list[dict], tr) -> list[list[str]]:
    """A row per source figure: what it is, the source, its range, each seed's value, seeds within."""
    rows = []
    for figure in SOURCE_FIGURES:
        values = [run.get(figure.kpi) for run in runs]
        met = sum(within(figure, v) for v in values)
        rows.append([tr(figure.what), tr(figure.source), _range_text(figure, tr),
                     ", ".join(_value_text(v) for v in values),
                     tr("{met} of {runs}").format(met=met, runs=len(runs))])
    return rows


def write_calibration(folder: Path, scenario_name: str, seeds: list[int], runs: list[dict],
                      lang: str) -> list[list[str]]:
    """calibration.csv (a row per figure and seed, English keys), calibration.md and .html."""
    tr = translator(lang)
    folder.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["kpi", "source_low", "source_high", "seed", "value", "within"])
    for figure in SOURCE_FIGURES:
        for seed, run in zip(seeds, runs, strict=True):
            value = run.get(figure.kpi)
            writer.writerow([figure.kpi, "" if figure.low is None else figure.low,
                             "" if figure.high is None else figure.high, seed, _value_text(value),
                             within(figure, value)])
    write_text_atomically(folder / "calibration.csv", text.getvalue())
    rows = summary_rows(runs, tr)
    header = [tr("measure"), tr("what the source says"), tr("source's range"), tr("each seed's run"),
              tr("runs within the range")]
    title = tr("Calibration: {name} against the source's figures").format(name=scenario_name)
    intro = tr("{runs} runs of scenario {name}, seeds {seeds}. The figures are those the source reports "
               "for Beizang in November 2022 (FACTS.md); a run reproduces a figure when its value "
               "falls in the source's range.").format(runs=len(runs), name=scenario_name,
                                                       seeds=", ".join(map(str, seeds)))
    note = tr("For another town these figures say how it compares with Beizang, not whether the "
              "model of it is right.")
    md = [f"# {title}", "", intro, "", "| " + " | ".join(header) + " |",
          "| " + " | ".join("---" for _ in header) + " |"]
    md += ["| " + " | ".join(row) + " |" for row in rows]
    md += ["", note, ""]
    write_text_atomically(folder / "calibration.md", "\n".join(md))
    body = [(tr("The source's figures"), table(header, rows) + f"<p class=\"note\">{esc(note)}</p>")]
    write_text_atomically(folder / "calibration.html", page(title, body, intro, HTML_LANG[lang]))
    return rows
