"""`make identity`: the fingerprints of a few reference runs, to show a refactoring or a speed-up
changed nothing a user sees.

Runs, each in a fresh `rehearse` process: the default scenario at seeds 1 and 2, the whole town
(`experiments/town-14d.toml`) for 3 days, the shipped drill with its defaults, and the same drill
replaying the last option of every decision (so the drill's actions run too). Prints the SHA-256
of each run's `kpis.json`.

    python -m benchmarks.kpi_identity --write FILE   # record the fingerprints
    python -m benchmarks.kpi_identity --check FILE   # exit 1 naming each run that differs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRILL = ROOT / "experiments" / "drill-beizang.toml"
RUNS = {
    "default-seed1": ["run", "--seed", "1"],
    "default-seed2": ["run", "--seed", "2"],
    "town-3d": ["run", "experiments/town-14d.toml", "--days", "3"],
    "drill-defaults": ["drill", str(DRILL)],
    "drill-last-options": ["drill", str(DRILL), "--decisions", "{last_options}"],
}


def last_options(folder: Path) -> Path:
    """A decisions file that takes the last option of each of the drill's decision points."""
    spec = tomllib.loads(DRILL.read_text(encoding="utf-8"))
    choices = [{"inject": inject["id"], "choice": inject["options"][-1]["key"]}
               for inject in spec["injects"] if inject.get("options")]
    path = folder / "last-options.json"
    path.write_text(json.dumps({"drill": spec["drill"]["name"], "decisions": choices}))
    return path


def fingerprints(names: list[str]) -> dict[str, str]:
    rehearse = [sys.executable, "-m", "sim"]
    found = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        replay = str(last_options(scratch))
        for name in names:
            out = scratch / name
            args = [a.replace("{last_options}", replay) for a in RUNS[name]]
            subprocess.run([*rehearse, *args, "--quiet", "--out", str(out)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            found[name] = hashlib.sha256((out / "kpis.json").read_bytes()).hexdigest()
            print(f"{name:<20} {found[name]}", flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kpi_identity",
                                     description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", metavar="FILE", help="record the fingerprints in FILE")
    what.add_argument("--check", metavar="FILE", help="compare with the fingerprints in FILE")
    parser.add_argument("--only", nargs="+", choices=list(RUNS), default=list(RUNS))
    args = parser.parse_args(argv)
    found = fingerprints(args.only)
    if args.write:
        Path(args.write).write_text(json.dumps(found, indent=2) + "\n")
        return 0
    recorded = json.loads(Path(args.check).read_text())
    differ = [name for name in found if recorded.get(name) != found[name]]
    for name in differ:
        print(f"differs: {name}", file=sys.stderr)
    print("identical" if not differ else f"{len(differ)} run(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
