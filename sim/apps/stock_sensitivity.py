"""How the headline hunger figure moves with the home-stock assumption (`rehearse run
--sensitivity`): the same scenario and seed run again with every food's days at home at the
lockdown scaled by a few factors, so a reader sees how much of the answer is that one assumption.

Whole-town hunger is decided by when the food households hold runs out (with 7-21 days of
staples, 40% of the town runs out from day 7; with 14-60 days, nobody), and those days are an
assumption. Each household keeps its own draws, so a row differs from the run only by the stock.

The extra runs cost as much as the run itself (three more for the whole town: about a minute),
so they are asked for, not made for every run: a sweep, a comparison or a drill never pays for
them. They write no run folder, only `sensitivity.csv` beside the run's own files.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from sim.core.atomic_files import write_text_atomically
from sim.core.i18n import N_, translator
from sim.core.phrase import category_word

# The headline hunger KPI the table shows: one name, so a new headline (an energy-based one)
# is switched here, with its label
HEADLINE_HUNGER_KPI = "households_ever_without_energy_share"
HEADLINE_HUNGER_LABEL = N_("households that ever had no food left (share)")
# where the scenario keeps the days of each food at home at lockdown: the households' own, and
# each type's where it differs (`households.types.<name>.stock_days_at_lockdown`); all scaled
STOCK_DAYS_PATH = ("households", "stock_days_at_lockdown")
STOCK_FACTORS = (0.5, 1.0, 1.5, 2.0)  # 1.0: the run itself
FILE_NAME = "sensitivity.csv"
# a distribution's parameters in days (the rest, such as a lognormal's sigma or weights, are not)
_DAY_FIELDS = ("value", "low", "mode", "high", "median", "mean", "values")


@dataclass(frozen=True)
class StockRow:
    """One row: the factor on every food's days at home, the mean days of each food it gives
    (by the path under `STOCK_DAYS_PATH`, e.g. "staples"), and the headline hunger KPI (None
    when the run reports none)."""

    factor: float
    mean_days: dict[str, float]
    headline: float | None


def scaled_stock(scenario, factor: float):
    """`scenario` with every distribution of days at home at lockdown times `factor`: the
    households' own and every household type's."""
    from sim.inputs.scenario_loading import scenario_with_overrides

    section, field = STOCK_DAYS_PATH
    households = getattr(scenario, section)
    overrides = {f"{section}.{field}": _scaled(_dumped(getattr(households, field)), factor)}
    for name, kind in households.types.items():
        if kind.stock_days_at_lockdown:
            overrides[f"{section}.types.{name}.{field}"] = _scaled(
                _dumped(kind.stock_days_at_lockdown), factor)
    return scenario_with_overrides(scenario, overrides)


def mean_days(scenario) -> dict[str, float]:
    """The mean days at home at lockdown of each food, by the food's name; in a town with
    household types, of each food each type holds, by `type.food` (the type's days, else the
    households' own)."""
    section, field = STOCK_DAYS_PATH
    households = getattr(scenario, section)
    own = getattr(households, field)
    if not households.types:
        return {food: days.mean() for food, days in own.items()}
    return {f"{name}.{food}": kind.stock_days_at_lockdown.get(food, days).mean()
            for name, kind in households.types.items() for food, days in own.items()}


def stock_sensitivity(scenario, seed: int, kpis: dict, progress=None) -> list[StockRow]:
    """The table's rows: the run's own (`kpis`, at factor 1) and one more run of the same
    scenario and seed for every other factor. `progress(done, total)` after each run."""
    from sim.model.town_model import TownModel

    rows = []
    others = [f for f in STOCK_FACTORS if f != 1.0]
    for factor in STOCK_FACTORS:
        if factor == 1.0:
            figures, shown = kpis, scenario
        else:
            shown = scaled_stock(scenario, factor)
            figures = TownModel(shown.model_copy(update={"run": shown.run.model_copy(
                update={"order_log": False})}), seed=seed).run_episode()
            if progress is not None:
                progress(others.index(factor) + 1, len(others))
        rows.append(StockRow(factor, mean_days(shown), figures.get(HEADLINE_HUNGER_KPI)))
    return rows


def factor_words(factor: float, tr) -> str:
    """How a row's stock reads: as assumed, half, twice, or `factor` times."""
    words = {0.5: N_("half as much"), 1.0: N_("as assumed (this run)"), 2.0: N_("twice as much")}
    if factor in words:
        return tr(words[factor])
    return tr("{factor:g} times as much").format(factor=factor)


def days_text(days: dict[str, float], tr) -> str:
    """`staples 14, vegetables 2.5, ...` in the reader's words (foods nobody holds left out; a
    food under a kind of household is named `kind.food`)."""
    def food_word(path: str) -> str:
        *kind, food = path.split(".")
        return ".".join([*kind, category_word(food, tr)])

    return tr(", ").join(tr("{food} {days:.3g}").format(food=food_word(food), days=d)
                         for food, d in days.items() if d > 0)


def header(tr) -> list[str]:
    return [tr("food at home at lockdown"), tr("mean days at home at lockdown"), tr(HEADLINE_HUNGER_LABEL)]


def table_rows(rows: list[StockRow], tr) -> list[list[object]]:
    return [[factor_words(r.factor, tr), days_text(r.mean_days, tr),
             "-" if r.headline is None else r.headline] for r in rows]


def report_section(rows: list[StockRow], lang: str = "en") -> tuple[str, str]:
    """The run report's section: its title and HTML (a note and the table), in `lang`."""
    from sim.apps.report.html_page import table

    tr = translator(lang)
    note = tr("The same scenario and seed run again with every food households hold at home at "
              "the lockdown scaled (each household keeps its own draws). Those days are an "
              "assumption; where the headline moves much between rows, it is the assumption "
              "that answers, and the town's own figures should replace it.")
    return (tr("How hunger moves with the food households hold"),
            f'<p class="note">{html.escape(note, quote=False)}</p>' + table(header(tr), table_rows(rows, tr)))


def write_sensitivity_csv(folder: Path, rows: list[StockRow]) -> None:
    """`sensitivity.csv`: factor, each food's mean days at home, the headline KPI by name."""
    foods = list(rows[0].mean_days) if rows else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stock_factor", *(f"{food}_days_mean" for food in foods), HEADLINE_HUNGER_KPI])
    for r in rows:
        writer.writerow([r.factor, *(round(r.mean_days.get(f, 0.0), 3) for f in foods),
                         "" if r.headline is None else r.headline])
    write_text_atomically(Path(folder) / FILE_NAME, out.getvalue())


def read_sensitivity_csv(folder: Path) -> list[StockRow] | None:
    """The rows a run folder holds (None: the run was made without `--sensitivity`)."""
    path = Path(folder) / FILE_NAME
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    rows = []
    for record in records:
        days = {k.removesuffix("_days_mean"): float(v) for k, v in record.items()
                if k.endswith("_days_mean")}
        headline = record.get(HEADLINE_HUNGER_KPI) or None
        rows.append(StockRow(float(record["stock_factor"]), days,
                             float(headline) if headline is not None else None))
    return rows


def print_sensitivity(folder: Path, lang: str = "en") -> None:
    """After the KPI table of a run made with `--sensitivity`: the rows, in the reader's language."""
    rows = read_sensitivity_csv(folder)
    if not rows:
        return
    tr = translator(lang)
    print("\n" + tr("How hunger moves with the food households hold at lockdown (the same scenario "
                    "and seed; {file}):").format(file=FILE_NAME))
    for cells in table_rows(rows, tr):
        print("  " + " | ".join(str(c) for c in cells))


def _dumped(value):
    """Distributions as the plain tables a scenario writes (nested tables kept)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(by_alias=True)
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    return value


def _scaled(value, factor: float):
    """Every distribution (a table with `dist`, or a bare number) under `value` in days
    times `factor`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value * factor
    if isinstance(value, dict) and "dist" in value:
        return {k: ([x * factor for x in v] if isinstance(v, list) else v * factor)
                if k in _DAY_FIELDS else v for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _scaled(v, factor) for k, v in value.items()}
    return value
