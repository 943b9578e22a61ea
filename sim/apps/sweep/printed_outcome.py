"""What `rehearse sweep` and `rehearse compare` print when their runs end, in the reader's
language: the folder, how the spec grew a stored sweep, the runs planned, already stored and
run (finished, failed, lost) with the seconds they took, and the warnings (too few replications
for an interval, a local pool restarted); then the first failures and the exit status. One
function for both commands, so they say the same things the same way.

A Ctrl-C says where the stored runs are and how to go on; it comes before the spec's language
is known, so it is in English.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.core.i18n import N_, translator

EXIT_INCOMPLETE = 1
EXIT_INTERRUPTED = 130
ERRORS_SHOWN = 10

FOLDER = {"sweep": N_("sweep folder: {folder}"), "comparison": N_("comparison folder: {folder}")}
# a comparison's runs are its replications of every policy and condition; a sweep's its points
PLANNED = {"sweep": N_("planned {planned} runs"),
           "comparison": N_("{replications} replications, {planned} runs")}


def print_outcome(outcome, kind: str) -> None:
    """What a sweep's or a comparison's (`kind`) runs came to, in `outcome.lang`."""
    from sim.apps.sweep.intervals import few_replications

    tr = translator(outcome.lang)
    print(tr(FOLDER[kind]).format(folder=outcome.out))
    if outcome.growth is not None and outcome.growth.is_extension:
        print(outcome.growth.describe(tr))
    planned = tr(PLANNED[kind]).format(planned=outcome.planned, replications=outcome.replications)
    counts = tr("{planned}; {stored} already stored; ran {done} ({finished} finished, {failed} "
                "failed, {lost} lost) in {seconds:.1f} s").format(
                    planned=planned, stored=outcome.already_stored,
                    done=outcome.finished + outcome.failed, finished=outcome.finished,
                    failed=outcome.failed, lost=outcome.lost, seconds=outcome.run_seconds)
    if kind == "sweep":  # a sweep is its runs alone, so their pace is worth knowing
        counts += tr(" ({rate:.2f} runs/s)").format(rate=outcome.runs_per_second)
    print(counts)
    warning = few_replications(outcome.replications, tr)
    if warning:
        print(tr("warning: {warning}").format(warning=warning))
    if outcome.pool_restarts:
        print(tr("the local pool was restarted {count} time(s) after a worker died; its "
                 "unfinished runs were run again").format(count=outcome.pool_restarts))


def errors_and_status(outcome) -> int:
    """The first failures, and exit 1 when runs were lost with their workers."""
    tr = translator(outcome.lang)
    for line in outcome.errors[:ERRORS_SHOWN]:
        print(f"  {line}", file=sys.stderr)
    if len(outcome.errors) > ERRORS_SHOWN:
        print("  " + tr("... and {count} more").format(count=len(outcome.errors) - ERRORS_SHOWN),
              file=sys.stderr)
    if not outcome.complete:
        print(tr("some runs were lost with their workers; run the same command again to finish"),
              file=sys.stderr)
        return EXIT_INCOMPLETE
    return 0


def interrupted(out: Path) -> int:
    """Ctrl-C: what is stored, and how to go on (a sweep or a comparison)."""
    from sim.apps.sweep.storage import stored_run_ids

    stored = len(stored_run_ids(out)) if (out / "runs").is_dir() else 0
    print(f"\ninterrupted: {stored} run(s) stored in {out}; run the same command again "
          f"to resume", file=sys.stderr)
    return EXIT_INTERRUPTED
