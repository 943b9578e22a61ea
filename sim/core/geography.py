"""Travel times from distances (distances themselves come from `sim/core/roads.py`)."""

from __future__ import annotations


def travel_minutes(km: float, speed_km_per_h: float) -> float:
    return 60.0 * km / speed_km_per_h if km > 0 else 0.0
