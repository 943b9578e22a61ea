"""Work the players did while the facilitator had the clock paused, timed in wall minutes.

A paused clock stops the town, not the room: a channel set-up done while paused took people
real minutes, though the model's clock says 0.0. Such a set-up keeps the wall minutes spent
paused (`paused_wall_minutes`) and is timed, and rated, as the simulated minutes plus those
(`kpis.json` keeps the model's own figure)."""

from __future__ import annotations

SHOWN_FROM_MINUTES = 0.1  # less than six wall seconds paused is not worth a mark


def paused_minutes(seconds_then: float, seconds_now: float) -> float | None:
    """The wall minutes paused between two readings of the paused-seconds counter, or None
    when too few to count."""
    minutes = round((seconds_now - seconds_then) / 60, 1)
    return minutes if minutes >= SHOWN_FROM_MINUTES else None


def count_paused_work(hook, model) -> None:
    """A set-up done partly while paused is timed with its wall minutes paused: the model's
    channel-open figure of that village (which the objectives and ratings read) is raised to it."""
    opened = model.stats.channel_open_minutes
    for set_up in getattr(hook, "channel_set_ups", ()):
        paused = set_up.get("paused_wall_minutes")
        if paused and set_up["village"] in opened:
            timed = round(set_up["minutes_taken"] + paused, 3)
            set_up["timed_minutes"] = timed
            opened[set_up["village"]] = max(opened[set_up["village"]], timed)
