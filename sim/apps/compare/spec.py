"""Compare specifications: which policies to compare on which scenario, by which KPIs.

A spec is a TOML file (e.g. `experiments/compare-policies.toml`). Every mistake is reported as
file, line, field and what is allowed (a `ScenarioError`, exit 2) before any run starts. Each
policy's and condition's `set` table changes the base scenario by dotted path, as `--set` does;
a value may be a whole list or table (a scenario's lockdowns, a distribution).

A robust study adds an `[ensemble]` of conditions drawn by a Latin hypercube (expanded into
named conditions, the same ones every time from the ensemble's seed), the planner's `thresholds`
and which KPIs are the cost and the service of a `trade_off` (see `sim/apps/compare/robust.py`).

This module loads a spec into a `LoadedComparison` (every condition crossed with every policy,
each pair's scenario built); the tables and fields are `spec_schema.py`'s, the checks across
them `spec_checks.py`'s, the ensemble's draws `ensemble.py`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.apps.compare.ensemble import expand_ensemble
from sim.apps.compare.posterior_draws import PosteriorDraws, load_posterior
from sim.apps.compare.spec_checks import arm_problems, kpi_problems, name_problems, robust_problems
from sim.apps.compare.spec_schema import (
    CompareSpec,
    Ensemble,
    EnsembleVariable,
    Kpi,
    Option,
    Precision,
    Threshold,
    ThresholdSensitivity,
    TradeOff,
    model_at,
)
from sim.apps.sweep.spec import read_spec
from sim.core.i18n import DEFAULT_LANGUAGE
from sim.core.set_aside import needs_failed
from sim.inputs.scenario_loading import apply_overrides
from sim.scenario import Scenario

__all__ = [  # the schema and the ensemble's expansion are imported from here too
    "Arm", "CompareSpec", "Ensemble", "EnsembleVariable", "Kpi", "LoadedComparison", "Option",
    "Precision", "Threshold", "ThresholdSensitivity", "TradeOff", "declared_language", "expand_ensemble", "has_depot",
    "load_compare_spec",
]


@dataclass(frozen=True)
class Arm:
    """One (condition, policy) pair: the scenario its runs use."""

    scenario_index: int
    policy_index: int
    scenario_name: str
    policy_name: str
    settings: dict  # the dotted paths set, the condition's then the policy's
    scenario: Scenario


class LoadedComparison:
    """A checked spec with every (condition, policy) scenario built."""

    def __init__(self, path: Path, spec: CompareSpec, base: Scenario, arms: list[Arm],
                 conditions: list[Option] | None = None,
                 features: dict[str, dict[str, float]] | None = None,
                 posterior: PosteriorDraws | None = None):
        self.path = path
        self.spec = spec
        self.base = base
        self.arms = arms
        # the conditions: those listed, then the ensemble's draws
        self.conditions = list(spec.scenarios) if conditions is None else conditions
        # per condition drawn by the ensemble: its value of each ensemble variable
        self.features = features or {}
        # a calibration's posterior each replication draws its uncertain values from
        self.posterior = posterior

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def report_language(self) -> str:
        """The spec's `lang`, else one the base scenario declares, else English."""
        return self.spec.lang or declared_language(self.base) or DEFAULT_LANGUAGE

    @property
    def policy_names(self) -> list[str]:
        return [p.name for p in self.spec.policies]

    @property
    def scenario_names(self) -> list[str]:
        return [s.name for s in self.conditions] or ["base"]

    @property
    def baseline_index(self) -> int:
        return self.policy_names.index(self.spec.baseline) if self.spec.baseline else 0

    @property
    def kpi_names(self) -> list[str]:
        return [k.name for k in self.spec.kpis]

    @property
    def initial_replications(self) -> int:
        spec = self.spec
        return spec.replications if spec.precision is None else spec.precision.initial_replications

    @property
    def max_replications(self) -> int:
        spec = self.spec
        return spec.replications if spec.precision is None else spec.precision.max_replications


def declared_language(scenario: Scenario) -> str | None:
    """The language a scenario declares for what people read (its `[run]` table's `lang`)."""
    return scenario.run.lang


def load_compare_spec(path: str | Path) -> LoadedComparison:
    """Read and check a compare spec; raises `ScenarioError` listing every problem found."""
    read = read_spec(path, CompareSpec, model_at)
    file, locator, spec, base = str(read.path), read.locator, read.spec, read.scenario
    options = ("policies.name", "policies.set", "scenarios.name", "scenarios.set", "ensemble")
    conditions, features = ([], {}) if needs_failed(options, read.failed) else expand_ensemble(spec)
    read.check(options + ("baseline",), "the policies' and conditions' names",
               lambda: name_problems(file, locator, spec, conditions))
    read.check(("kpis.name", "precision"), "the KPI names", lambda: kpi_problems(file, locator, spec))
    read.check(("kpis", "thresholds", "trade_off", "threshold_sensitivity", "policies",
                "scenarios"), "the thresholds and the trade-off",
               lambda: robust_problems(file, locator, spec))
    read.check(options + ("base_scenario",), "what the policies and conditions set",
               lambda: arm_problems(file, locator, spec, base, conditions))
    posterior = None
    ensemble = getattr(spec, "ensemble", None)
    if not needs_failed(("ensemble", "base_scenario", "root_seed"), read.failed) and \
            ensemble is not None and ensemble.posterior is not None:
        seed = spec.root_seed if ensemble.seed is None else ensemble.seed
        posterior, problems = load_posterior(file, locator, read.path.parent, ensemble.posterior,
                                             seed, base)
        read.problems += problems
    read.raise_problems()
    return LoadedComparison(read.path, spec, base, _arms(file, spec, base, conditions),
                            conditions, features, posterior)


def has_depot(scenario: Scenario) -> bool:
    """Whether the scenario's town has a depot (a capacity or some days of cover)."""
    depot = scenario.depot
    cover = depot.cover_days
    if cover is not None:
        return any(v > 0 for v in (cover.values() if isinstance(cover, dict) else [cover]))
    return depot.capacity_kg > 0


def _arms(file: str, spec: CompareSpec, base: Scenario, listed: list[Option]) -> list[Arm]:
    """Every condition crossed with every policy, each with its scenario (all checked)."""
    arms = []
    for i, (name, values) in enumerate([(c.name, c.set) for c in listed] or [("base", {})]):
        for j, policy in enumerate(spec.policies):
            settings = {**values, **policy.set}
            scenario = apply_overrides(base, settings, file) if settings else base
            arms.append(Arm(i, j, name, policy.name, settings, scenario))
    return arms
