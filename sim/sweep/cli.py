"""`rehearse sweep SPEC` and `rehearse sweep summarize DIR`.

One subcommand with a first argument that is either a spec file or the word `summarize`,
so both read naturally; user mistakes raise ScenarioError/OutputError (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.argument_types import whole_number
from sim.i18n import LANGUAGES, translator
from sim.run_folder import OutputError

EXIT_INCOMPLETE = 1
EXIT_INTERRUPTED = 130


def add_sweep_command(sub) -> None:
    sweep = sub.add_parser(
        "sweep", help="run a parameter sweep (resumable), or summarize one",
        usage="rehearse sweep SPEC [--executor local|dask] [--scheduler ADDRESS] "
              "[--workers N] [--out DIR] [--retry-failed] [--quiet]\n"
              "       rehearse sweep summarize DIR [--lang en|zh]",
        description="Run every planned run of a sweep spec (experiments/sweep-*.toml) that is "
                    "not stored yet in DIR; rerun the same command to resume. "
                    "`rehearse sweep summarize DIR` writes tables, plots and sensitivity "
                    "indices to DIR/summary/, and prints its headline in --lang (default: "
                    "the spec's `lang`, else en).")
    sweep.add_argument("target", metavar="SPEC|summarize", help="sweep spec TOML, or `summarize`")
    sweep.add_argument("folder", nargs="?", metavar="DIR", help="with summarize: the sweep folder")
    add_executor_options(sweep)
    sweep.add_argument("--out", metavar="DIR", help="sweep folder (default: results/sweeps/<spec name>)")
    sweep.add_argument("--retry-failed", action="store_true",
                       help="run failed runs once more (they are otherwise kept as failed)")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument("--lang", choices=LANGUAGES,
                       help="with summarize: language of the printed summary and the plots "
                            "(default: the spec's `lang`, else en); the tables' columns, KPI "
                            "keys and file names stay English")
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
    from sim.sweep.runner import default_sweep_dir, run_sweep

    out = Path(args.out) if args.out else default_sweep_dir(Path(args.target).stem)
    try:
        outcome = run_sweep(args.target, out, executor=args.executor, workers=args.workers,
                            scheduler=args.scheduler, progress=not args.quiet,
                            retry_failed=args.retry_failed)
    except KeyboardInterrupt:
        return interrupted(out)
    done = outcome.finished + outcome.failed
    print(f"sweep folder: {outcome.out}")
    if outcome.extension:
        print(outcome.extension)
    print(f"planned {outcome.planned} runs; {outcome.already_stored} already stored; ran {done} "
          f"({outcome.finished} finished, {outcome.failed} failed, {outcome.lost} lost) in "
          f"{outcome.run_seconds:.1f} s ({outcome.runs_per_second:.2f} runs/s)")
    warning = _few_replications(out)
    if warning:
        print(warning)
    if outcome.pool_restarts:
        print(f"the local pool was restarted {outcome.pool_restarts} time(s) after a worker died; "
              f"its unfinished runs were run again")
    return errors_and_status(outcome)


def _few_replications(out: Path) -> str | None:
    """The warning line when the sweep's intervals will rest on too few replications, in the
    spec's language."""
    from sim.sweep.intervals import few_replications
    from sim.sweep.storage import read_manifest

    spec = read_manifest(out)["spec"]
    tr = translator(spec.get("lang") if spec.get("lang") in LANGUAGES else "en")
    said = few_replications(spec["replications"], tr)
    return tr("warning: {warning}").format(warning=said) if said else None


def interrupted(out: Path) -> int:
    """Ctrl-C: what is stored, and how to go on (a sweep or a comparison)."""
    from sim.sweep.storage import stored_run_ids

    stored = len(stored_run_ids(out)) if (out / "runs").is_dir() else 0
    print(f"\ninterrupted: {stored} run(s) stored in {out}; run the same command again "
          f"to resume", file=sys.stderr)
    return EXIT_INTERRUPTED


def errors_and_status(outcome) -> int:
    """The first failures, and exit 1 when runs were lost with their workers."""
    for line in outcome.errors[:10]:
        print(f"  {line}", file=sys.stderr)
    if len(outcome.errors) > 10:
        print(f"  ... and {len(outcome.errors) - 10} more", file=sys.stderr)
    if not outcome.complete:
        print("some runs were lost with their workers; run the same command again to finish",
              file=sys.stderr)
        return EXIT_INCOMPLETE
    return 0


def _summarize(folder: Path, lang: str | None = None) -> int:
    from sim.sweep.summary import summarize

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
