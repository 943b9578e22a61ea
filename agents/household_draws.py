"""A household's own random numbers, for common random numbers entity by entity.

By default a village's households draw their notice delays, basket sizes, order times and
store kinds from the village's streams in event order, so a policy that only changes when
deliveries arrive also changes which household gets which draw. With
`run.random_numbers = "per_household"` each household draws from its own counter-keyed
sequence (`sim.random_streams.EntityDraws`): its n-th choice is the same under every policy
until the policy changes its situation, and paired comparisons carry less noise.
"""

from __future__ import annotations

from sim.random_streams import EntityDraws


class HouseholdDraws:
    """The same draws a village hands its households (`draw_uniform`, `draw_notice`,
    `draw_basket_days`, `draw_hour`, `draw_minute_in_hour`), from the household's own
    sequence, by inverse distribution functions."""

    __slots__ = ("_uniform", "_notice", "_basket_days", "_hour")

    def __init__(self, key: int, household_id: int, notice, basket_days, hour):
        self._uniform = EntityDraws(key, household_id).uniform
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
