"""`rehearse compare SPEC`: run a policy comparison (resumable) and write its report.

User mistakes raise ScenarioError/OutputError (exit 2); an interrupted comparison says how to
go on.
"""

from __future__ import annotations

from pathlib import Path

from sim.apps.sweep.cli import add_executor_options
from sim.apps.sweep.printed_outcome import errors_and_status, interrupted, print_outcome
from sim.core.i18n import LANGUAGES, translator


def add_compare_command(sub) -> None:
    compare = sub.add_parser(
        "compare", help="compare policies on common random numbers and write a report",
        usage="rehearse compare SPEC [--executor local|dask] [--scheduler ADDRESS] "
              "[--workers N] [--out DIR] [--lang en|zh] [--quiet]",
        description="Run every policy of a compare spec (experiments/compare-*.toml) under "
                    "every condition, replication by replication on shared seeds, until the "
                    "spec's replications or precision target; write comparison.csv, best.csv, "
                    "report.md and report.html to DIR. Rerun the same command to resume.")
    compare.add_argument("spec", metavar="SPEC", help="compare spec TOML")
    add_executor_options(compare)
    compare.add_argument("--out", metavar="DIR",
                         help="comparison folder (default: results/compare/<spec name>)")
    compare.add_argument("--lang", choices=LANGUAGES,
                         help="language of report.md, report.html and the plots (default: the "
                              "spec's `lang`, else the base scenario's, else en); the CSV "
                              "tables, KPI keys and file names stay English")
    compare.add_argument("--quiet", action="store_true", help="no progress bar")
    compare.set_defaults(func=cmd_compare)


def cmd_compare(args) -> int:
    from sim.apps.compare.runner import default_comparison_dir, run_comparison

    out = Path(args.out) if args.out else default_comparison_dir(Path(args.spec).stem)
    try:
        outcome = run_comparison(args.spec, out, executor=args.executor, workers=args.workers,
                                 scheduler=args.scheduler, progress=not args.quiet,
                                 lang=args.lang)
    except KeyboardInterrupt:
        return interrupted(out)
    print_outcome(outcome, "comparison")
    tr = translator(outcome.lang)
    for check in outcome.rounds:
        print("  " + tr("precision at {n} replications: widest relative half-width {widest:.1%} "
                        "({where}), {state}").format(
                            n=check.n, widest=check.widest, where=check.widest_at,
                            state=tr("met") if check.met else tr("not met")))
    status = errors_and_status(outcome)
    if status == 0:
        print(tr("wrote {files} and {plots} plot(s) in {folder}").format(
            files=", ".join(f for f in outcome.files if "/" not in f),
            plots=sum("/" in f for f in outcome.files), folder=outcome.out))
    return status
