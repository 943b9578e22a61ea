"""`rehearse compare SPEC`: run a policy comparison (resumable) and write its report.

User mistakes raise ScenarioError/OutputError (exit 2); an interrupted comparison says how to
go on.
"""

from __future__ import annotations

from pathlib import Path

from sim.sweep.cli import add_executor_options, errors_and_status, interrupted


def add_compare_command(sub) -> None:
    compare = sub.add_parser(
        "compare", help="compare policies on common random numbers and write a report",
        usage="rehearse compare SPEC [--executor local|dask] [--scheduler ADDRESS] "
              "[--workers N] [--out DIR] [--quiet]",
        description="Run every policy of a compare spec (experiments/compare-*.toml) under "
                    "every condition, replication by replication on shared seeds, until the "
                    "spec's replications or precision target; write comparison.csv, best.csv, "
                    "report.md and report.html to DIR. Rerun the same command to resume.")
    compare.add_argument("spec", metavar="SPEC", help="compare spec TOML")
    add_executor_options(compare)
    compare.add_argument("--out", metavar="DIR",
                         help="comparison folder (default: results/compare/<spec name>)")
    compare.add_argument("--quiet", action="store_true", help="no progress bar")
    compare.set_defaults(func=cmd_compare)


def cmd_compare(args) -> int:
    from sim.compare.runner import default_comparison_dir, run_comparison

    out = Path(args.out) if args.out else default_comparison_dir(Path(args.spec).stem)
    try:
        outcome = run_comparison(args.spec, out, executor=args.executor, workers=args.workers,
                                 scheduler=args.scheduler, progress=not args.quiet)
    except KeyboardInterrupt:
        return interrupted(out)
    done = outcome.finished + outcome.failed
    print(f"comparison folder: {outcome.out}")
    print(f"{outcome.replications} replications, {outcome.planned} runs; "
          f"{outcome.already_stored} already stored; ran {done} ({outcome.finished} finished, "
          f"{outcome.failed} failed, {outcome.lost} lost) in {outcome.run_seconds:.1f} s")
    for check in outcome.rounds:
        state = "met" if check.met else "not met"
        print(f"  precision at {check.n} replications: widest relative half-width "
              f"{check.widest:.1%} ({check.widest_at}), {state}")
    status = errors_and_status(outcome)
    if status == 0:
        print(f"wrote {', '.join(f for f in outcome.files if '/' not in f)} and "
              f"{sum('/' in f for f in outcome.files)} plot(s) in {outcome.out}")
    return status
