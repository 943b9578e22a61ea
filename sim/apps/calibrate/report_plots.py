"""The calibration report's plots, each a PNG written atomically: a parameter's prior density
against its weighted posterior histogram, the posterior's pairs of parameters (a weighted
scatter matrix), and a target's observed range against the calibrated scenario's runs.
Words are in the reader's language (`tr`); names of paths and targets stay as they are."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.transforms import offset_copy  # noqa: E402

from sim.apps.calibrate.output_statistics import unit_of_statistic  # noqa: E402
from sim.apps.calibrate.predictive_check import TargetCheck  # noqa: E402
from sim.apps.calibrate.priors import frozen_prior  # noqa: E402
from sim.apps.calibrate.spec import FittedParameter, Target  # noqa: E402
from sim.apps.report.png_file import save_png  # noqa: E402
from sim.apps.sweep.plots import unit_of  # noqa: E402

PRIOR, POSTERIOR, OBSERVED, RUNS = "#555555", "#1f77b4", "#2ca02c", "#d62728"
DISTRIBUTION_FIELDS = ("low", "high", "mode", "mean", "sd", "min", "max")
PANEL_LABEL_CHARACTERS = 30  # a pairs panel's label longer than this is wrapped
TITLE_CHARACTERS = 70  # a longer title puts its path on a line of its own
LEGEND_DROP_INCHES = 0.45  # below the axes: past their tick labels and label


def parameter_label(path: str, tr, name: str | None = None) -> str:
    """`name (unit)`, the name the path unless given."""
    return tr("{name} ({unit})").format(name=name or path, unit=tr(unit_of_path(path)))


def unit_of_path(path: str) -> str:
    """The unit of the nearest name along the path that has one: a distribution's bound or
    mode has the unit of the value it draws, and a category's value the unit of the table it
    is in (`stock_days_at_lockdown.staples` is in days)."""
    parts = path.split(".")
    if len(parts) > 1 and parts[-1] in DISTRIBUTION_FIELDS:
        parts = parts[:-1]
    units = (unit_of(part) for part in reversed(parts))
    return next((unit for unit in units if unit != "count"), "count")


def short_names(paths: list[str]) -> dict[str, str]:
    """Each dotted path's shortest ending no other path shares, never a distribution's field
    alone (`staples.high`, `first_day_order_share`): the pairs plot's panels are too narrow
    for whole paths, and the report's tables give them."""
    names = {}
    for path in paths:
        parts = path.split(".")
        least = 2 if len(parts) > 1 and parts[-1] in DISTRIBUTION_FIELDS else 1
        for k in range(least, len(parts) + 1):
            ending = ".".join(parts[-k:])
            if not any(other != path and (other == ending or other.endswith("." + ending))
                       for other in paths):
                break
        names[path] = ending
    return names


def _wrapped(label: str, width: int = PANEL_LABEL_CHARACTERS) -> str:
    """A panel's label with its unit on a second line when one line would not fit."""
    for opening in (" (", "（"):
        if len(label) > width and opening in label:
            name, _, unit = label.rpartition(opening)
            return f"{name}\n{opening.strip()}{unit}"
    return label


def _fitted_title(template: str, path: str) -> str:
    """The template with the path, which goes on a line of its own when one would not fit."""
    title = template.format(path=path)
    if len(title) <= TITLE_CHARACTERS:
        return title
    return "\n".join(line.rstrip() for line in template.format(path="\n" + path).split("\n"))


def legend_outside(ax, **kwargs) -> None:
    """The legend in a row under the axes' label: inside the axes it can cover a dot."""
    handles, _ = ax.get_legend_handles_labels()
    under_label = offset_copy(ax.transAxes, fig=ax.figure, y=-LEGEND_DROP_INCHES, units="inches")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=under_label,
              ncol=len(handles) or 1, frameon=False, **kwargs)


def target_label(target: Target, tr) -> str:
    unit = unit_of(target.kpi) if target.kpi is not None else unit_of_statistic(target.statistic)
    return tr("{name} ({unit})").format(name=target.name, unit=tr(unit))


def _save(fig, path: Path, title_inches: float = 0.0) -> Path:
    return save_png(fig, path, dpi=100, title_inches=title_inches)


def plot_prior_posterior(p: FittedParameter, particles: pd.DataFrame, path: Path, tr) -> Path:
    """The prior's density over its range and the posterior's weighted histogram on the
    same scale, so a posterior as wide as the prior shows a value the figures leave open."""
    fig, ax = plt.subplots(figsize=(6.4, 4))
    x = np.linspace(p.low, p.high, 200)
    ax.plot(x, frozen_prior(p).pdf(x), color=PRIOR, linewidth=2, label=tr("prior"))
    ax.hist(particles[p.path], bins=min(30, max(8, len(particles) // 4)), range=(p.low, p.high),
            weights=particles["weight"], density=True, color=POSTERIOR, alpha=0.6,
            label=tr("posterior (weighted particles)"))
    ax.set_xlim(p.low, p.high)
    ax.set_xlabel(parameter_label(p.path, tr))
    ax.set_ylabel(tr("probability density (per unit of the value)"))
    ax.set_title(_fitted_title(tr("Prior and posterior: {path}"), p.path), fontsize="medium")
    legend_outside(ax)
    ax.grid(True, alpha=0.3)
    return _save(fig, path)


def plot_pairs(parameters: list[FittedParameter], particles: pd.DataFrame, path: Path, tr) -> Path:
    """Every pair of parameters, a dot per particle sized by its weight; on the diagonal each
    parameter's weighted histogram, titled as such. A ridge in a panel is two values the
    figures trade off. Every panel names its axes (short names: `short_names`)."""
    n = len(parameters)
    fig, axes = plt.subplots(n, n, figsize=(2.8 * n + 1, 2.8 * n + 1), squeeze=False)
    w = particles["weight"].to_numpy(dtype=float)
    sizes = 8 + 200 * w / w.max()
    names = short_names([p.path for p in parameters])
    labels = {p.path: _wrapped(parameter_label(p.path, tr, names[p.path])) for p in parameters}
    for i, py in enumerate(parameters):
        for j, px in enumerate(parameters):
            ax = axes[i][j]
            if i == j:
                ax.hist(particles[px.path], bins=15, range=(px.low, px.high), weights=w,
                        color=POSTERIOR, alpha=0.7)
                ax.set_title(tr("posterior of {name}").format(name=names[px.path]),
                             fontsize="x-small")
                ax.set_ylabel(tr("share of the posterior's weight"), fontsize="x-small")
            else:
                ax.scatter(particles[px.path], particles[py.path], s=sizes, color=POSTERIOR,
                           alpha=0.5, edgecolors="none")
                ax.set_ylim(py.low, py.high)
                ax.set_ylabel(labels[py.path], fontsize="x-small")
            ax.set_xlim(px.low, px.high)
            ax.set_xlabel(labels[px.path], fontsize="x-small")
            ax.tick_params(labelsize="x-small")
    fig.suptitle(tr("The posterior's pairs of parameters (a dot per particle, sized by its "
                    "weight)"), fontsize="medium")
    return _save(fig, path, title_inches=0.5)


def plot_target_check(check: TargetCheck, path: Path, tr) -> Path:
    """The observed value or range (green band; a line at the value) against each run's
    figure (red dots) and the runs' interval (middle 90%) (red bar); the legend under the
    axes, where it covers no dot."""
    t = check.target
    fig, ax = plt.subplots(figsize=(6.4, 3.1))
    values = np.array([v for v in check.values if not math.isnan(v)])
    finite = [v for v in (check.observed_low, check.observed_high, t.value) if v is not None
              and math.isfinite(v)] + list(values)
    span = (max(finite) - min(finite)) or 1.0
    lo, hi = min(finite) - 0.15 * span, max(finite) + 0.15 * span
    # a value is met within its tolerance; a range (open on one side or not) only inside it
    observed = tr("observed (with its tolerance)") if t.value is not None else tr("observed range")
    ax.axvspan(max(check.observed_low, lo), min(check.observed_high, hi), color=OBSERVED,
               alpha=0.25, label=observed)
    if t.value is not None:
        ax.axvline(t.value, color=OBSERVED, linewidth=2)
    if values.size:
        jitter = np.linspace(-0.15, 0.15, values.size) if values.size > 1 else np.zeros(1)
        ax.scatter(values, 1 + jitter, color=RUNS, zorder=3,
                   label=tr("calibrated scenario, a dot per seed"))
        ax.plot([check.low, check.high], [0.6, 0.6], color=RUNS, linewidth=4,
                label=tr("the runs' interval (middle 90%)"))
    ax.set_xlim(lo, hi)
    ax.set_ylim(0.3, 1.5)
    ax.set_yticks([])
    ax.set_xlabel(target_label(t, tr))
    verdict = tr("met") if check.met else tr("cannot meet")
    ax.set_title(tr("{target}: observed against simulated ({verdict})").format(
        target=t.name, verdict=verdict), fontsize="medium")
    legend_outside(ax, fontsize="x-small")
    return _save(fig, path)
