"""`rehearse sweep SPEC` and `rehearse sweep summarize DIR`.

One subcommand with a first argument that is either a spec file or the word `summarize`,
so both read naturally; user mistakes raise ScenarioError/OutputError (exit 2).
"""

from __future__ import annotations

from pathlib import Path

from sim.apps.sweep.printed_outcome import errors_and_status, interrupted, print_outcome
from sim.core.argument_types import whole_number
from sim.core.i18n import LANGUAGES, translator
from sim.core.run_folder import OutputError


def add_sweep_command(sub) -> None:
    sweep = sub.add_parser(
        "sweep", help="run a parameter sweep (resumable), or summarize one",
        usage="rehearse sweep SPEC [--executor local|dask] [--scheduler ADDRESS] "
              "[--workers N] [--out DIR] [--retry-failed] [--quiet] [--lang en|zh]\n"
              "       rehearse sweep summarize DIR [--lang en|zh]",
        description="Run every planned run of a sweep spec (experiments/sweep-*.toml) that is "
                    "not stored yet in DIR; rerun the same command to resume; what it ran is "
                    "printed in --lang (default: the spec's `lang`, else the base scenario's, "
                    "else en). `rehearse sweep summarize DIR` writes tables, plots and "
                    "sensitivity indices to DIR/summary/, and prints its headline in --lang "
                    "(default: the spec's `lang`, else en).")
    sweep.add_argument("target", metavar="SPEC|summarize", help="sweep spec TOML, or `summarize`")
    sweep.add_argument("folder", nargs="?", metavar="DIR", help="with summarize: the sweep folder")
    add_executor_options(sweep)
    sweep.add_argument("--out", metavar="DIR", help="sweep folder (default: results/sweeps/<spec name>)")
    sweep.add_argument("--retry-failed", action="store_true",
                       help="run failed runs once more (they are otherwise kept as failed)")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument("--lang", choices=LANGUAGES,
                       help="language of what a sweep prints (default: the spec's `lang`, else "
                            "the base scenario's, else en); with summarize: of the printed "
                            "summary and the plots (default: the spec's `lang`, else en); the "
                            "tables' columns, KPI keys and file names stay English")
    sweep.set_defaults(func=cmd_sweep)


def add_executor_options(parser) -> None:
    """Where runs execute: the options a sweep and a comparison share."""
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="local process pool (default) or Dask distributed")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address (tcp://host:8786) or scheduler file; "
                             "without it --executor dask starts a LocalCluster")
    parser.add_argument("--workers", type=whole_number(1), metavar="N",
                        help="worker processes (default: the number of CPUs)")


def cmd_sweep(args) -> int:
    if args.target == "summarize":
        if args.folder is None:
            raise OutputError("summarize needs the sweep folder: rehearse sweep summarize DIR")
        return _summarize(Path(args.folder), args.lang)
    if args.folder is not None:
        raise OutputError(f"unexpected argument {args.folder!r}; to choose the sweep folder "
                          f"use --out DIR")
    return _run(args)


def _run(args) -> int:
    from sim.apps.sweep.runner import default_sweep_dir, run_sweep

    out = Path(args.out) if args.out else default_sweep_dir(Path(args.target).stem)
    try:
        outcome = run_sweep(args.target, out, executor=args.executor, workers=args.workers,
                            scheduler=args.scheduler, progress=not args.quiet,
                            retry_failed=args.retry_failed, lang=args.lang)
    except KeyboardInterrupt:
        return interrupted(out)
    print_outcome(outcome, "sweep")
    return errors_and_status(outcome)


def _summarize(folder: Path, lang: str | None = None) -> int:
    from sim.apps.sweep.summary import summarize

    summary = summarize(folder, lang)
    tr = translator(summary.lang)
    print(tr("{runs} of {planned} planned runs stored ({failed} failed)").format(
        runs=summary.runs, planned=summary.planned, failed=summary.failed))
    for line in summary.headline:
        print(line)
    for note in summary.notes:
        print(tr("note: {note}").format(note=note))
    for warning in summary.warnings:
        print(tr("warning: {warning}").format(warning=warning))
    tables = [name for name in summary.files if not name.startswith("plots/")]
    plots = len(summary.files) - len(tables)
    wrote = tr("wrote {folder}/: {files}").format(folder=summary.folder, files=", ".join(tables))
    if plots:
        wrote += tr(" and {count} plot(s) in plots/").format(count=plots)
    print(wrote)
    return 0
