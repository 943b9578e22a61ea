"""The `rehearse` command line (also `python -m sim`).

A user's mistake (a bad scenario, a missing file, an output folder in the way) prints what
and where, and exits with status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sim.core.argument_types import positive_number, whole_number
from sim.core.atomic_files import OutputError
from sim.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, LanguageError, translator
from sim.core.phrase import said
from sim.core.problems import ScenarioError

# The modules a command needs (pydantic, SciPy, Mesa, pandas) are imported by the command, so
# that `rehearse --help` and a mistyped command answer at once.

EXIT_USER_ERROR = 2


def _default_scenario() -> Path:
    from sim.core.packaged_data import default_scenario_path

    return default_scenario_path()


def _drill_summary(path: Path, drill, tr) -> str:
    decisions = sum(1 for i in drill.spec.injects if i.decision is not None)
    return tr("valid drill {name!r} on scenario {scenario!r} ({injects} injects, {decisions} decision points, "
              "{days:g} days); `rehearse drill {path} --check` prints its schedule").format(
        name=drill.name, scenario=drill.scenario.run.name, injects=len(drill.spec.injects),
        decisions=decisions, days=drill.scenario.run.horizon_days, path=path)


def _compare_summary(path: Path, compare, tr) -> str:
    return tr("valid comparison {name!r} on scenario {scenario!r} ({policies} policies, {conditions} "
              "condition(s), {kpis} KPIs)").format(
        name=compare.name, scenario=compare.base.run.name, policies=len(compare.spec.policies),
        conditions=len(compare.scenario_names), kpis=len(compare.spec.kpis))


def _calibration_summary(path: Path, calibration, tr) -> str:
    spec = calibration.spec
    work = (tr("{trials} trials").format(trials=spec.trial_count) if spec.method == "optimize" else
            tr("up to {generations} generations of {particles} particles").format(
                generations=spec.max_populations, particles=spec.population_size))
    return tr("valid calibration {name!r} on scenario {scenario!r} ({method}, {parameters} parameters, "
              "{targets} targets, {work})").format(
        name=calibration.name, scenario=calibration.scenario.run.name, method=spec.method,
        parameters=len(spec.parameters), targets=len(spec.targets), work=work)


def _sweep_summary(path: Path, sweep, tr) -> str:
    return tr("valid sweep {name!r} on scenario {scenario!r} ({design}, {parameters} parameters, "
              "{replications} replications)").format(
        name=sweep.name, scenario=sweep.scenario.run.name, design=sweep.spec.design,
        parameters=len(sweep.spec.parameters), replications=sweep.spec.replications)


class SpecKind(NamedTuple):
    """A file that is not a scenario: the top-level tables that tell it, its loader (module and
    function, imported only when such a file is checked) and what a valid one is, in a line."""

    tables: tuple[str, ...]
    module: str
    loader: str
    summary: Callable[[Path, object, Callable[[str], str]], str]  # (path, loaded, tr) -> the line


# in the order they are told apart: a compare spec and a calibration name their base_scenario
# and a calibration its [[parameters]] as a sweep does
SPEC_KINDS = {
    "drill": SpecKind(("drill", "injects"), "sim.apps.drill.loading", "load_drill", _drill_summary),
    "compare": SpecKind(("policies",), "sim.apps.compare.spec", "load_compare_spec", _compare_summary),
    "calibration": SpecKind(("targets",), "sim.apps.calibrate.spec", "load_calibration_spec",
                            _calibration_summary),
    "sweep": SpecKind(("base_scenario", "parameters"), "sim.apps.sweep.spec", "load_sweep_spec",
                      _sweep_summary),
}


KIND_WORDS = {"drill": N_("drill"), "compare": N_("compare"), "calibration": N_("calibration"),
              "sweep": N_("sweep")}


def input_file_kind(path: Path) -> str:
    """What a TOML file is (drill, compare, calibration, sweep or scenario), told from its
    top-level tables (SPEC_KINDS): a drill has [drill] and [[injects]], a comparison
    [[policies]], a calibration [[targets]], a sweep names its base_scenario and [[parameters]];
    anything else is a scenario."""
    from sim.inputs.scenario_loading import read_toml

    data, _ = read_toml(path)
    return next((kind for kind, spec in SPEC_KINDS.items()
                 if any(table in data for table in spec.tables)), "scenario")


def cmd_validate(args) -> int:
    """Check a file of any kind: a drill, compare or sweep file says what it is, loads with
    every problem listed (exit 2), and says in a line what it holds; a scenario warns too."""
    path = Path(args.scenario)
    kind = input_file_kind(path)
    tr = translator(args.lang)
    if kind in SPEC_KINDS:
        spec = SPEC_KINDS[kind]
        print(tr("{path}: this is a {kind} file; validating it as one").format(path=path, kind=tr(KIND_WORDS[kind])))
        loaded = getattr(importlib.import_module(spec.module), spec.loader)(path)
        print(f"{path}: {spec.summary(path, loaded, tr)}")
        return 0
    from sim.inputs.channel_coverage import print_warnings
    from sim.inputs.scenario_loading import load_scenario

    scenario = load_scenario(path)
    lang = _reading_language(args, scenario)
    tr = translator(lang)
    print(tr("{path}: valid ({villages} villages, {stores} stores, {lockdowns} lockdowns)").format(
        path=args.scenario, villages=len(scenario.villages), stores=len(scenario.ledger.stores),
        lockdowns=len(scenario.lockdowns)))
    print_warnings(scenario, lang)
    return 0


def _reading_language(args, scenario) -> str:
    """The language of what a command writes for people: --lang, else the scenario's, else English."""
    return args.lang or scenario.run.lang or DEFAULT_LANGUAGE


def cmd_run(args) -> int:
    from sim.apps.episode import run_to_folder
    from sim.apps.kpi_table import print_channels_note, print_depot_notes, print_kpi_table
    from sim.core.display_names import display_names
    from sim.core.run_folder import default_run_dir
    from sim.inputs.scenario_loading import apply_set_options, load_scenario

    path = Path(args.scenario) if args.scenario else _default_scenario()
    scenario = apply_set_options(load_scenario(path), args.set)
    lang = _reading_language(args, scenario)
    if lang == "zh":  # before simulating: a Chinese report's plots need a CJK font
        from sim.apps.report.cjk_font import require_cjk_font

        require_cjk_font()
    seed = scenario.run.seed if args.seed is None else args.seed
    out = Path(args.out) if args.out else default_run_dir(scenario.run.name, seed)
    kpis, folder = run_to_folder(scenario, seed, args.days, out, overwrite=args.overwrite,
                                 progress=not args.quiet, lang=lang, sensitivity=args.sensitivity)
    print_kpi_table(kpis, lang)
    print_channels_note(folder, lang, display_names(scenario, lang))
    print_depot_notes(folder, lang)
    if args.sensitivity:
        from sim.apps.stock_sensitivity import print_sensitivity

        print_sensitivity(folder, lang)
    tr = translator(lang)
    print(f"\n{tr('run folder')}: {folder}")
    return 0


def cmd_check_figures(args) -> int:
    from sim.apps.calibrate.figure_check import calibration_seeds, run_seeds, write_calibration
    from sim.inputs.scenario_loading import apply_set_options, load_scenario

    path = Path(args.scenario) if args.scenario else _default_scenario()
    scenario = apply_set_options(load_scenario(path), args.set)
    lang = _reading_language(args, scenario)
    out = Path(args.out) if args.out else Path("results") / f"calibration-{scenario.run.name}"
    if (out / "calibration.csv").exists() and not args.overwrite:
        raise OutputError(f"{out} already holds a calibration; choose another --out or pass --overwrite")
    root = scenario.run.seed if args.seed is None else args.seed
    seeds = calibration_seeds(root, args.seeds)
    runs = run_seeds(scenario, seeds, progress=not args.quiet)
    rows = write_calibration(out, scenario.run.name, seeds, runs, lang)
    tr = translator(lang)
    for what, source, bounds, values, met in rows:
        print(f"{what}: {values}  [{tr('source')}: {bounds}; {source}]  -> {met}")
    print(f"\n{tr('calibration folder')}: {out}  (calibration.csv, calibration.md, calibration.html)")
    return 0


def add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                        help="set a scenario value by dotted path, read as TOML (repeatable), "
                             "e.g. --set couriers.whitelist_size=50")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rehearse",
        description="Rehearse a town's supply response to village lockdowns.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="simulate one lockdown episode and write a run folder")
    run.add_argument("scenario", nargs="?", help="scenario TOML (default: experiments/beizang-2022.toml)")
    run.add_argument("--seed", type=whole_number(0), help="root seed (default: the scenario's)")
    run.add_argument("--days", type=positive_number, help="horizon in days (default: the scenario's)")
    run.add_argument("--out", help="run folder to write (default: results/<name>-seed<N>-<time>)")
    run.add_argument("--overwrite", action="store_true", help="replace an existing run folder")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--lang", choices=LANGUAGES,
                     help="language of the report, its plots and the printed KPI table "
                          "(default: the scenario's [run] lang, else en; KPI keys and file names stay English)")
    run.add_argument("--sensitivity", action="store_true",
                     help="also run the same scenario and seed with the food households hold at "
                          "lockdown halved, one and a half times and doubled, and show how the headline "
                          "hunger figure moves (sensitivity.csv, a section of report.html); three more runs")
    add_set_option(run)
    run.set_defaults(func=cmd_run)

    cal = sub.add_parser("check-figures", help="run a scenario on several seeds against the source's figures",
                         description="Compare the scenario's runs with the figures the source reports for "
                                     "Beizang (channels open within 15 minutes at best, 200-400 orders a day at "
                                     "the busiest store, urgent medicine collected within 30 minutes) and write "
                                     "calibration.csv, calibration.md and calibration.html.")
    cal.add_argument("scenario", nargs="?", help="scenario TOML (default: experiments/beizang-2022.toml)")
    cal.add_argument("--seeds", type=whole_number(1), default=5, help="runs, one per seed (default 5)")
    cal.add_argument("--seed", type=whole_number(0),
                     help="root seed the runs' seeds come from (default: the scenario's)")
    cal.add_argument("--out", help="folder to write (default: results/calibration-<name>)")
    cal.add_argument("--overwrite", action="store_true", help="replace an earlier calibration in --out")
    cal.add_argument("--quiet", action="store_true", help="no progress bar")
    cal.add_argument("--lang", choices=LANGUAGES,
                     help="language of the report (default: the scenario's [run] lang, else en)")
    add_set_option(cal)
    cal.set_defaults(func=cmd_check_figures)
    from sim.apps.calibrate.cli import add_calibrate_command
    add_calibrate_command(sub, cmd_check_figures)

    *others, last = ["scenario", *SPEC_KINDS]
    kinds = f"{', '.join(others)} or {last}"
    val = sub.add_parser("validate", help=f"list every problem in a {kinds} file")
    val.add_argument("scenario", help=f"a {kinds} TOML (the kind is told from its tables)")
    val.add_argument("--lang", choices=LANGUAGES, help="language of the verdict, the problem list's frame and "
                     "the warnings (default: en; a scenario's warnings: its [run] lang, else en)")
    val.set_defaults(func=cmd_validate)
    from sim.apps.sweep.cli import add_sweep_command
    add_sweep_command(sub)
    from sim.apps.compare.cli import add_compare_command
    add_compare_command(sub)
    from sim.apps.drill.cli import add_drill_command
    add_drill_command(sub)
    from sim.apps.town_init import add_town_command
    add_town_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:2] == ["drill", "msel"]:  # the inject list as an MSEL spreadsheet
        from sim.apps.drill.msel import msel_parser

        args = msel_parser().parse_args(argv[2:])
    else:
        args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print_problems(exc, translator(getattr(args, "lang", None)))
        return EXIT_USER_ERROR
    except (OutputError, LanguageError) as exc:
        tr = translator(getattr(args, "lang", None))
        print(tr("error: {what}").format(what=exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130


def print_problems(exc: ScenarioError, tr: Callable[[str], str]) -> None:
    """The problems and notes of `exc` on standard error, in the language of `tr`: where and
    which field as the file has them, each message translated where the catalogue has it (a
    Phrase always)."""
    print(tr("{count} problem(s):").format(count=len(exc.problems)), file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem.told(said(problem.message, tr))}", file=sys.stderr)
    for note in exc.notes:
        print(tr("note: {note}").format(note=said(note, tr)), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
