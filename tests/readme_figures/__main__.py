"""`python -m tests.readme_figures [--write] [--only NAME ...] [--readme FILE] [--workers N]`.

Without --write (`make docs-check`): reruns every quoted example and exits 1 listing each
README fragment that differs, with the fresh text beside it. With --write (`make
docs-figures`): rewrites the fragments in place. Malformed markers, an unknown name or a
missing README exit 2 before anything runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sim.core.argument_types import whole_number
from tests.readme_figures.catalogue import FIGURES
from tests.readme_figures.check import compute, differences, marked_fragments, rewrite
from tests.readme_figures.markers import MarkerError
from tests.support.paths import ROOT

README = ROOT / "README.md"
EXIT_DIFFERENT = 1
EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.readme_figures",
        description="Rerun each example the README quotes, at its seed, and compare (or, with "
                    "--write, rewrite) the README's marked figures.",
        epilog="figures: " + "; ".join(f"{f.name}: {f.what}" for f in FIGURES.values()))
    parser.add_argument("--write", action="store_true",
                        help="rewrite the README's figures from fresh runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=list(FIGURES),
                        help="only these figures (default: all)")
    parser.add_argument("--readme", type=Path, default=README, help="the README to check")
    parser.add_argument("--workers", type=whole_number(1), default=min(2, os.cpu_count() or 1),
                        help="processes for the runs (default: 2, or 1 on one CPU)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = args.only or list(FIGURES)
    try:
        text = args.readme.read_text(encoding="utf-8")
        marked_fragments(text, str(args.readme), names)  # a marker mistake is found before any run
    except (OSError, MarkerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    print(f"rerunning {len(names)} example(s): {', '.join(names)}", flush=True)
    fresh = compute(names, args.workers)
    if args.write:
        changed = rewrite(args.readme, fresh)
        print(f"{args.readme}: rewrote {', '.join(changed)}" if changed
              else f"{args.readme}: every figure was already current")
        return 0
    found = differences(text, fresh, str(args.readme))
    for difference in found:
        print(difference.describe(str(args.readme)))
    if found:
        print(f"{len(found)} of {len(names)} figure(s) differ from fresh runs; "
              f"`make docs-figures` rewrites them", file=sys.stderr)
        return EXIT_DIFFERENT
    print(f"{args.readme}: all {len(names)} figure(s) match fresh runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

