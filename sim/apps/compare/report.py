"""What a comparison's report says, in the reader's language: what was compared and how, how
many replications ran and why, a paragraph a planner can quote with its caveats, per KPI each
policy's interval and paired difference from the baseline beside the MORE plot, the best
subsets and the method.

`Story` decides all of it once, as headed sections of lines, figures and tables
(`report_document.py`), so the Markdown and HTML files (`report_markdown.py`,
`report_html.py`) cannot say different things; `outputs.py` writes them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.apps.compare.best_report import best_method, best_rows
from sim.apps.compare.indifference import rule_text
from sim.apps.compare.numbers import number, short_number
from sim.apps.compare.plots import SIGNIFICANT, verdict
from sim.apps.compare.recommendation_text import summary_lines
from sim.apps.compare.report_document import Document, Figure, Lines, Section, Table
from sim.apps.compare.robust_report import recommendation_lines, robust_tables
from sim.apps.compare.wording import LEVEL, goal_text, kpi_title, sentences, verdict_text
from sim.apps.sweep.intervals import CONFIDENCE, few_replications
from sim.core.i18n import N_, translator

ENGLISH = translator("en")
PLOTS_DIR = "plots"
ROBUST_HEADING = N_("The robust choice over the conditions")


def p_text(p) -> str:
    if p is None or math.isnan(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


class Story:
    """The report's content, once, in `lang`: its sentences, tables and the whole as a
    `Document` of headed sections."""

    def __init__(self, loaded, manifest, runs, comparison, best, outcome, figures, study=None,
                 lang: str = "en"):
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
        self.lang = lang
        self.tr = translator(lang)

    def _interval(self, low, high) -> str:
        return self.tr("{low} to {high}").format(low=number(low), high=number(high))

    # --- the parts, as (heading, paragraphs, tables, figures) ----------------------------
    def what(self) -> list[str]:
        tr, spec, base = self.tr, self.spec, self.loaded.base
        horizon = base.run.horizon_days
        lockdowns = tr(", ").join(tr("{village} (day {day:g})").format(village=lk.village,
                                                                       day=lk.start_day)
                                  for lk in base.lockdowns)
        lines = [
            tr("Base scenario `{file}` ({name}), {days:g} simulated days").format(
                file=spec.base_scenario, name=base.run.name, days=horizon)
            + (tr(", lockdowns: {lockdowns}").format(lockdowns=lockdowns) if lockdowns else "")
            + tr("."),
            tr("Policies compared against the baseline `{baseline}`:").format(baseline=self.baseline),
        ]
        for option in spec.policies:
            lines.append(tr("- `{name}`: {settings}").format(name=option.name,
                                                              settings=_settings(option.set, tr)))
        if spec.scenarios:
            lines.append(tr("Conditions (outside the planner's control), each with every policy:"))
            for option in spec.scenarios:
                lines.append(tr("- `{name}`: {settings}").format(
                    name=option.name, settings=_settings(option.set, tr)))
        goals = tr(", ").join(
            f"`{k.name}`" + tr(" ({goal})").format(
                goal=goal_text(k.goal, tr) + tr(", indifference {value}").format(
                    value=tr("{value} (from the spec)").format(value=short_number(k.indifference))
                    if k.indifference is not None else rule_text(k.name, tr)))
            for k in spec.kpis)
        lines.append(tr("KPIs: {kpis}.").format(kpis=goals))
        draws = self.loaded.posterior
        if draws is not None:
            lines.append(tr(
                "The runs drew their uncertain values from a posterior ({file}): each replication "
                "drew one particle by its weight (the same for every policy and condition of the "
                "replication) and set its values of {paths}.").format(
                    file=f"`{self.spec.ensemble.posterior}`",
                    paths=tr(", ").join(f"`{p}`" for p in draws.paths)))
        if base.run.random_numbers == "per_entity":
            lines.append(tr(
                "Common random numbers: every run of a replication has the same seed (from root "
                "seed {seed} and the replication alone, never the policy), and each household, "
                "courier and store draws from a sequence of its own, so what each of them would do "
                "is the same under every policy until the policy changes its situation; the "
                "difference of a pair is the policy's. Differences are therefore paired by "
                "replication.").format(seed=spec.root_seed))
        else:
            lines.append(tr(
                "Common random numbers: every run of a replication has the same seed (from root "
                "seed {seed} and the replication alone, never the policy), so the policies of a "
                "replication meet the same households, demand draws and delays as far as each named "
                "random stream goes, and the difference of a pair is the policy's. Differences are "
                "therefore paired by replication.").format(seed=spec.root_seed))
        return lines

    def replications(self) -> list[str]:
        tr, spec, outcome = self.tr, self.spec, self.outcome
        arms = len(self.loaded.arms)
        failed = int((self.runs["status"] != "finished").sum())
        lines = []
        if spec.precision is None:
            lines.append(tr("{n} replications of each of the {arms} policy-condition pairs "
                            "({runs} runs), as the spec asks (`replications = {asked}`).").format(
                                n=self.n, arms=arms, runs=self.n * arms, asked=spec.replications))
        else:
            p = spec.precision
            lines.append(tr(
                "The precision rule: replications are added in rounds until every policy's {level} "
                "interval on `{kpi}` has a half-width within {target:.0%} of its mean, or {most} "
                "replications have run. Each round asks for what the widest interval needs "
                "(n x (half-width / target)^2), at least one more and at most twice as many.").format(
                    kpi=p.kpi, target=p.relative_half_width, most=p.max_replications,
                    level=LEVEL))
            for check in outcome.rounds:
                verdict_text = (tr("met") if check.met else
                                tr("not met (widest {widest} at {where})").format(
                                    widest=_ratio(check.widest, tr), where=check.widest_at))
                lines.append(tr("- {n} replications: widest relative half-width {widest} "
                                "({where}): {verdict}").format(
                                    n=check.n, widest=_ratio(check.widest, tr),
                                    where=check.widest_at, verdict=verdict_text))
            last = outcome.rounds[-1] if outcome.rounds else None
            if last is not None and not last.met:
                lines.append(tr("Stopped at max_replications = {most} before the target was "
                                "met: read the intervals as they are.").format(
                                    most=p.max_replications))
            lines.append(tr("In all {n} replications of each of the {arms} pairs ({runs} "
                            "runs).").format(n=self.n, arms=arms, runs=self.n * arms))
        if failed:
            lines.append(tr("{failed} run(s) failed (the model raised); their replications are "
                            "left out of every pair.").format(failed=failed))
        warning = self.few_replications()
        if warning:
            lines.append(tr("Warning: {warning}.").format(warning=warning))
        return lines

    def few_replications(self) -> str | None:
        """The warning when the intervals rest on too few replications (2 to 4)."""
        n = self.comparison["n"]
        return few_replications(int(n[n >= 2].min()), self.tr) if (n >= 2).any() else None

    def method(self) -> list[str]:
        tr = self.tr
        family = int(self.comparison["p_value"].notna().sum())
        return [
            tr("Per policy: mean over replications and a {confidence:.0%} interval that keeps "
               "to what the KPI is: a share's is Wilson's score interval with the spread of the "
               "replications (inside 0 to 1, its arm toward the nearer bound the shorter), a count's, "
               "amount's or time's the Student-t interval cut at 0; with many replications both "
               "are the Student-t interval. "
               "Against the baseline: the mean of the paired differences (policy minus "
               "baseline, replication by replication), its Student-t {level} interval and a "
               "two-sided paired t-test; `p_holm` is Holm's adjustment over all {family} "
               "policy-KPI comparisons made, so 'clear' at p_holm < 0.05 holds for the whole "
               "report, not one line of it.").format(confidence=CONFIDENCE, family=family,
                                                     level=LEVEL),
            tr("`crn_variance_ratio` = Var(difference) / (Var(policy) + Var(baseline)): 1 is "
               "what independent seeds would give; 0.2 means the paired comparison needed a "
               "fifth of the replications independent seeds would have; above 1, the shared "
               "numbers pushed the pair apart."),
            *best_method(tr),
            tr("The MORE plot (Nelson 2008) sets the spread of single outcomes (5th to 95th "
               "percentile over replications: what one lockdown may bring) beside the error of "
               "the mean (its {level} interval: how sure the average is).").format(level=LEVEL),
        ]

    def kpi_rows(self, scenario: str, kpi: str) -> tuple[list[str], list[list[str]]]:
        tr = self.tr
        goal = next(k.goal for k in self.spec.kpis if k.name == kpi)
        rows = self.comparison[(self.comparison["scenario"] == scenario)
                               & (self.comparison["kpi"] == kpi)]
        interval = tr("{level} interval").format(level=LEVEL)
        header = [tr("policy"), "n", tr("mean"), interval, tr("difference"), interval, "p", tr("p (Holm)"),
                  tr("CRN variance ratio"), tr("against the baseline")]
        body = []
        for _, row in rows.iterrows():
            is_base = row["policy"] == self.baseline
            body.append([
                tr("{policy} (baseline)").format(policy=row["policy"]) if is_base else row["policy"],
                str(int(row["n"])), number(row["mean"]), self._interval(row["ci_low"], row["ci_high"]),
                "" if is_base else number(row["diff_mean"]),
                "" if is_base else self._interval(row["diff_ci_low"], row["diff_ci_high"]),
                "" if is_base else p_text(row["p_value"]),
                "" if is_base else p_text(row["p_holm"]),
                "" if is_base else number(row["crn_variance_ratio"]),
                "" if is_base else verdict_text(verdict(row, goal), tr)])
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
        tr = self.tr
        varied = self.comparison[~self.unchanged()]
        ratios = varied["crn_variance_ratio"].dropna()
        if ratios.empty:
            return tr("No CRN variance ratio could be computed (no KPI varied).")
        by_kpi = varied.groupby("kpi")["crn_variance_ratio"].median().dropna()
        low, high = by_kpi.idxmin(), by_kpi.idxmax()
        return tr("Common random numbers: the median CRN variance ratio over the policy-KPI "
                  "pairs that differed at all was {median} (by KPI from {low} on `{low_kpi}` to "
                  "{high} on `{high_kpi}`); pairs that never differed have a ratio of 0 and are "
                  "left out.").format(median=number(ratios.median()), low=number(by_kpi[low]),
                                      low_kpi=low, high=number(by_kpi[high]), high_kpi=high)

    def plain(self) -> list[str]:
        """The paragraph a planner can quote, per condition, then its caveats."""
        tr = self.tr
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
                    move = (tr("`{policy}` raised `{kpi}` by {amount}") if row["diff_mean"] > 0
                            else tr("`{policy}` lowered `{kpi}` by {amount}"))
                    clauses.append(
                        move.format(policy=row["policy"], kpi=kpi.name,
                                    amount=number(abs(row["diff_mean"])))
                        + tr(" ({verdict}; {level} interval of the difference {interval}, Holm p "
                             "{p})").format(verdict=verdict_text(said, tr), level=LEVEL,
                                            interval=self._interval(row["diff_ci_low"],
                                                                    row["diff_ci_high"]),
                                            p=p_text(row["p_holm"])))
            identical = self.identical_policies(scenario)
            unclear = self.comparison[(self.comparison["scenario"] == scenario)
                                      & (self.comparison["policy"] != self.baseline)
                                      & ~self.comparison["policy"].isin(identical)
                                      & ~(self.comparison["p_holm"] < SIGNIFICANT)]
            if len(self.manifest["scenarios"]) == 1:
                text = tr("Over {n} replications of {days:g} days, against `{baseline}`: ")
            else:
                text = tr("Over {n} replications of {days:g} days under `{condition}`, against "
                          "`{baseline}`: ")
            text = text.format(n=self.n, days=days, condition=scenario, baseline=self.baseline)
            text += (tr("; ").join(clauses) + tr(".") if clauses else
                     tr("no policy made a difference that the replications could tell from "
                        "chance."))
            if identical:
                text += tr(" {policies} gave the baseline's value of every KPI in every "
                           "replication: here it made the same choices.").format(
                               policies=tr(", ").join(f"`{p}`" for p in identical))
            if len(unclear):
                text += tr(" The other {count} policy-KPI difference(s) could not be told from "
                           "chance (not shown to be equal either).").format(count=len(unclear))
            best = self.best[self.best["scenario"] == scenario]
            if len(best):
                text += tr(" As good as the best to the indifference zone: {lists}.").format(
                    lists=tr("; ").join(tr("`{kpi}`: {policies}").format(
                        kpi=r["kpi"], policies=r["near_best"]) for _, r in best.iterrows()))
            paragraphs.append(text)
        if self.study is not None:  # the same words as the recommendation's, to quote with it
            paragraphs.append(tr("Over every condition: {summary}").format(
                summary=sentences(summary_lines(self.study, tr), tr)))
        paragraphs.append(tr(
            "Caveats: these are differences in the model, under its assumptions (the scenario "
            "marks each value as source or assumption), over {days:g} days of these lockdowns "
            "in this town; another town, horizon or set of lockdowns may rank the policies "
            "differently. The intervals treat each replication's KPI as one draw and assume "
            "their averages are close to normal, which is rougher with {n} replications than "
            "with many. 'Unclear' means the runs could not tell, not that the policies are "
            "equal; a best subset of several policies means the runs cannot tell them apart "
            "within the indifference zone. A KPI that is a quantile (p90) or a share is one "
            "value per run, so its interval is over runs, not orders.").format(days=days, n=self.n))
        return paragraphs

    # --- the whole, as headed sections ---------------------------------------------------
    def kpi_heading(self, scenario: str, kpi: str) -> str:
        title = kpi_title(kpi, self.tr)
        if len(self.manifest["scenarios"]) == 1:
            return title
        return self.tr("{what}, {condition}").format(what=title, condition=scenario)

    def document(self) -> Document:
        """The report's sections in order, for report_markdown.py and report_html.py to lay out."""
        tr = self.tr
        sections = [Section(tr("What was compared and how"), [Lines(self.what())]),
                    Section(tr("How many replications, and why"), [Lines(self.replications())]),
                    Section(tr("In plain words"), [Lines(self.plain())])]
        if self.study is not None:
            sections.append(self.robust_section())
        sections.append(Section(tr("Per KPI"), sections=[
            self.kpi_section(scenario, kpi, name) for scenario, kpi, name in self.figures]))
        sections.append(Section(tr("Best subsets"), [Table(*best_rows(self.best, tr))]))
        sections.append(Section(tr("Method"), [Lines(self.method() + [self.crn_sentence()])]))
        subtitle = tr("{n} replications; baseline {baseline}").format(n=self.n,
                                                                      baseline=self.baseline)
        return Document(tr("Comparison: {name}").format(name=self.loaded.name), subtitle,
                        self.lang, sections)

    def kpi_section(self, scenario: str, kpi: str, plot: str) -> Section:
        """A KPI under a condition: its MORE plot and each policy's row."""
        heading = self.kpi_heading(scenario, kpi)
        return Section(heading, [Figure(f"{PLOTS_DIR}/{plot}", heading),
                                 Table(*self.kpi_rows(scenario, kpi))])

    def robust_section(self) -> Section:
        """The recommendation over the conditions, the cost-service chart, the robust tables."""
        tr, study = self.tr, self.study
        blocks = [Lines(recommendation_lines(study, tr))]
        if study.figure:
            blocks.append(Figure(f"{PLOTS_DIR}/{study.figure}", tr("cost against service")))
        if study.threshold_figure:
            blocks.append(Figure(f"{PLOTS_DIR}/{study.threshold_figure}",
                                 tr("the recommendation against the threshold")))
        return Section(tr(ROBUST_HEADING), blocks,
                       [Section(heading, [Table(header, rows)])
                        for heading, header, rows in robust_tables(study, tr)])


def _settings(values: dict, tr=ENGLISH) -> str:
    if not values:
        return tr("the base scenario as it is")
    return ", ".join(f"`{k}` = `{_short(v)}`" for k, v in values.items())


def _short(value) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


def _ratio(x: float, tr=ENGLISH) -> str:
    return tr("undefined") if not np.isfinite(x) else f"{x:.1%}"
