"""Distances and travel times from village coordinates (km on a flat town map)."""

from __future__ import annotations

import math

# Village roads wind: straight-line distance times this factor approximates the road distance.
ROAD_FACTOR = 1.3


def road_km(ax: float, ay: float, bx: float, by: float) -> float:
    return ROAD_FACTOR * math.hypot(ax - bx, ay - by)


def travel_minutes(km: float, speed_km_per_h: float) -> float:
    return 60.0 * km / speed_km_per_h if km > 0 else 0.0
