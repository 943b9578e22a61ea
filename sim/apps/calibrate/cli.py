"""`rehearse calibrate SPEC`: fit a calibration file's parameters to its targets, saying each
generation (or round of trials) as it ends, then the summary's tables and the files written.

`rehearse calibrate` once ran a scenario on several seeds against the source's figures; that
check is `rehearse check-figures` now, and the old usage (a scenario, or no file) still runs
it, with a note saying its new name.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sim.apps.sweep.cli import add_executor_options
from sim.core.argument_types import whole_number
from sim.core.i18n import LANGUAGES, translator

CALIBRATION_TABLES = ("targets",)  # a TOML with [[targets]] is a calibration file


def is_calibration_file(path: Path) -> bool:
    from sim.inputs.scenario_loading import read_toml

    data, _ = read_toml(path)
    return any(table in data for table in CALIBRATION_TABLES)


def add_calibrate_command(sub, check_figures) -> None:
    """`calibrate`; `check_figures(args)` runs the old usage (the figure check)."""
    cal = sub.add_parser(
        "calibrate", help="fit a scenario's uncertain values to observed figures (ABC-SMC or an optimizer)",
        usage="rehearse calibrate SPEC [--executor local|dask] [--scheduler ADDRESS] "
              "[--workers N] [--out DIR] [--overwrite] [--quiet] [--check-seeds N] [--lang en|zh]",
        description="Fit the [[parameters]] of a calibration file to its [[targets]]: method = "
                    "\"abc-smc\" gives a posterior (posterior.parquet), \"optimize\" a best point "
                    "(trials.parquet); both write calibrated.toml (the base scenario with the fitted "
                    "values), summary.md, and report.md and report.html (prior against "
                    "posterior, the calibrated scenario's runs against each target, and the "
                    "targets it cannot meet). Running the same file again continues a calibration "
                    "that was stopped. The source's figures alone are checked by "
                    "`rehearse check-figures`.")
    cal.add_argument("spec", nargs="?", metavar="SPEC", help="calibration TOML (with [[targets]])")
    add_executor_options(cal)
    cal.add_argument("--out", metavar="DIR", help="folder to write (default: results/calibrations/<spec name>)")
    cal.add_argument("--overwrite", action="store_true", help="start again in --out")
    cal.add_argument("--quiet", action="store_true", help="say nothing while it runs")
    cal.add_argument("--check-seeds", type=whole_number(1), default=5, metavar="N",
                     help="seeds the calibrated scenario is run on for the report's check of "
                          "each target (default 5)")
    cal.add_argument("--lang", choices=LANGUAGES,
                     help="language of what it prints and of summary.md (default: the spec's "
                          "`lang`, else the base scenario's, else en)")
    # the old usage, now `rehearse check-figures`
    cal.add_argument("--seeds", type=whole_number(1), default=5, help="(old usage) see check-figures")
    cal.add_argument("--seed", type=whole_number(0), help="(old usage) see check-figures")
    cal.add_argument("--set", action="append", default=[], help="(old usage) see check-figures")
    cal.set_defaults(func=lambda args: cmd_calibrate(args, check_figures))


def cmd_calibrate(args, check_figures) -> int:
    if args.spec is None or not is_calibration_file(Path(args.spec)):
        tr = translator(args.lang)
        print(tr("note: `rehearse calibrate [SCENARIO]` checking the source's figures is now "
                 "`rehearse check-figures [SCENARIO]`; `rehearse calibrate SPEC` fits a "
                 "calibration file (with [[parameters]] and [[targets]]). Running the check."),
              file=sys.stderr)
        args.scenario = args.spec
        return check_figures(args)
    from sim.apps.calibrate.calibration_folder import HISTORY_DB, STUDY_DB
    from sim.apps.calibrate.spec import load_calibration_spec

    loaded = load_calibration_spec(args.spec)
    lang = args.lang or loaded.report_language
    tr = translator(lang)
    out = Path(args.out) if args.out else Path("results") / "calibrations" / loaded.name
    say = (lambda *_: None) if args.quiet else print
    where = dict(executor=args.executor, workers=args.workers, scheduler=args.scheduler,
                 overwrite=args.overwrite, on_pool_restart=lambda jobs: _said_restart(jobs, tr))
    resume = _resume_command(args, out)
    if loaded.spec.method == "optimize":
        from sim.apps.calibrate.optimize import run_optimize
        from sim.apps.calibrate.outputs import best_fits, write_best

        def said_round(done: int, best: float) -> None:
            say(tr("trials {done} of {trials}: best distance {best:.3g}")
                .format(done=done, trials=loaded.spec.trial_count, best=best))

        found = _kept_if_stopped(lambda: run_optimize(loaded, out, on_round=said_round, **where),
                                 out, tr, tr("the finished trials are kept in {kept}; "
                                             "`{command}` continues from them (fewer --workers "
                                             "need less memory)").format(kept=out / STUDY_DB,
                                                                         command=resume))
        if isinstance(found, int):  # stopped: its exit status
            return found
        if found.trials.empty:
            print(tr("no trial gave every target a figure; nothing to write"), file=sys.stderr)
            return 1
        summary = write_best(out, loaded, found.trials, found.best, lang)
        fits, particles = best_fits(loaded, found.best), None
        files = "trials.parquet, calibrated.toml, summary.md"
    else:
        from sim.apps.calibrate.abc_smc import run_abc_smc
        from sim.apps.calibrate.outputs import posterior_fits, write_posterior
        from sim.apps.calibrate.progress import GenerationBars

        bars = GenerationBars(tr, args.quiet)

        def calibrate():
            try:
                return run_abc_smc(loaded, out, on_generation=bars.generation,
                                   on_progress=bars.particles, **where)
            finally:
                bars.close()  # before anything else is said

        found = _kept_if_stopped(calibrate, out, tr, tr(
            "the finished generations are kept in {kept}; `{command}` continues from them "
            "(fewer --workers need less memory)").format(kept=out / HISTORY_DB, command=resume))
        if isinstance(found, int):  # stopped: its exit status
            return found
        summary = write_posterior(out, loaded, found.particles, found.figures,
                                  len(found.generations), lang)
        fits, particles = posterior_fits(loaded, found.particles), found.particles
        files = "posterior.parquet, calibrated.toml, summary.md"
    from sim.apps.calibrate.predictive_check import run_check
    from sim.apps.calibrate.report import write_report

    say(tr("checking the calibrated scenario on {n} seed(s)").format(n=args.check_seeds))
    check = run_check(loaded, fits, args.check_seeds, progress=not args.quiet)
    write_report(out, loaded, summary, particles, check, lang)
    files += ", report.md, report.html"
    print()
    print(summary.markdown())
    print(f"{tr('calibration folder')}: {out}  ({files})")
    return 0


def _kept_if_stopped(calibrate, out: Path, tr, kept: str):
    """The calibration's result, or the exit status when it was stopped: 130 by Ctrl-C, 1 by
    workers lost too often (`kept` ends that line: where what it finished is, and the command
    that continues it). What it finished is kept in `out` either way."""
    from sim.apps.calibrate.lost_workers import WorkersLost

    try:
        return calibrate()
    except KeyboardInterrupt:
        print(tr("stopped: what was finished is kept in {out}; run the same command again to "
                 "continue").format(out=out), file=sys.stderr)
        return 130
    except WorkersLost as lost:
        print(tr("stopped: the pool lost a worker process {count} times, most likely because "
                 "the system ran out of memory; {kept}").format(count=lost.breaks, kept=kept),
              file=sys.stderr)
        return 1


def _said_restart(jobs: int, tr) -> None:
    """A local pool started again after a worker died, said above any bar."""
    from tqdm import tqdm

    tqdm.write(tr("a worker process died (most likely the system ran out of memory); the pool "
                  "was started again and its {jobs} unfinished job(s) run again").format(
                      jobs=jobs), file=sys.stderr)


def _resume_command(args, out: Path) -> str:
    """The command that continues this calibration from its folder (never --overwrite)."""
    words = ["rehearse", "calibrate", args.spec, "--out", str(out)]
    if args.workers:
        words += ["--workers", str(args.workers)]
    return shlex.join(words)
