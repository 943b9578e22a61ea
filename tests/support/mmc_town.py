"""A town stripped to an M/M/c queue: one pharmacy, Poisson orders, exponential picking (the queueing
validation and the picker-utilization KPI check it against theory)."""

import math

from sim.inputs.small_town import small_town

ARRIVALS_PER_HOUR = 7.5
PICK_MINUTES_MEAN = 10.0
PICKERS = 2
DAYS = 16.0


def erlang_c_wait_minutes(arrivals_per_minute: float, service_minutes: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c queue (Erlang C)."""
    a = arrivals_per_minute * service_minutes
    rho = a / servers
    top = a**servers / math.factorial(servers) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(servers)) + top)
    return p_wait * service_minutes / (servers - a)


def mmc_town(seed: int):
    """One village, one pharmacy; only the pharmacy channel opens, so every order is a
    Poisson arrival (the same rate at every hour); the store opens around the clock with all
    its pickers; shelves are deep and patience long, so nothing is cancelled."""
    population = 240
    per_household_day = ARRIVALS_PER_HOUR * 24 / population
    return small_town(
        villages=1, stores_per_kind=1, population=population, horizon_days=DAYS, seed=seed,
        lockdown_days=[0.0],
        households={"size_persons": 1, "pharmacy_orders_per_household_day": per_household_day,
                    "chronic_medicine_share": 0.0, "patience_minutes": 1e9,
                    "order_hour_weights": [1.0] * 24},
        command_centre={"standard_kinds": ["pharmacy"]},
        # the store's whole crew works inside the sealed village every day, and nobody falls ill
        store_staff={"local_share": 1.0, "positive_probability_per_day": 0.0,
                     "rota": {"days_on": 6, "days_off": 0}},
        store_kinds={
            kind: {"categories": cats, "stock_per_m2": {cats[0]: 1e7},
                   "min_pickers": PICKERS, "max_pickers": PICKERS,
                   "pick_minutes": {"dist": "exponential", "mean": PICK_MINUTES_MEAN},
                   "opening_hours": [0, 24]}
            for kind, cats in [("supermarket", ["staples"]), ("vegetable_shop", ["vegetables"]),
                               ("pharmacy", ["medicine"]), ("catering", ["prepared_meals"])]
        },
    )
