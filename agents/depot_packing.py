"""The depot's packing line: the packs of a pushed round are made up at the depot by its own
staff, so many an hour, one round after another; a round leaves for its village gate when its
last pack is made. This is what bounds packs from a depot (not the stores' pickers, whom
pushed packs bypass): Shanghai's district depots packed hundreds of thousands of packs a round
over days."""

from __future__ import annotations

from sim.core.units import MINUTES_PER_HOUR


class PackingLine:
    """Packs made at `packs_per_hour` (None: as fast as the goods are there)."""

    def __init__(self, env, packs_per_hour: float | None):
        self.env = env
        self.packs_per_hour = packs_per_hour
        self.free_minute = env.now  # the line is busy with earlier rounds until then
        self.packs_made = 0

    def minutes_until_packed(self, packs: int) -> float:
        """Book the line for `packs` after the rounds before them; minutes from now until the
        last is made."""
        self.packs_made += packs
        if self.packs_per_hour is None:
            return 0.0
        now = self.env.now
        self.free_minute = max(now, self.free_minute) + packs / self.packs_per_hour * MINUTES_PER_HOUR
        return self.free_minute - now
