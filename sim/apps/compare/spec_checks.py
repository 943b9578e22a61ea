"""A compare spec's checks across its tables, each problem located (file, line, field, what is
allowed): names used once and the baseline among the policies, KPIs known and numeric, the
thresholds and trade-off on KPIs compared, and every policy crossed with every condition set on
the base scenario as `--set` would set it.
"""

from __future__ import annotations

import difflib

from sim.apps.compare.spec_schema import CompareSpec, Option
from sim.apps.sweep.spec import kpi_names
from sim.inputs.scenario_loading import (
    LineLocator,
    Problem,
    ScenarioError,
    apply_overrides,
    dotted_path,
)
from sim.scenario import Scenario

TEXT_KPIS = ("busiest_store",)  # the one KPI that names something rather than counts it


def name_problems(file: str, locator: LineLocator, spec: CompareSpec,
                  conditions: list[Option]) -> list[Problem]:
    """Each policy's and condition's name once (a drawn one's is the ensemble's prefix), and
    the baseline among the policies."""
    problems = []
    for table, options in (("policies", spec.policies), ("scenarios", conditions)):
        names = [o.name for o in options]
        for i, name in enumerate(names):
            if names.index(name) < i:
                where = (table, i, "name") if i < len(spec.scenarios) or table == "policies" \
                    else ("ensemble", "prefix")
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"{name!r} is used twice; each name once"))
    if spec.baseline is not None and spec.baseline not in [p.name for p in spec.policies]:
        names = [p.name for p in spec.policies]
        guess = difflib.get_close_matches(spec.baseline, names, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        problems.append(Problem(file, locator.line_of(("baseline",)), "baseline",
                                f"no policy named {spec.baseline!r}{hint} Allowed: "
                                f"{', '.join(names)}"))
    return problems


def kpi_problems(file: str, locator: LineLocator, spec: CompareSpec) -> list[Problem]:
    known = kpi_names()
    problems = []
    names = [k.name for k in spec.kpis]
    for i, kpi in enumerate(spec.kpis):
        where = ("kpis", i, "name")
        line = locator.line_of(where)
        if kpi.name not in known:
            guess = difflib.get_close_matches(kpi.name, known, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            problems.append(Problem(file, line, dotted_path(where),
                                    f"unknown KPI {kpi.name!r}{hint} Allowed: {', '.join(known)}"))
        elif kpi.name in TEXT_KPIS:
            problems.append(Problem(file, line, dotted_path(where),
                                    f"{kpi.name!r} names a store, it is not a number; a "
                                    f"comparison needs a KPI that is one"))
        elif names.index(kpi.name) < i:
            problems.append(Problem(file, line, dotted_path(where), f"{kpi.name!r} is listed twice"))
    if spec.precision is not None and spec.precision.kpi not in names:
        problems.append(Problem(file, locator.line_of(("precision", "kpi")), "precision.kpi",
                                f"{spec.precision.kpi!r} is not among the kpis compared; "
                                f"allowed: {', '.join(names)}"))
    return problems


def robust_problems(file: str, locator: LineLocator, spec: CompareSpec) -> list[Problem]:
    """Thresholds and the trade-off must name KPIs compared; the trade-off's cost must be one
    where lower is better."""
    goals = {k.name: k.goal for k in spec.kpis}
    problems = []
    for name in spec.thresholds:
        if name not in goals:
            problems.append(Problem(file, locator.line_of(("thresholds", name)),
                                    f"thresholds.{name}", f"{name!r} is not among the kpis "
                                    f"compared; allowed: {', '.join(goals)}"))
    if spec.trade_off is not None:
        for role in ("cost", "service"):
            name = getattr(spec.trade_off, role)
            where = ("trade_off", role)
            if name not in goals:
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"{name!r} is not among the kpis compared; allowed: "
                                        f"{', '.join(goals)}"))
            elif role == "cost" and goals[name] != "min":
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"{name!r} has goal 'max'; a cost is a KPI where lower "
                                        f"is better (goal 'min')"))
    return problems + size_problems(file, locator, spec)


def size_problems(file: str, locator: LineLocator, spec: CompareSpec) -> list[Problem]:
    """The threshold sensitivity on a KPI compared; sizes on policies only, every policy's or
    none."""
    goals = {k.name: k.goal for k in spec.kpis}
    problems = []
    sweep = spec.threshold_sensitivity
    if sweep is not None and sweep.kpi not in goals:
        where = ("threshold_sensitivity", "kpi")
        problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                f"{sweep.kpi!r} is not among the kpis compared; allowed: "
                                f"{', '.join(goals)}"))
    for i, condition in enumerate(spec.scenarios):
        if condition.size is not None:
            where = ("scenarios", i, "size")
            problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                    "a condition has no size; `size` is a policy's (its place "
                                    "on the study's scale)"))
    sized = [p.size is not None for p in spec.policies]
    if any(sized) and not all(sized):
        i = sized.index(False)
        where = ("policies", i, "name")
        problems.append(Problem(file, locator.line_of(where), f"policies[{i}].size",
                                f"policy {spec.policies[i].name!r} has no size while others "
                                f"have one; give every policy a size = ... or none"))
    return problems


def arm_problems(file: str, locator: LineLocator, spec: CompareSpec, base: Scenario,
                 listed: list[Option]) -> list[Problem]:
    """Every condition crossed with every policy, each scenario checked as `--set` checks."""
    problems: list[Problem] = []
    conditions = [(c.name, c.set) for c in listed] or [("base", {})]
    drawn: dict[str, list[tuple[str, Problem]]] = {}  # field: (condition, problem)
    for i, (_name, values) in enumerate(conditions):
        if i < len(spec.scenarios):
            problems += _set_problems(file, locator, ("scenarios", i, "set"), base, values)
        elif listed:
            for found in _drawn_problems(file, locator, base, values):
                drawn.setdefault(found.field, []).append((_name, found))
    draws = len(conditions) - len(spec.scenarios)
    for field, found in drawn.items():
        # a drawn condition's problem points at the ensemble, once per field
        name, first = found[0]
        problems.append(Problem(first.file, first.line, field,
                                f"{first.message} (in condition {name!r}; in {len(found)} of "
                                f"the {draws} drawn conditions)"))
    for j, policy in enumerate(spec.policies):
        problems += _set_problems(file, locator, ("policies", j, "set"), base, policy.set)
        for name, values in conditions:
            both = sorted(set(values) & set(policy.set))
            if both:
                where = ("policies", j, "set")
                problems.append(Problem(file, locator.line_of(where), dotted_path(where),
                                        f"sets {', '.join(both)}, which condition {name!r} "
                                        f"sets too; a policy and a condition may not set the "
                                        f"same value"))
    return problems


def _drawn_problems(file: str, locator: LineLocator, base: Scenario,
                    values: dict) -> list[Problem]:
    """A drawn condition's values applied together (a variable's path may lead into a list
    the ensemble's `set` makes), its problems pointed at the ensemble's `set` line."""
    try:
        apply_overrides(base, values, file)
    except ScenarioError as exc:
        where = ("ensemble", "set")
        return [Problem(file, locator.line_of(where),
                        f"ensemble.set.{found.field}" if found.field else "ensemble.set",
                        found.message.removeprefix(f"{found.field}: "))
                for found in exc.problems]
    return []


def _set_problems(file: str, locator: LineLocator, where: tuple, base: Scenario,
                  values: dict) -> list[Problem]:
    """Each path must name a value of the base scenario and each value must be valid there;
    a problem points at the `set` line and names the path."""
    problems = []
    line = locator.line_of(where)
    for path, value in values.items():
        try:
            apply_overrides(base, {path: value}, file)
        except ScenarioError as exc:
            for found in exc.problems:
                message = found.message.removeprefix(f"{path}: ")
                if found.field and found.field != path:
                    message = f"{found.field}: {message}"
                problems.append(Problem(file, line, f"{dotted_path(where)}.{path}", message))
    return problems
