"""Measure one thing in this process and print it as JSON (the benchmark runs each probe in a
fresh process, so that peak memory is that episode's alone).

    python -m benchmarks.episode_probe model experiments/town-14d.toml --days 14
    python -m benchmarks.episode_probe bare --orders 205000
"""

from __future__ import annotations

import argparse
import json
import resource
import time


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def probe_model(scenario: str, days: float | None) -> dict:
    from benchmarks.bare_pipeline import events_processed
    from sim.model.town_model import TownModel

    overrides = {"run.horizon_days": days} if days else None
    started = time.perf_counter()
    model = TownModel(scenario, overrides=overrides)
    set_up = time.perf_counter() - started
    rss_after_setup = peak_rss_mb()
    started = time.perf_counter()
    kpis = model.run_episode()
    wall = time.perf_counter() - started
    orders = kpis["orders_placed"]
    return {"what": "model", "scenario": scenario, "days": kpis["simulated_days"],
            "set_up_seconds": set_up, "wall_seconds": wall, "orders": orders,
            "orders_per_second": orders / wall, "events": events_processed(model.env),
            "events_per_order": events_processed(model.env) / orders,
            "peak_rss_mb": peak_rss_mb(), "rss_after_setup_mb": rss_after_setup}


def probe_bare(orders: int, days: float) -> dict:
    from benchmarks.bare_pipeline import run_bare_pipeline

    rss_before = peak_rss_mb()
    started = time.perf_counter()
    result = run_bare_pipeline(orders, days=days)
    wall = time.perf_counter() - started
    return {"what": "bare", "wall_seconds": wall, "orders": result["orders_done"],
            "orders_per_second": result["orders_done"] / wall,
            "events_per_order": result["events"] / result["orders_done"],
            "peak_rss_mb": peak_rss_mb(), "rss_after_setup_mb": rss_before}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["model", "bare"])
    parser.add_argument("scenario", nargs="?")
    parser.add_argument("--days", type=float)
    parser.add_argument("--orders", type=int)
    args = parser.parse_args()
    if args.what == "model":
        print(json.dumps(probe_model(args.scenario, args.days)))
    else:
        print(json.dumps(probe_bare(args.orders, args.days or 14.0)))


if __name__ == "__main__":
    main()
