"""`report.md` and `report.html`: what a calibration found, in English or Chinese.

Per parameter its prior against its posterior (a plot each, and the summary's table of
intervals), the posterior's pairs of parameters, each target's observed value or range
against the calibrated scenario's runs (the posterior predictive check), and the targets the
model cannot meet: those whose runs' interval misses the observed range. The plots are in
`plots/`; the HTML page carries them inside itself. An `optimize` calibration has no
posterior: its report has the best point and the check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sim.apps.calibrate.outputs import Summary, target_text
from sim.apps.calibrate.predictive_check import TargetCheck, target_checks
from sim.apps.calibrate.report_plots import plot_pairs, plot_prior_posterior, plot_target_check
from sim.apps.calibrate.spec import LoadedCalibration
from sim.apps.report.cjk_font import fonts_for
from sim.apps.report.html_page import esc, img, page, table
from sim.core.atomic_files import write_text_atomically
from sim.core.i18n import HTML_LANG, translator

REPORT_FILES = ("report.md", "report.html")
PLOTS = "plots"


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")


def _number(v: float) -> str:
    return "-" if v != v else f"{v:.4g}"


def write_report(out: Path, loaded: LoadedCalibration, summary: Summary,
                 particles: pd.DataFrame | None, check: pd.DataFrame, lang: str) -> list[str]:
    """Write the plots, report.md and report.html; the files' names. `particles`: the
    posterior (None for a best point); `check`: the calibrated scenario's runs, a row per seed."""
    tr = translator(lang)
    spec = loaded.spec
    sections: list[tuple[str, list]] = []  # heading, blocks: str (a paragraph), table, figure
    with fonts_for(lang):
        if particles is not None:
            figures = [(plot_prior_posterior(p, particles,
                                             out / PLOTS / f"prior_posterior_{_file_name(p.path)}.png", tr),
                        tr("Prior and posterior of {path}").format(path=p.path))
                       for p in spec.parameters]
            sections.append((tr("Prior against posterior"), [
                tr("Each parameter's prior density (grey line) and the posterior's particles "
                   "(blue, weighted). A posterior as wide as its prior is a value the figures "
                   "leave open; a narrow one, a value they pin down."),
                ("table", summary.parameter_header, summary.parameter_rows), *figures]))
            if len(spec.parameters) > 1:
                pairs = plot_pairs(list(spec.parameters), particles, out / PLOTS / "posterior_pairs.png", tr)
                sections.append((tr("Pairs of parameters"), [
                    tr("A ridge or a slope in a panel is two values the figures trade off "
                       "against each other."), (pairs, tr("The posterior's pairs of parameters"))]))
        else:
            sections.append((tr("The best point"), [
                ("table", summary.parameter_header, summary.parameter_rows)]))
        checks = target_checks(spec.targets, check)
        plots = [(plot_target_check(c, out / PLOTS / f"check_{_file_name(c.target.name)}.png", tr),
                  tr("{target}: observed against the calibrated scenario's runs").format(
                      target=c.target.name)) for c in checks]
    rows = [[c.target.name, target_text(c.target), ", ".join(_number(v) for v in c.values),
             f"{_number(c.low)} – {_number(c.high)}", tr("yes") if c.met else tr("no")]
            for c in checks]
    sections.append((tr("Observed against simulated"), [
        tr("The calibrated scenario (the fitted values) run on {n} seed(s) of {days:g} days; a "
           "target is met when the runs' interval (middle 90%) reaches its observed value or range "
           "(with its tolerance).").format(n=len(check), days=loaded.scenario.run.horizon_days),
        ("table", [tr("target"), tr("observed"), tr("each seed's run"), tr("runs' interval (middle 90%)"),
                   tr("met")], rows), *plots]))
    sections.append((tr("Targets the model cannot meet"), _unmet(checks, tr)))
    title = tr("Calibration {name}: report").format(name=loaded.name)
    write_text_atomically(out / "report.md", _markdown(title, summary.intro, sections))
    write_text_atomically(out / "report.html", _html(title, summary.intro, sections, out,
                                                     HTML_LANG[lang]))
    return list(REPORT_FILES)


def _unmet(checks: list[TargetCheck], tr) -> list:
    unmet = [c for c in checks if not c.met]
    if not unmet:
        return [tr("None: every target's runs reach what was observed.")]
    lines = [tr("With the values the calibration allowed, the model does not reach these "
                "figures: the runs' interval misses the observed range. Widen a parameter's "
                "range, fit another value, or question the figure.")]
    for c in unmet:
        got = (tr("no run had such a case") if c.low != c.low
               else tr("runs gave {low} to {high}").format(low=_number(c.low), high=_number(c.high)))
        lines.append(f"- {c.target.name}: " + tr("observed {observed}, {got}").format(
            observed=target_text(c.target), got=got))
    return ["\n".join(lines)]


def _markdown(title: str, intro: str, sections) -> str:
    md = [f"# {title}", "", intro, ""]
    for heading, blocks in sections:
        md += [f"## {heading}", ""]
        for block in blocks:
            if isinstance(block, str):
                md += [block, ""]
            elif block[0] == "table":
                _, header, rows = block
                md += ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
                md += ["| " + " | ".join(row) + " |" for row in rows] + [""]
            else:
                path, caption = block
                md += [f"![{caption}]({PLOTS}/{path.name})", ""]
    return "\n".join(md)


def _html(title: str, intro: str, sections, out: Path, lang: str) -> str:
    body = []
    for heading, blocks in sections:
        parts = []
        for block in blocks:
            if isinstance(block, str):
                items = block.split("\n")
                parts.append(f"<p>{esc(items[0])}</p>")
                if len(items) > 1:
                    parts.append("<ul>" + "".join(f"<li>{esc(i[2:])}</li>" for i in items[1:]) + "</ul>")
            elif block[0] == "table":
                parts.append(table(block[1], block[2]))
            else:
                parts.append(img(block[0], block[1]))
        body.append((heading, "\n".join(parts)))
    return page(title, body, intro, lang)
