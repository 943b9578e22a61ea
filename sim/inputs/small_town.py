"""Small towns built in Python: for tests, notebooks and textbook checks.

The same `Scenario` objects a TOML file gives, made from a few arguments.
"""

from __future__ import annotations

import datetime as dt

from sim.scenario import Scenario


def small_town(villages: int = 2, stores_per_kind: int = 2, population: int = 300,
               couriers: int | dict = 10, horizon_days: float = 2.0, seed: int = 1,
               lockdown_days: list[float] | None = None,
               lockdown_lengths_days: list[float | None] | None = None,
               ledger_surveyed: bool = True, **sections) -> Scenario:
    """A town of `villages` in a row 1 km apart, each locked at `lockdown_days` (default: one
    after another, 0.1 days apart), with `stores_per_kind` qualified stores of each kind spread
    over the villages; `lockdown_lengths_days` releases them (None: locked to the end).
    `couriers` is a whitelist size or a whole `[couriers]` section. Extra keyword arguments
    replace whole scenario sections (`store_kinds` also sets the kinds of the stores)."""
    names = [f"V{i}" for i in range(villages)]
    # a store of every kind the town declares (Beizang's four by default)
    kinds = list(sections.get("store_kinds") or ["supermarket", "vegetable_shop", "pharmacy", "catering"])
    short = len({k[:3] for k in kinds}) == len(kinds)  # ids like SUP-0 when unambiguous
    stores = [
        {"id": f"{k[:3].upper() if short else k.upper()}-{j}", "village": names[j % villages],
         "kind": k, "floor_m2": 100}
        for k in kinds for j in range(stores_per_kind)
    ]
    if lockdown_days is None:
        lockdown_days = [0.1 * i for i in range(villages)]
    data = {
        "run": {"name": "small-town", "start": dt.datetime(2022, 11, 10), "seed": seed,
                "horizon_days": horizon_days, "tick_minutes": 60},
        "villages": [{"name": n, "x_km": float(i), "y_km": 0.0, "population": population,
                      "gate_volunteers": 3} for i, n in enumerate(names)],
        "ledger": {"surveyed": ledger_surveyed, "stores": stores},
        "lockdowns": [{"village": names[i], "start_day": d,
                       "days": (lockdown_lengths_days or [None] * villages)[i]}
                      for i, d in enumerate(lockdown_days)],
        "couriers": couriers if isinstance(couriers, dict) else {"whitelist_size": couriers},
    }
    data.update(sections)
    return Scenario.model_validate(data)
