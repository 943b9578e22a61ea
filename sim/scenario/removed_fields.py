"""Fields the scenario once had: a file or a `--set` that still names one is told what took
its place, at the field's line, instead of "unknown key"."""

from __future__ import annotations

# (section, field) -> what to write instead
REMOVED_FIELDS: dict[tuple[str, str], str] = {
    ("couriers", "max_orders_per_day"): (
        "removed: a courier's day is bounded by trips and hours on trips, not by orders "
        "(store-to-gate trips carry many orders each); use couriers.max_trips_per_day and "
        "couriers.max_trip_hours_per_day instead (for door-to-door riders, orders a day / "
        "max_batch_orders gives the trips)"),
}


def removed_field(loc: tuple) -> str | None:
    """What replaced the field at `loc` (its path in the scenario), if the scenario once had it."""
    parts = tuple(str(p) for p in loc if not isinstance(p, int))
    return REMOVED_FIELDS.get(parts[-2:]) if len(parts) >= 2 else None
