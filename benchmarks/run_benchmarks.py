"""`make bench`: the speed targets, measured on this machine (not a timed test).

Prints, for the 14-day whole-town episode and for a bare SimPy pipeline pushing the same number
of orders through the same steps: wall seconds, orders per second, SimPy events per order and
peak memory; their throughput ratio; `rehearse run` of the same town from the prompt to the
prompt against its episode, and `rehearse --help`; peak memory of a 28-day against a 7-day episode; the
default scenario's simulation time; a district of two million people for 14 days within 3 minutes
and 4 GB (stopped at either budget, saying how far it got); and the sweep throughput on 2 workers
against 1.
Exits 1 if a target is missed. Figures are also written to benchmarks/last-run.json.

Wall time on this machine varies by ±20% from one run to the next, for the model and the bare
pipeline alike, so each timed figure is measured REPEATS times and the targets are judged on
the median (minimum and maximum are printed beside it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make the project's packages importable
TOWN = "experiments/town-14d.toml"
DEFAULT = "experiments/beizang-2022.toml"
DISTRICT = "experiments/district-2m.toml"
DISTRICT_WALL_S, DISTRICT_MEMORY_MB = 180, 4096
REPEATS = 3


def probe(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.episode_probe", *args], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def repeated(*args: str) -> dict:
    """The probe REPEATS times: the median run's figures, with every run's wall seconds."""
    runs = sorted((probe(*args) for _ in range(REPEATS)), key=lambda r: r["wall_seconds"])
    median = dict(runs[len(runs) // 2])
    median["wall_seconds_runs"] = [r["wall_seconds"] for r in runs]
    return median


def row(label: str, r: dict) -> str:
    spread = r.get("wall_seconds_runs")
    runs = f" (min {spread[0]:.2f}, max {spread[-1]:.2f})" if spread else ""
    return (f"{label:<34} {r['wall_seconds']:>7.2f} s median{runs} {r['orders']:>9,} orders "
            f"{r['orders_per_second']:>8,.0f} orders/s {r['events_per_order']:>5.2f} events/order "
            f"{r['peak_rss_mb']:>6.1f} MB peak")


def main() -> int:
    results, checks = {}, []

    def check(name: str, ok: bool, detail: str) -> None:
        checks.append((name, ok, detail))

    print(f"14-day whole-town episode and the bare SimPy pipeline (each in a fresh process, "
          f"{REPEATS} runs each)")
    town = results["town_14d"] = repeated("model", TOWN)
    print(row("model: town-14d", town))
    bare = results["bare_pipeline"] = repeated("bare", "--orders", str(town["orders"]), "--days", "14")
    print(row("bare SimPy pipeline, same orders", bare))
    ratio = town["orders_per_second"] / bare["orders_per_second"]
    results["throughput_ratio_model_to_bare"] = ratio
    print(f"throughput ratio model / bare: {ratio:.2f}")
    check("14-day whole town <= 15 s (median)", town["wall_seconds"] <= 15,
          f"{town['wall_seconds']:.2f} s (runs: {', '.join(f'{w:.2f}' for w in town['wall_seconds_runs'])})")
    check("model >= 1.5 x the bare pipeline's orders/s", ratio >= 1.5, f"ratio {ratio:.2f}")

    from benchmarks.command_timing import help_seconds, run_seconds

    print("\nat the prompt (each in a fresh process, timed as a shell would)")
    runs = sorted(run_seconds(TOWN) for _ in range(REPEATS))
    prompt = results["town_14d_prompt_to_prompt_seconds"] = runs[len(runs) // 2]
    overhead = prompt / town["wall_seconds"]
    results["prompt_to_prompt_over_episode"] = overhead
    print(f"rehearse run {TOWN}: {prompt:.2f} s median (min {runs[0]:.2f}, max {runs[-1]:.2f}), "
          f"{overhead:.2f} x the episode's {town['wall_seconds']:.2f} s (set-up "
          f"{town['set_up_seconds']:.2f} s of it)")
    helps = sorted(help_seconds() for _ in range(REPEATS))
    help_median = results["help_seconds"] = helps[len(helps) // 2]
    print(f"rehearse --help: {help_median:.2f} s median (min {helps[0]:.2f}, max {helps[-1]:.2f})")
    check("rehearse run <= 2 x the episode, prompt to prompt", overhead <= 2, f"{overhead:.2f} x")
    check("rehearse --help < 1 s (median)", help_median < 1, f"{help_median:.2f} s")

    print("\nmemory against the horizon (whole town)")
    week = results["town_7d"] = probe("model", TOWN, "--days", "7")
    month = results["town_28d"] = probe("model", TOWN, "--days", "28")
    for label, r in (("7 days", week), ("28 days", month)):
        print(f"{label:<8} peak {r['peak_rss_mb']:.1f} MB (after set-up {r['rss_after_setup_mb']:.1f} MB, "
              f"{r['orders']:,} orders in {r['wall_seconds']:.2f} s)")
    memory_ratio = month["peak_rss_mb"] / week["peak_rss_mb"]
    growth = ((month["peak_rss_mb"] - month["rss_after_setup_mb"])
              / max(1e-9, week["peak_rss_mb"] - week["rss_after_setup_mb"]))
    results["peak_memory_ratio_28d_to_7d"] = memory_ratio
    results["episode_memory_growth_ratio_28d_to_7d"] = growth
    print(f"peak memory 28 d / 7 d: {memory_ratio:.2f}  (growth above set-up, 28 d / 7 d: {growth:.2f})")
    check("peak memory 28 d <= 1.25 x 7 d", memory_ratio <= 1.25, f"{memory_ratio:.2f}")

    print("\ndefault scenario")
    default = results["default"] = repeated("model", DEFAULT)
    print(f"beizang-2022: set-up {default['set_up_seconds']:.2f} s, simulation {default['wall_seconds']:.2f} s, "
          f"{default['orders']:,} orders, {default['events_per_order']:.2f} events/order")
    check("default scenario simulates in < 3 s", default["wall_seconds"] < 3,
          f"{default['wall_seconds']:.2f} s")

    print(f"\na district of two million people, 14 days, one episode (once; stopped at "
          f"{DISTRICT_WALL_S} s or {DISTRICT_MEMORY_MB:,} MB)")
    district = results["district_2m"] = probe("budgeted", DISTRICT, "--wall-limit", str(DISTRICT_WALL_S),
                                              "--memory-limit", str(DISTRICT_MEMORY_MB))
    district["orders_per_second_over_town"] = district["orders_per_second"] / town["orders_per_second"]
    how_far = ("all 14 days" if district["stopped_by"] is None else
               f"stopped by its {district['stopped_by']} budget at day {district['days_simulated']:.2f}")
    print(f"{DISTRICT}: {district['people']:,} people, set-up {district['set_up_seconds']:.1f} s "
          f"(memory {district['rss_after_setup_mb']:,.0f} MB after it); {how_far}: "
          f"{district['wall_seconds']:.1f} s, {district['orders']:,} orders, "
          f"{district['orders_per_second']:,.0f} orders/s "
          f"({district['orders_per_second_over_town']:.2f} x the whole town's), "
          f"{district['peak_rss_mb']:,.0f} MB peak, order log {district['order_log_mb']:.1f} MB")
    check(f"district-2m: 14 days within {DISTRICT_WALL_S} s (set-up apart) and {DISTRICT_MEMORY_MB:,} MB",
          district["stopped_by"] is None, how_far)

    from benchmarks.sweep_benchmark import main as sweep_benchmark

    print(f"\nsweep throughput, 1 local worker against 2 ({REPEATS} times)")
    sweeps = sorted((sweep_benchmark([]) for _ in range(REPEATS)), key=lambda r: r["ratio"])
    sweep = results["sweep"] = dict(sweeps[len(sweeps) // 2],
                                    ratios=[r["ratio"] for r in sweeps])
    check("sweep on 2 workers >= 1.8 x 1 worker (median)", sweep["ratio"] >= 1.8,
          f"{sweep['ratio']:.2f} (runs: {', '.join(f'{r:.2f}' for r in sweep['ratios'])})")

    print("\ntargets")
    for name, ok, detail in checks:
        print(f"  {'met ' if ok else 'MISSED'}  {name}: {detail}")
    (ROOT / "benchmarks" / "last-run.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
