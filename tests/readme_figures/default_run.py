"""Figures of the default scenario (experiments/beizang-2022.toml): the KPI excerpt that
`rehearse run` prints at the scenario's own seed, and the spread of a few KPIs over seeds 0-9."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from sim.apps.kpi_table import format_kpi
from tests.readme_figures.wording import paragraph, span

# The excerpt's lines: a KPI and what it is set against (the source, or how to read it).
EXCERPT = [
    ("orders_placed", ""),
    ("orders_delivered", ""),
    ("orders_open_at_end", "still on their way when the episode ends"),
    ("fill_rate", "units delivered over units ordered, open orders included"),
    ("need_fill_rate", "the same per unit households needed, refused orders too"),
    ("unmet_energy_share", "energy households needed and went without: the headline of hunger"),
    ("households_ever_without_energy", "nothing edible left at some time"),
    ("household_days_without_vegetables", "fresh food runs short first"),
    ("vegetables_guideline_met_share", "diet quality: people eat less than the guideline even at home"),
    ("staples_kg_delivered_per_locked_person_day", "households live on the rice and flour at home"),
    ("staples_kg_eaten_per_locked_person_day", ""),
    ("lead_time_minutes_p50", "open orders enter as censored (Kaplan-Meier)"),
    ("lead_time_minutes_p90", "orders placed after 20:00 wait for the stores to open"),
    ("lead_time_share_waiting_for_opening", "share of lead time the stores were closed"),
    ("courier_orders_per_trip_mean", "how full batches are"),
    ("channel_open_minutes_min", "source: 15 minutes at best"),
    ("store_orders_per_day_max", "source: 200 a day, 300-400 at peak (the hub store)"),
    ("busiest_store", "the hub supermarket in Xidaying"),
    ("urgent_pickup_minutes_p50", "source: staff at the door within half an hour"),
    ("overnight_restock_kg_max",
     "a store's stock-up the night it took on a sealed village (the source's hub: 3,000 kg)"),
    ("courier_utilization", "200 couriers for three villages"),
]
VALUE_WIDTH = 9
SEEDS = range(10)


def episode_kpis(seed: int | None) -> dict:
    """The default scenario's KPIs at `seed` (None: the scenario's own seed, as `rehearse run`)."""
    from sim.model.town_model import TownModel, default_scenario_path

    return TownModel(default_scenario_path(), seed=seed).run_episode()


def default_run_excerpt(workers: int = 1) -> str:
    """The code block of "Everyone: one episode": the excerpt of the printed KPI table."""
    kpis = episode_kpis(None)
    width = max(len(key) for key, _ in EXCERPT) + 2
    lines = []
    for key, comment in EXCERPT:
        value = format_kpi(key, kpis[key])
        line = f"{key:<{width}}{value:<{VALUE_WIDTH}}# {comment}" if comment else f"{key:<{width}}{value}"
        lines.append(line.rstrip())
    lines.append(f"run folder: results/{kpis['scenario']}-seed{kpis['seed']}-<time>-<id>")
    return "```\n" + "\n".join(lines) + "\n```\n"


def seeds_sentence(workers: int = 1) -> str:
    """The sentence on seeds 0-9: the fastest channel, the busiest store, the urgent pickup."""
    runs = _kpis_of_seeds(list(SEEDS), workers)
    busiest = sorted({k["busiest_store"] for k in runs})
    return paragraph(
        f"Across seeds {SEEDS[0]}\u2013{SEEDS[-1]} the fastest channel opened in "
        f"{span([k['channel_open_minutes_min'] for k in runs], 1)} minutes, the busiest store "
        f"({' or '.join(busiest)}) took {span([k['store_orders_per_day_max'] for k in runs], 0)} "
        f"orders a day and the median urgent pickup was "
        f"{span([k['urgent_pickup_minutes_p50'] for k in runs], 1)} minutes.")


def _kpis_of_seeds(seeds: list[int], workers: int) -> list[dict]:
    if workers <= 1:
        return [episode_kpis(seed) for seed in seeds]
    context = multiprocessing.get_context("forkserver")  # no fork of a threaded test process
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(episode_kpis, seeds))
