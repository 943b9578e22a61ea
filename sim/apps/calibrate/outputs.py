"""What a calibration writes, each file atomically: `posterior.parquet` (ABC-SMC's particles)
or `trials.parquet` (the optimizer's), `calibrated.toml` (a scenario that extends the base
with the fitted values, each commented with its interval and the targets it was fitted to)
and `summary.md`, whose tables are also printed.

The tables are decided once here (`Summary`), in the reader's language; later reports (plots,
an HTML page) and posterior ensembles read the same parquet files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel

from sim.apps.calibrate.priors import CREDIBLE_MASS, TAILS, prior_interval
from sim.apps.calibrate.spec import FittedParameter, LoadedCalibration, Target
from sim.core.atomic_files import atomic_file, write_text_atomically
from sim.core.i18n import translator
from sim.core.toml_text import toml_key, toml_value

POSTERIOR_FILE = "posterior.parquet"
TRIALS_FILE = "trials.parquet"
CALIBRATED_FILE = "calibrated.toml"
SUMMARY_FILE = "summary.md"


def weighted_quantile(values, weights, q: float) -> float:
    """The q-quantile of weighted values (the weights' cumulative share, interpolated)."""
    order = np.argsort(values)
    values = np.asarray(values, dtype=float)[order]
    weights = np.asarray(weights, dtype=float)[order]
    cumulative = (np.cumsum(weights) - weights / 2) / weights.sum()
    return float(np.interp(q, cumulative, values))


@dataclass(frozen=True)
class Fitted:
    """A parameter's fitted value and its interval (the posterior's 90%, or the best point)."""

    parameter: FittedParameter
    value: float | int
    low: float
    high: float


def posterior_fits(loaded: LoadedCalibration, particles: pd.DataFrame) -> list[Fitted]:
    w = particles["weight"]
    return [Fitted(p, p.as_run_value(weighted_quantile(particles[p.path], w, 0.5)),
                   weighted_quantile(particles[p.path], w, TAILS[0]),
                   weighted_quantile(particles[p.path], w, TAILS[1]))
            for p in loaded.spec.parameters]


def best_fits(loaded: LoadedCalibration, best: pd.Series) -> list[Fitted]:
    return [Fitted(p, p.as_run_value(best[p.path]), best[p.path], best[p.path])
            for p in loaded.spec.parameters]


def write_parquet(path: Path, table: pd.DataFrame) -> None:
    with atomic_file(path) as tmp:
        table.to_parquet(tmp, index=False)


def target_text(target: Target) -> str:
    if target.value is not None:
        return f"{target.value:g} ± {target.tolerance:g}"
    if target.low is None:
        return f"≤ {target.high:g}"
    if target.high is None:
        return f"≥ {target.low:g}"
    return f"{target.low:g}–{target.high:g}"


def calibrated_scenario_text(loaded: LoadedCalibration, fits: list[Fitted], out: Path,
                             how: str) -> str:
    """A scenario extending the base with each fitted value, commented with its interval; a
    value inside a distribution, a list or a table of values is written with the whole of it,
    so that the base's other entries stay as they were."""
    spec = loaded.spec
    base = os.path.relpath(loaded.base_path, out.resolve())
    targets = "; ".join(f"{t.name} {target_text(t)}" + (f" ({t.source})" if t.source else "")
                        for t in spec.targets)
    lines = [f"# {loaded.scenario.run.name} calibrated by {loaded.path.name} ({how}).",
             f"# Fitted to: {targets}.",
             f"# Fitted on {spec.horizon_days or loaded.scenario.run.horizon_days:g} days, "
             f"{spec.seeds_per_particle} seed(s) a point, root seed {spec.root_seed}.",
             f"extends = {toml_value(base)}", ""]
    from sim.inputs.scenario_files import read_scenario_data

    data = loaded.scenario.model_dump(by_alias=True, exclude_none=True)
    written = read_scenario_data(loaded.base_path).data
    tables: dict[tuple, dict[str, tuple[object, list[str]]]] = {(): {}, ("run",): {
        "name": (f"{loaded.scenario.run.name}-calibrated", [])}}
    for fit in fits:
        table, key, rest = _anchor(loaded.scenario, written, fit.parameter.path)
        entries = tables.setdefault(table, {})
        value, notes = entries.get(key, (_at(data, (*table, key)), []))
        value = _replaced(value, rest, fit.value)
        entries[key] = (value, notes + [_note(fit, how)])
    for table, entries in tables.items():  # top-level keys first, before any table
        if not entries:
            continue
        if table:
            lines.append(f"[{'.'.join(toml_key(k) for k in table)}]")
        for key, (value, notes) in entries.items():
            lines += [f"# {note}" for note in notes]
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _note(fit: Fitted, how: str) -> str:
    p = fit.parameter
    if fit.low == fit.high:
        return f"{p.path} = {fit.value:g}: {how} within {p.low:g} to {p.high:g}"
    return (f"{p.path} = {fit.value:g}: posterior median; {CREDIBLE_MASS:.0%} credible interval "
            f"{fit.low:.4g} to {fit.high:.4g} (prior {p.prior} on {p.low:g} to {p.high:g})")


def _anchor(scenario: BaseModel, written: dict, path: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Where a dotted path is written: the deepest table above it that a partial table may
    set (a section of the scenario, whose keys left out keep their defaults; or an entry of a
    table of sections, such as a store kind, that the base's files write themselves), the key
    in it, and the rest of the path inside that key's value. `written`: the base's files'
    data, merged along its `extends` chain."""
    parts = path.split(".")
    node, table = scenario, []
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, BaseModel):
            child = getattr(node, part, None)
        else:
            child = node.get(part) if isinstance(node, dict) else None
        written = written.get(part) if isinstance(written, dict) else None
        section = isinstance(child, BaseModel) and "dist" not in type(child).model_fields
        if not (section or (isinstance(child, dict) and isinstance(written, dict))):
            return tuple(table), part, tuple(parts[i + 1:])
        node, table = child, [*table, part]
    return tuple(table), parts[-1], ()


def _at(data, keys: tuple):
    for key in keys:
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def _replaced(value, rest: tuple[str, ...], new):
    if not rest:
        return new
    if isinstance(value, list):
        value = list(value)
        value[int(rest[0])] = _replaced(value[int(rest[0])], rest[1:], new)
        return value
    return {**value, rest[0]: _replaced(value[rest[0]], rest[1:], new)}


@dataclass
class Summary:
    """The summary's two tables, in the reader's language."""

    title: str
    intro: str
    parameter_header: list[str]
    parameter_rows: list[list[str]]
    target_header: list[str]
    target_rows: list[list[str]]

    def markdown(self) -> str:
        md = [f"# {self.title}", "", self.intro, ""]
        for header, rows in ((self.parameter_header, self.parameter_rows),
                             (self.target_header, self.target_rows)):
            md += ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
            md += ["| " + " | ".join(row) + " |" for row in rows]
            md.append("")
        return "\n".join(md)


def posterior_summary(loaded: LoadedCalibration, particles: pd.DataFrame,
                      figures: pd.DataFrame, generations: int, lang: str) -> Summary:
    tr = translator(lang)
    fits = posterior_fits(loaded, particles)
    rows = []
    for fit in fits:
        p_low, p_high = prior_interval(fit.parameter)
        narrowing = (fit.high - fit.low) / (p_high - p_low)
        rows.append([fit.parameter.path, f"{p_low:.4g} – {p_high:.4g}", f"{fit.value:.4g}",
                     f"{fit.low:.4g} – {fit.high:.4g}", f"{narrowing:.0%}"])
    w = particles["weight"].to_numpy()
    target_rows = []
    for t in loaded.spec.targets:
        values = figures[t.name].to_numpy(dtype=float)
        known = ~np.isnan(values)
        met = float(w[[t.miss(v) <= 1 for v in values]].sum())
        spread = (f"{weighted_quantile(values[known], w[known], 0.5):.4g} "
                  f"({weighted_quantile(values[known], w[known], TAILS[0]):.4g} – "
                  f"{weighted_quantile(values[known], w[known], TAILS[1]):.4g})"
                  if known.any() else "-")
        target_rows.append([t.name, target_text(t), spread, f"{met:.0%}"])
    return Summary(
        tr("Calibration {name}: posterior").format(name=loaded.name),
        # a continued calibration may have grown its population: the posterior is the last's
        tr("ABC-SMC, {generations} generations; the posterior is the last one's {size} particles, "
           "each run on {seeds} seed(s) of {days:g} days. Intervals hold {mass:.0%} of the prior "
           "or the posterior.")
        .format(generations=generations, size=len(particles), seeds=loaded.spec.seeds_per_particle,
                days=loaded.scenario.run.horizon_days, mass=CREDIBLE_MASS),
        [tr("parameter"), tr("prior interval"), tr("posterior median"),
         tr("posterior interval"), tr("width against the prior's")], rows,
        [tr("target"), tr("observed"), tr("simulated, median (interval)"),
         tr("particles within tolerance")], target_rows)


def best_summary(loaded: LoadedCalibration, trials: pd.DataFrame, best: pd.Series,
                 lang: str) -> Summary:
    tr = translator(lang)
    rows = [[fit.parameter.path, f"{fit.parameter.low:g} – {fit.parameter.high:g}",
             f"{fit.value:.4g}"] for fit in best_fits(loaded, best)]
    target_rows = [[t.name, target_text(t), f"{best[t.name]:.4g}",
                    tr("yes") if t.miss(best[t.name]) <= 1 else tr("no")]
                   for t in loaded.spec.targets]
    return Summary(
        tr("Calibration {name}: best point").format(name=loaded.name),
        tr("The best of {trials} trials (distance {distance:.3g}: the root mean square of the "
           "targets' misses in tolerances); each run on {seeds} seed(s) of {days:g} days.")
        .format(trials=len(trials), distance=best["distance"], seeds=loaded.spec.seeds_per_particle,
                days=loaded.scenario.run.horizon_days),
        [tr("parameter"), tr("range"), tr("best value")], rows,
        [tr("target"), tr("observed"), tr("simulated"), tr("within tolerance")], target_rows)


def write_posterior(out: Path, loaded: LoadedCalibration, particles: pd.DataFrame,
                    figures: pd.DataFrame, generations: int, lang: str) -> Summary:
    write_parquet(out / POSTERIOR_FILE, particles)
    fits = posterior_fits(loaded, particles)
    write_text_atomically(out / CALIBRATED_FILE,
                          calibrated_scenario_text(loaded, fits, out, "ABC-SMC"))
    summary = posterior_summary(loaded, particles, figures, generations, lang)
    write_text_atomically(out / SUMMARY_FILE, summary.markdown())
    return summary


def write_best(out: Path, loaded: LoadedCalibration, trials: pd.DataFrame, best: pd.Series,
               lang: str) -> Summary:
    write_parquet(out / TRIALS_FILE, trials)
    write_text_atomically(out / CALIBRATED_FILE,
                          calibrated_scenario_text(loaded, best_fits(loaded, best), out,
                                                   f"best of {len(trials)} trials"))
    summary = best_summary(loaded, trials, best, lang)
    write_text_atomically(out / SUMMARY_FILE, summary.markdown())
    return summary
