"""A standing reserve's lots as they are on an ordinary day: a rotation steady state.

A town reserve is not bought fresh the day a lockdown begins: it has stood for months, each
day the oldest stock leaving (rotated into the normal trade, or spoiled) and fresh stock
bought to replace it. So its lots are spread evenly in age, from new to the age at which
stock leaves, and they expire one after another, not all on one day. Stock bought at t = 0
instead (`depot.initial_ages = "fresh"`, the model before) expires in one step a shelf life
later: an artefact of the model, not of a reserve.
"""

from __future__ import annotations

import math

from sim.core.units import MINUTES_PER_DAY

MAX_LOTS = 366  # at most one lot a day of age, a year's


def rotation_days(shelf_life_days: float | None, rotate: bool,
                  rotate_days_before_expiry: float) -> float:
    """The age in days at which stock leaves the reserve in its steady state, R: when the
    evening inspection rotates it (what would expire within `rotate_days_before_expiry` after
    tomorrow, so at L - 1 - margin), else when it expires (L); at least a day (stock that
    keeps no longer than the margin is turned over every evening). No shelf life: never."""
    if shelf_life_days is None:
        return math.inf
    if not rotate:
        return shelf_life_days
    return min(shelf_life_days, max(1.0, shelf_life_days - 1 - rotate_days_before_expiry))


def steady_state_lots(units: float, shelf_life_days: float | None, rotation_age_days: float,
                      now_minute: float) -> list[tuple[float, float]]:
    """`units` as (expiry minute, units) lots, first expiring first: one lot for each day of
    age below `rotation_age_days` (at most `MAX_LOTS`), aged at the middle of its day, equal in
    size, so their ages are spread evenly over [0, R) and the mean age is R / 2. Stock that
    never expires is one lot."""
    if units <= 0:
        return []
    if shelf_life_days is None or math.isinf(rotation_age_days):
        return [(math.inf, units)]
    lots = max(1, min(MAX_LOTS, math.ceil(rotation_age_days)))
    step_days = rotation_age_days / lots
    life = shelf_life_days * MINUTES_PER_DAY
    ages = [(i + 0.5) * step_days * MINUTES_PER_DAY for i in reversed(range(lots))]  # oldest first
    return [(now_minute + life - age, units / lots) for age in ages]
