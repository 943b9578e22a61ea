"""Whether a change that moves random draws left each KPI's distribution as it was: a scenario
run over N seeds by two code trees (each run a `rehearse run` in a fresh process, from the
tree's root, so that tree's code is imported), then per KPI a two-sample test of the two sets.

    python -m benchmarks.kpi_distributions --base /path/to/other/tree --runs DIR \\
        [--scenario experiments/small-town.toml] [--days 3] [--seeds 20] [--set PATH=VALUE ...]
    python -m benchmarks.kpi_distributions --folders DIR_A DIR_B   # compare run folders only

Runs go one after another (`DIR/base/seed<N>`, `DIR/this/seed<N>`); a run whose `kpis.json`
exists is not run again, so a killed comparison resumes. The base tree runs seeds 1..N and this
tree seeds 1001..1000+N: disjoint seeds make the two samples independent (with the same seeds
the streams a change did not touch would be shared and the tests too lenient). Per numeric KPI:
the Mann-Whitney U and the two-sample Kolmogorov-Smirnov test (scipy), and Holm's adjustment of
the U tests' p-values over the KPIs tested. KPIs are correlated, so the count of raw p-values
under 0.05 is to be read against about 5% of the KPIs only roughly.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

from scipy.stats import ks_2samp, mannwhitneyu

from sim.apps.compare.statistics import holm

ROOT = Path(__file__).resolve().parent.parent
THIS_SEEDS_FROM = 1001  # this tree's first seed; the base tree's is 1
SIGNIFICANT = 0.05
NOT_COMPARED = {"seed"}  # the run's own seed, different by design


def run_seeds(tree: Path, scenario: Path, seeds: range, days: float | None, settings: list[str],
              out: Path) -> None:
    """`rehearse run` of `scenario` for each seed, in `tree`, into `out/seed<N>` (skipping
    those done)."""
    for seed in seeds:
        folder = out / f"seed{seed}"
        if (folder / "kpis.json").exists():
            continue
        args = [sys.executable, "-m", "sim", "run", str(scenario), "--seed", str(seed), "--quiet",
                "--overwrite", "--out", str(folder)]
        if days is not None:
            args += ["--days", str(days)]
        for setting in settings:
            args += ["--set", setting]
        if subprocess.run(args, cwd=tree, stdout=subprocess.DEVNULL).returncode != 0:
            raise SystemExit(f"the run of seed {seed} in {tree} failed (its message is above)")
        print(f"ran {tree.name} seed {seed}", file=sys.stderr, flush=True)


def read_kpis(folder: Path) -> list[dict]:
    """The `kpis.json` of each run folder below `folder`, in the folders' order."""
    runs = [json.loads(path.read_text()) for path in sorted(folder.glob("*/kpis.json"))]
    if not runs:
        raise SystemExit(f"no run folders with kpis.json in {folder}")
    return runs


def numeric(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def compare(base: list[dict], this: list[dict]) -> list[dict]:
    """A row per KPI numeric in every run of both sets: the means, the U and KS tests'
    p-values (None where both sets are one and the same constant) and the U test's Holm p."""
    keys = [k for k in base[0] if k not in NOT_COMPARED and all(numeric(r.get(k)) for r in base + this)]
    rows = []
    for key in keys:
        a, b = [r[key] for r in base], [r[key] for r in this]
        row = {"kpi": key, "mean_base": sum(a) / len(a), "mean_this": sum(b) / len(b),
               "p_u": None, "p_ks": None}
        if len(set(a) | set(b)) > 1:
            row["p_u"] = float(mannwhitneyu(a, b, alternative="two-sided").pvalue)
            row["p_ks"] = float(ks_2samp(a, b).pvalue)
        rows.append(row)
    adjusted = holm([math.nan if r["p_u"] is None else r["p_u"] for r in rows])
    for row, p in zip(rows, adjusted):
        row["p_holm"] = None if math.isnan(p) else float(p)
    return rows


def report(rows: list[dict], n_base: int, n_this: int) -> str:
    def p(value):
        return "-" if value is None else f"{value:.3f}"

    width = max(len(r["kpi"]) for r in rows)
    lines = [f"{'kpi':<{width}}  {'mean base':>12}  {'mean this':>12}  {'p (U)':>6}  {'p (KS)':>6}  {'Holm':>6}"]
    for r in rows:
        lines.append(f"{r['kpi']:<{width}}  {r['mean_base']:>12.4g}  {r['mean_this']:>12.4g}  "
                     f"{p(r['p_u']):>6}  {p(r['p_ks']):>6}  {p(r['p_holm']):>6}")
    tested = [r for r in rows if r["p_u"] is not None]
    under_u = sum(r["p_u"] < SIGNIFICANT for r in tested)
    under_ks = sum(r["p_ks"] < SIGNIFICANT for r in tested)
    under_holm = sum(r["p_holm"] < SIGNIFICANT for r in tested)
    lines += ["", f"{n_base} runs against {n_this}; {len(tested)} KPIs tested, "
              f"{len(rows) - len(tested)} the same constant in every run",
              f"raw p < {SIGNIFICANT}: {under_u} by U, {under_ks} by KS "
              f"(about {SIGNIFICANT * len(tested):.1f} expected by chance); "
              f"Holm-adjusted p < {SIGNIFICANT}: {under_holm}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kpi_distributions",
                                     description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--base", type=Path, help="the other code tree's root (its runs are 'base')")
    what.add_argument("--folders", nargs=2, type=Path, metavar=("BASE", "THIS"),
                      help="compare the run folders below these two folders, running nothing")
    parser.add_argument("--runs", type=Path, help="where the runs go (with --base)")
    parser.add_argument("--scenario", type=Path, default=ROOT / "experiments" / "beizang-2022.toml")
    parser.add_argument("--days", type=float, default=None)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="PATH=VALUE")
    args = parser.parse_args(argv)
    if args.base is not None:
        if args.runs is None:
            parser.error("--base needs --runs DIR")
        scenario = args.scenario.resolve()
        base_dir, this_dir = args.runs / "base", args.runs / "this"
        run_seeds(args.base.resolve(), scenario, range(1, args.seeds + 1), args.days, args.settings,
                  base_dir.resolve())
        run_seeds(ROOT, scenario, range(THIS_SEEDS_FROM, THIS_SEEDS_FROM + args.seeds), args.days,
                  args.settings, this_dir.resolve())
    else:
        base_dir, this_dir = args.folders
    base, this = read_kpis(base_dir), read_kpis(this_dir)
    print(report(compare(base, this), len(base), len(this)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
