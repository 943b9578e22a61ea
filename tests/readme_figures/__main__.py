"""`python -m tests.readme_figures [--write] [--only NAME ...] [--root DIR] [--workers N]`.

Without --write (`make docs-check`): reruns every quoted example and exits 1 listing each marked
fragment of the README and the manual's pages (docs/**/*.md, English and Chinese) that differs,
by file and line, with the fresh text beside it. With --write (`make docs-figures`): rewrites
every occurrence in place. Malformed markers, an unknown name, a figure marked nowhere or a
missing README exit 2 before anything runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sim.core.argument_types import whole_number
from tests.readme_figures.catalogue import FIGURES
from tests.readme_figures.check import compute, differences, marked_occurrences, read_documents, rewrite
from tests.readme_figures.markers import MarkerError
from tests.support.paths import ROOT

README = ROOT / "README.md"
EXIT_DIFFERENT = 1
EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.readme_figures",
        description="Rerun each example the README and the manual quote, at its seed, and compare "
                    "(or, with --write, rewrite) their marked figures.",
        epilog="figures: " + "; ".join(f"{f.name}: {f.what}" for f in FIGURES.values()))
    parser.add_argument("--write", action="store_true",
                        help="rewrite the marked figures from fresh runs, wherever they are quoted")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=list(FIGURES),
                        help="only these figures (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout whose README.md and docs/**/*.md are checked (default: this one)")
    parser.add_argument("--workers", type=whole_number(1), default=min(2, os.cpu_count() or 1),
                        help="processes for the runs (default: 2, or 1 on one CPU)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = args.only or list(FIGURES)
    try:
        texts = read_documents(args.root)
        marked_occurrences(texts, names)  # a marker mistake is found before any run
    except (OSError, MarkerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    print(f"rerunning {len(names)} example(s): {', '.join(names)}", flush=True)
    fresh = compute(names, args.workers)
    if args.write:
        changed = rewrite(args.root, fresh)
        for source, rewritten in changed.items():
            print(f"{source}: rewrote {', '.join(rewritten)}")
        if not changed:
            print("every marked figure was already current")
        return 0
    found = differences(texts, fresh)
    for difference in found:
        print(difference.describe())
    if found:
        print(f"{len(found)} marked figure(s) differ from fresh runs ({len({d.name for d in found})} of "
              f"{len(names)} figure(s)); `make docs-figures` rewrites them", file=sys.stderr)
        return EXIT_DIFFERENT
    print(f"all {len(names)} figure(s) match fresh runs wherever they are marked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
