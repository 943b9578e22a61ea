"""A household's own random numbers, for common random numbers entity by entity.

Drawn from the village's streams in event order (`run.random_numbers = "per_village"`), a
household's notice delay, basket size, order time and store kind depend on which household
happened to draw before it, so a policy that only changes when deliveries arrive also changes
which household gets which draw. By default (`"per_entity"`) each household draws from its own
counter-keyed sequence (`sim.random_streams.EntityDraws`): its n-th choice is the same under
every policy until the policy changes its situation, and paired comparisons carry less noise.
"""

from __future__ import annotations


class HouseholdDraws:
    """The same draws a village hands its households (`draw_uniform`, `draw_notice`,
    `draw_basket_days`, `draw_hour`, `draw_minute_in_hour`), from the household's own
    sequence, by inverse distribution functions."""

    __slots__ = ("_uniform", "_notice", "_basket_days", "_hour")

    def __init__(self, uniform, notice, basket_days, hour):
        self._uniform = uniform  # the household's own uniforms (`RandomStreams.own_uniform`)
        self._notice, self._basket_days, self._hour = notice, basket_days, hour

    def draw_uniform(self) -> float:
        return self._uniform()

    def draw_notice(self) -> float:
        return self._notice.quantile(self._uniform())

    def draw_basket_days(self) -> float:
        return self._basket_days.quantile(self._uniform())

    def draw_hour(self) -> float:
        return self._hour.quantile(self._uniform())

    def draw_minute_in_hour(self) -> float:
        return 60.0 * self._uniform()
