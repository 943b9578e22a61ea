"""Sweep throughput: runs per second of the same sweep on 1 and on 2 local worker processes.

The ratio shows how well the runner scales (target: >= 1.8 on an otherwise idle machine with
at least 2 cores; on a busy machine it measures the neighbours). Call `main()` from
`benchmarks/run_benchmarks.py`, or run this file:

    .venv/bin/python benchmarks/sweep_benchmark.py [--runs 24] [--horizon-days 4] [--small-town]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

from sim.apps.sweep.runner import run_sweep

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "experiments" / "beizang-2022.toml"
SMALL_TOWN = ROOT / "experiments" / "small-town.toml"
COURIER_LEVELS = (50, 100, 200)


def write_benchmark_spec(folder: Path, scenario: Path, runs: int, horizon_days: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    replications = max(1, math.ceil(runs / len(COURIER_LEVELS)))
    spec = folder / "sweep-benchmark.toml"
    spec.write_text(
        f'base_scenario = "{scenario}"\n'
        f"replications = {replications}\nroot_seed = 1\nhorizon_days = {horizon_days}\n"
        'kpis = ["orders_delivered", "lead_time_minutes_mean"]\n'
        "[[parameters]]\n"
        'path = "couriers.whitelist_size"\n'
        f"values = {list(COURIER_LEVELS)}\npolicy = true\n",
        encoding="utf-8")
    return spec


def throughput(spec: Path, workers: int, out: Path) -> float:
    """Steady-state runs per second: runs stored after each worker's first result, over the
    time they took (so starting the pool's processes does not count against either setting).
    Read from the run files' modification times, which the driver sets as results arrive."""
    outcome = run_sweep(spec, out, workers=workers, progress=False)
    if outcome.failed or outcome.lost:
        raise RuntimeError(f"benchmark sweep had {outcome.failed} failed, {outcome.lost} lost runs")
    stored = sorted(p.stat().st_mtime_ns for p in (out / "runs").glob("*.parquet"))
    if len(stored) <= workers:
        raise RuntimeError(f"use more runs than workers ({len(stored)} runs, {workers} workers)")
    seconds = (stored[-1] - stored[workers - 1]) / 1e9
    return (len(stored) - workers) / seconds if seconds > 0 else float("inf")


def main(argv: list[str] | None = None) -> dict:
    """Measure and print both throughputs and their ratio; returns them as a dict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="runs per setting (default 24)")
    parser.add_argument("--horizon-days", type=float, default=4.0,
                        help="days simulated per run (default 4: ~0.3 s a run)")
    parser.add_argument("--small-town", action="store_true",
                        help="the small town instead of the default scenario (a quick check)")
    args = parser.parse_args([] if argv is None else argv)  # main() alone: the defaults
    scenario = SMALL_TOWN if args.small_town else DEFAULT_SCENARIO
    with tempfile.TemporaryDirectory(prefix="sweep-benchmark-") as tmp:
        folder = Path(tmp)
        spec = write_benchmark_spec(folder, scenario, args.runs, args.horizon_days)
        # start the fork server (it imports the model once) before timing either setting
        throughput(write_benchmark_spec(folder / "warm", SMALL_TOWN, 1, 0.05), 2,
                   folder / "warm-up")
        one = throughput(spec, 1, folder / "one-worker")
        two = throughput(spec, 2, folder / "two-workers")
    ratio = two / one if one > 0 else float("nan")
    print(f"sweep throughput, 1 local worker : {one:.2f} runs/s")
    print(f"sweep throughput, 2 local workers: {two:.2f} runs/s")
    print(f"ratio 2/1: {ratio:.2f} (target >= 1.8 on an idle machine)")
    return {"runs_per_second_1_worker": one, "runs_per_second_2_workers": two, "ratio": ratio}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
