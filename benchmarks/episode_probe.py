"""Measure one thing in this process and print it as JSON (the benchmark runs each probe in a
fresh process, so that peak memory is that episode's alone).

    python -m benchmarks.episode_probe model experiments/town-14d.toml --days 14
    python -m benchmarks.episode_probe bare --orders 205000
    python -m benchmarks.episode_probe budgeted experiments/district-2m.toml --wall-limit 180 --memory-limit 4096
"""

from __future__ import annotations

import argparse
import json
import resource
import time


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _episode_figures(model, set_up: float, rss_after_setup: float, wall: float) -> dict:
    """What every model probe reports of an episode run for `wall` seconds."""
    from benchmarks.bare_pipeline import events_processed

    orders, events = model.stats.orders_placed, events_processed(model.env)
    return {"set_up_seconds": set_up, "wall_seconds": wall, "orders": orders,
            "orders_per_second": orders / wall if wall > 0 else 0.0, "events": events,
            "events_per_order": events / max(1, orders),
            "peak_rss_mb": peak_rss_mb(), "rss_after_setup_mb": rss_after_setup}


def probe_model(scenario: str, days: float | None) -> dict:
    from sim.model.town_model import TownModel

    overrides = {"run.horizon_days": days} if days else None
    started = time.perf_counter()
    model = TownModel(scenario, overrides=overrides)
    set_up = time.perf_counter() - started
    rss_after_setup = peak_rss_mb()
    started = time.perf_counter()
    kpis = model.run_episode()
    wall = time.perf_counter() - started
    return {"what": "model", "scenario": scenario, "days": kpis["simulated_days"],
            **_episode_figures(model, set_up, rss_after_setup, wall)}


def current_rss_mb() -> float:
    """Resident memory now (Linux), to stop a run before it outgrows the machine."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def probe_budgeted(scenario: str, wall_limit_s: float, memory_limit_mb: float) -> dict:
    """The episode of `scenario`, its order log streamed to a Parquet file, stopped at the first
    reporting tick past `wall_limit_s` seconds of simulation (set-up apart) or `memory_limit_mb`
    of resident memory (checked after set-up and every tick): how far it got, and at what cost.
    A district too big for the budget says so rather than taking the machine's memory. Stopped
    early, the order log holds only the chunks written so far."""
    import tempfile
    from pathlib import Path

    from sim.engine.gc_guard import fewer_gc_passes
    from sim.model.town_model import TownModel

    with tempfile.TemporaryDirectory() as folder:
        order_log = Path(folder) / "orders.parquet"
        started = time.perf_counter()
        model = TownModel(scenario, order_log_path=order_log)
        set_up = time.perf_counter() - started
        rss_after_setup = peak_rss_mb()
        started = time.perf_counter()
        stopped_by = "memory" if current_rss_mb() > memory_limit_mb else None  # made too big
        with fewer_gc_passes(collect_first=True):
            while model.running and stopped_by is None:
                model.step()
                if time.perf_counter() - started > wall_limit_s:
                    stopped_by = "wall"
                elif current_rss_mb() > memory_limit_mb:
                    stopped_by = "memory"
                if stopped_by and not model.running:  # crossed on the last hour: it finished
                    stopped_by = None
        wall = time.perf_counter() - started
        log_mb = order_log.stat().st_size / 2**20 if order_log.exists() else 0.0
    return {"what": "budgeted", "scenario": scenario, "people": sum(v.population for v in model.spec.villages),
            "days_planned": model.horizon_minutes / 1440, "days_simulated": model.env.now / 1440,
            "stopped_by": stopped_by, "order_log_mb": log_mb,
            **_episode_figures(model, set_up, rss_after_setup, wall)}


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
    parser.add_argument("what", choices=["model", "bare", "budgeted"])
    parser.add_argument("scenario", nargs="?")
    parser.add_argument("--days", type=float)
    parser.add_argument("--orders", type=int)
    parser.add_argument("--wall-limit", type=float, default=180.0, help="seconds (budgeted)")
    parser.add_argument("--memory-limit", type=float, default=4096.0, help="MB (budgeted)")
    args = parser.parse_args()
    if args.what == "model":
        print(json.dumps(probe_model(args.scenario, args.days)))
    elif args.what == "budgeted":
        print(json.dumps(probe_budgeted(args.scenario, args.wall_limit, args.memory_limit)))
    else:
        print(json.dumps(probe_bare(args.orders, args.days or 14.0)))


if __name__ == "__main__":
    main()
