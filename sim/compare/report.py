"""The comparison's outputs: `comparison.csv`, `best.csv`, `plots/*.png`, `report.md` and a
self-contained `report.html`, each written atomically.

The report says what was compared and how, shows per KPI each policy's interval, its paired
difference from the baseline and the MORE plot, gives the tables, how many replications ran
and why, and ends with a paragraph a planner can quote, with its caveats.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from sim.atomic_files import write_text_atomically
from sim.compare.numbers import number
from sim.compare.plots import SIGNIFICANT, plot_kpi, verdict
from sim.compare.robust_report import (
    recommendation_lines,
    robust_study,
    robust_tables,
    write_robust,
)
from sim.compare.statistics import (
    CONFIDENCE,
    SUBSET_ALPHA,
    SUBSET_PROCEDURE,
    best_table,
    comparison_table,
    paired_values,
)
from sim.report.html_page import esc, img, page, table

PLOTS_DIR = "plots"
ROBUST_HEADING = "The robust choice over the conditions"


def write_outputs(out: Path, loaded, manifest: dict, runs: pd.DataFrame, outcome) -> list[str]:
    """Every output file of the comparison in `out`; returns their names."""
    kpis = [k.model_dump() for k in loaded.spec.kpis]
    comparison = comparison_table(runs, manifest, kpis)
    best = best_table(runs, manifest, kpis)
    write_text_atomically(out / "comparison.csv", comparison.to_csv(index=False))
    write_text_atomically(out / "best.csv", best.to_csv(index=False))
    (out / PLOTS_DIR).mkdir(exist_ok=True)
    figures = _plots(out, loaded, manifest, runs, comparison)
    study = robust_study(loaded, manifest, runs)  # with more than one condition
    robust_files = write_robust(out, study, PLOTS_DIR) if study is not None else []
    story = Story(loaded, manifest, runs, comparison, best, outcome, figures, study)
    write_text_atomically(out / "report.md", story.markdown())
    write_text_atomically(out / "report.html", story.html(out))
    return ["comparison.csv", "best.csv", "report.md", "report.html",
            *[f for f in robust_files if "/" not in f],
            *[f"{PLOTS_DIR}/{name}" for _s, _k, name in figures],
            *[f for f in robust_files if "/" in f]]


def _plots(out: Path, loaded, manifest: dict, runs: pd.DataFrame,
           comparison: pd.DataFrame) -> list[tuple[str, str, str]]:
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
            title = f"{loaded.name}, {scenario}" if several else loaded.name
            plot_kpi(out / PLOTS_DIR / name, kpi.name, kpi.goal, rows, outcomes, policies,
                     baseline, title)
            written.append((scenario, kpi.name, name))
    return written


def _file_safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def p_text(p) -> str:
    if p is None or math.isnan(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


class Story:
    """The report's content, once, rendered as Markdown and as HTML."""

    def __init__(self, loaded, manifest, runs, comparison, best, outcome, figures, study=None):
        self.study = study  # the robust choice over the conditions (several conditions only)
        self.loaded = loaded
        self.spec = loaded.spec
        self.manifest = manifest
        self.runs = runs
        self.comparison = comparison
        self.best = best
        self.outcome = outcome
        self.figures = figures
        self.baseline = manifest["baseline"]
        self.n = int(comparison["n"].max()) if len(comparison) else 0

    # --- the parts, as (heading, paragraphs, tables, figures) ----------------------------
    def what(self) -> list[str]:
        spec, base = self.spec, self.loaded.base
        horizon = base.run.horizon_days
        lockdowns = ", ".join(f"{lk.village} (day {lk.start_day:g})" for lk in base.lockdowns)
        lines = [
            f"Base scenario `{spec.base_scenario}` ({base.run.name}), {horizon:g} simulated days"
            + (f", lockdowns: {lockdowns}" if lockdowns else "") + ".",
            f"Policies compared against the baseline `{self.baseline}`:",
        ]
        for option in spec.policies:
            lines.append(f"- `{option.name}`: {_settings(option.set)}")
        if spec.scenarios:
            lines.append("Conditions (outside the planner's control), each with every policy:")
            for option in spec.scenarios:
                lines.append(f"- `{option.name}`: {_settings(option.set)}")
        goals = ", ".join(f"`{k.name}` ({'lower' if k.goal == 'min' else 'higher'} is better"
                          + (f", indifference {number(k.indifference)}" if k.indifference else "")
                          + ")" for k in spec.kpis)
        lines.append(f"KPIs: {goals}.")
        lines.append(
            "Common random numbers: every run of a replication has the same seed (from root "
            f"seed {spec.root_seed} and the replication alone, never the policy), so the "
            "policies of a replication meet the same households, demand draws and delays as "
            "far as each named random stream goes, and the difference of a pair is the "
            "policy's. Differences are therefore paired by replication.")
        return lines

    def replications(self) -> list[str]:
        spec, outcome = self.spec, self.outcome
        arms = len(self.loaded.arms)
        failed = int((self.runs["status"] != "finished").sum())
        lines = []
        if spec.precision is None:
            lines.append(f"{self.n} replications of each of the {arms} policy-condition pairs "
                         f"({self.n * arms} runs), as the spec asks (`replications = "
                         f"{spec.replications}`).")
        else:
            p = spec.precision
            lines.append(
                f"The precision rule: replications are added in rounds until every policy's 95% "
                f"interval on `{p.kpi}` has a half-width within {p.relative_half_width:.0%} of "
                f"its mean, or {p.max_replications} replications have run. Each round asks for "
                f"what the widest interval needs (n x (half-width / target)^2), at least one "
                f"more and at most twice as many.")
            for check in outcome.rounds:
                verdict_text = ("met" if check.met else
                                f"not met (widest {_ratio(check.widest)} at {check.widest_at})")
                lines.append(f"- {check.n} replications: widest relative half-width "
                             f"{_ratio(check.widest)} ({check.widest_at}): {verdict_text}")
            last = outcome.rounds[-1] if outcome.rounds else None
            if last is not None and not last.met:
                lines.append(f"Stopped at max_replications = {p.max_replications} before the "
                             f"target was met: read the intervals as they are.")
            lines.append(f"In all {self.n} replications of each of the {arms} pairs "
                         f"({self.n * arms} runs).")
        if failed:
            lines.append(f"{failed} run(s) failed (the model raised); their replications are "
                         f"left out of every pair.")
        return lines

    def method(self) -> list[str]:
        family = int(self.comparison["p_value"].notna().sum())
        return [
            f"Per policy: mean over replications and a Student-t {CONFIDENCE:.0%} interval. "
            "Against the baseline: the mean of the paired differences (policy minus baseline, "
            "replication by replication), its Student-t 95% interval and a two-sided paired "
            f"t-test; `p_holm` is Holm's adjustment over all {family} policy-KPI comparisons "
            "made, so 'clear' at p_holm < 0.05 holds for the whole report, not one line of it.",
            "`crn_variance_ratio` = Var(difference) / (Var(policy) + Var(baseline)): 1 is what "
            "independent seeds would give; 0.2 means the paired comparison needed a fifth of "
            "the replications independent seeds would have; above 1, the shared numbers "
            "pushed the pair apart.",
            f"The best subset (`best.csv`): {SUBSET_PROCEDURE}. A policy stays unless some "
            "other policy's mean beats it by more than the noise allowance less the KPI's "
            f"indifference zone; with probability at least {1 - SUBSET_ALPHA:.0%} the subset "
            "holds the best policy whenever it beats every other by at least the indifference "
            "zone (policies closer than that are as good as the best for the planner's "
            "purpose, and the zone lets the screen drop them). So that they are not lost, "
            "`near_best` lists the policies no other is shown to beat by more than the "
            "indifference zone (the same allowance W added to the zone): the ones as good as "
            "the best to the planner's tolerance.",
            "The MORE plot (Nelson 2008) sets the spread of single outcomes (5th to 95th "
            "percentile over replications: what one lockdown may bring) beside the error of "
            "the mean (its 95% interval: how sure the average is).",
        ]

    def kpi_rows(self, scenario: str, kpi: str) -> tuple[list[str], list[list[str]]]:
        goal = next(k.goal for k in self.spec.kpis if k.name == kpi)
        rows = self.comparison[(self.comparison["scenario"] == scenario)
                               & (self.comparison["kpi"] == kpi)]
        header = ["policy", "n", "mean", "95% interval", "difference", "95% interval",
                  "p", "p (Holm)", "CRN variance ratio", "against the baseline"]
        body = []
        for _, row in rows.iterrows():
            is_base = row["policy"] == self.baseline
            body.append([
                row["policy"] + (" (baseline)" if is_base else ""), str(int(row["n"])),
                number(row["mean"]), f"{number(row['ci_low'])} to {number(row['ci_high'])}",
                "" if is_base else number(row["diff_mean"]),
                "" if is_base else f"{number(row['diff_ci_low'])} to {number(row['diff_ci_high'])}",
                "" if is_base else p_text(row["p_value"]),
                "" if is_base else p_text(row["p_holm"]),
                "" if is_base else number(row["crn_variance_ratio"]),
                "" if is_base else verdict(row, goal)])
        return header, body

    def best_rows(self) -> tuple[list[str], list[list[str]]]:
        header = ["condition", "KPI", "goal", "indifference", "n", "best mean",
                  "could be the best (subset)", "as good to the indifference zone"]
        body = [[r["scenario"], r["kpi"], r["goal"], number(r["indifference"]), str(r["n"]),
                 f"{r['best_policy']} ({number(r['best_mean'])})", r["subset"], r["near_best"]]
                for _, r in self.best.iterrows()]
        return header, body

    def unchanged(self) -> pd.Series:
        """Rows whose policy gave the baseline's value in every replication."""
        c = self.comparison
        return (c["diff_mean"] == 0) & (c["diff_ci_low"] == 0) & (c["diff_ci_high"] == 0)

    def identical_policies(self, scenario: str) -> list[str]:
        """Policies that gave the baseline's value of every KPI in every replication."""
        c = self.comparison[self.comparison["scenario"] == scenario]
        same = self.unchanged()[c.index]
        return [p for p, rows in c[c["policy"] != self.baseline].groupby("policy", sort=False)
                if same[rows.index].all()]

    def crn_sentence(self) -> str:
        varied = self.comparison[~self.unchanged()]
        ratios = varied["crn_variance_ratio"].dropna()
        if ratios.empty:
            return "No CRN variance ratio could be computed (no KPI varied)."
        by_kpi = varied.groupby("kpi")["crn_variance_ratio"].median().dropna()
        low, high = by_kpi.idxmin(), by_kpi.idxmax()
        return (f"Common random numbers: the median CRN variance ratio over the policy-KPI "
                f"pairs that differed at all was {number(ratios.median())} (by KPI from "
                f"{number(by_kpi[low])} on `{low}` to {number(by_kpi[high])} on `{high}`); "
                f"pairs that never differed have a ratio of 0 and are left out.")

    def plain(self) -> list[str]:
        """The paragraph a planner can quote, per condition, then its caveats."""
        paragraphs = []
        days = self.loaded.base.run.horizon_days
        for scenario in self.manifest["scenarios"]:
            clauses = []
            for kpi in self.spec.kpis:
                rows = self.comparison[(self.comparison["scenario"] == scenario)
                                       & (self.comparison["kpi"] == kpi.name)
                                       & (self.comparison["policy"] != self.baseline)]
                for _, row in rows.iterrows():
                    said = verdict(row, kpi.goal)
                    if said == "unclear":
                        continue
                    move = "raised" if row["diff_mean"] > 0 else "lowered"
                    clauses.append(
                        f"`{row['policy']}` {move} `{kpi.name}` by "
                        f"{number(abs(row['diff_mean']))} ({said}; 95% interval of the "
                        f"difference {number(row['diff_ci_low'])} to "
                        f"{number(row['diff_ci_high'])}, Holm p {p_text(row['p_holm'])})")
            identical = self.identical_policies(scenario)
            unclear = self.comparison[(self.comparison["scenario"] == scenario)
                                      & (self.comparison["policy"] != self.baseline)
                                      & ~self.comparison["policy"].isin(identical)
                                      & ~(self.comparison["p_holm"] < SIGNIFICANT)]
            where = "" if len(self.manifest["scenarios"]) == 1 else f" under `{scenario}`"
            text = (f"Over {self.n} replications of {days:g} days{where}, against "
                    f"`{self.baseline}`: ")
            text += ("; ".join(clauses) + "." if clauses else
                     "no policy made a difference that the replications could tell from chance.")
            if identical:
                text += (f" {', '.join(f'`{p}`' for p in identical)} gave the baseline's value "
                         f"of every KPI in every replication: here it made the same choices.")
            if len(unclear):
                text += (f" The other {len(unclear)} policy-KPI difference(s) could not be told "
                         f"from chance (not shown to be equal either).")
            best = self.best[self.best["scenario"] == scenario]
            if len(best):
                text += (" As good as the best to the indifference zone: " + "; ".join(
                    f"`{r['kpi']}`: {r['near_best']}" for _, r in best.iterrows()) + ".")
            paragraphs.append(text)
        paragraphs.append(
            "Caveats: these are differences in the model, under its assumptions (the scenario "
            f"marks each value as source or assumption), over {days:g} days of these lockdowns "
            "in this town; another town, horizon or set of lockdowns may rank the policies "
            "differently. The intervals treat each replication's KPI as one draw and assume "
            f"their averages are close to normal, which is rougher with {self.n} replications "
            "than with many. 'Unclear' means the runs could not tell, not that the policies "
            "are equal; a best subset of several policies means the runs cannot tell them "
            "apart within the indifference zone. A KPI that is a quantile (p90) or a share is "
            "one value per run, so its interval is over runs, not orders.")
        return paragraphs

    # --- rendering ---------------------------------------------------------------------
    def markdown(self) -> str:
        out = [f"# Comparison: {self.loaded.name}", ""]
        out += ["## What was compared and how", "", *_md_lines(self.what()), ""]
        out += ["## How many replications, and why", "", *_md_lines(self.replications()), ""]
        out += ["## In plain words", "", *_md_lines(self.plain()), ""]
        if self.study is not None:
            out += [f"## {ROBUST_HEADING}", "", *_md_lines(recommendation_lines(self.study)), ""]
            if self.study.figure:
                out += [f"![cost against service]({PLOTS_DIR}/{self.study.figure})", ""]
            for heading, header, rows in robust_tables(self.study):
                out += [f"### {heading}", "", _md_table(header, rows), ""]
        out += ["## Per KPI", ""]
        for scenario, kpi, name in self.figures:
            heading = kpi if len(self.manifest["scenarios"]) == 1 else f"{kpi}, {scenario}"
            out += [f"### {heading}", "", f"![{heading}]({PLOTS_DIR}/{name})", ""]
            out += [_md_table(*self.kpi_rows(scenario, kpi)), ""]
        out += ["## Best subsets", "", _md_table(*self.best_rows()), ""]
        out += ["## Method", "", *_md_lines(self.method() + [self.crn_sentence()]), ""]
        return "\n".join(out)

    def html(self, out: Path) -> str:
        sections = [
            ("What was compared and how", _html_lines(self.what())),
            ("How many replications, and why", _html_lines(self.replications())),
            ("In plain words", _html_lines(self.plain())),
        ]
        if self.study is not None:
            body = _html_lines(recommendation_lines(self.study))
            if self.study.figure:
                body += "\n" + img(out / PLOTS_DIR / self.study.figure, "cost against service")
            for heading, header, rows in robust_tables(self.study):
                body += f"\n<h3>{esc(heading)}</h3>\n" + table(header, rows)
            sections.append((ROBUST_HEADING, body))
        for scenario, kpi, name in self.figures:
            heading = kpi if len(self.manifest["scenarios"]) == 1 else f"{kpi}, {scenario}"
            sections.append((heading, img(out / PLOTS_DIR / name, heading) + "\n"
                             + table(*self.kpi_rows(scenario, kpi))))
        sections.append(("Best subsets", table(*self.best_rows())))
        sections.append(("Method", _html_lines(self.method() + [self.crn_sentence()])))
        return page(f"Comparison: {self.loaded.name}", sections,
                    subtitle=f"{self.n} replications; baseline {self.baseline}")


def _settings(values: dict) -> str:
    if not values:
        return "the base scenario as it is"
    return ", ".join(f"`{k}` = `{_short(v)}`" for k, v in values.items())


def _short(value) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


def _ratio(x: float) -> str:
    return "undefined" if not np.isfinite(x) else f"{x:.1%}"


def _md_lines(lines: list[str]) -> list[str]:
    """List items stay together; other lines are paragraphs."""
    out = []
    for line in lines:
        if out and not (line.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(line)
    return out


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html_lines(lines: list[str]) -> str:
    out, items = [], []
    for line in lines:
        text = _code(esc(line))
        if line.startswith("- "):
            items.append(f"<li>{text[2:]}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{text}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)


def _code(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
