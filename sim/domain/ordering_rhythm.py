"""The daily ordering rhythm: the hours households order in, by `households.order_hour_weights`.

A household's orders, refills and calls fall in hours drawn by the weights (few at night, a
peak in the morning and the evening); the village's pharmacy orders follow the same rhythm by
thinning a stream at the busiest hour's rate. Plain functions of the values passed in.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.core.distributions import Empirical, Uniform
from sim.core.units import MINUTES_PER_DAY

MINUTE_IN_HOUR = Uniform(dist="uniform", low=0, high=60)


def hour_spec(weights: Sequence[float]) -> Empirical:
    """The hour of day (0 to 23) an order falls in, weighted by `weights`."""
    return Empirical(dist="empirical", values=list(range(24)), weights=list(weights))


def hour_shares_of_busiest(weights: Sequence[float]) -> list[float]:
    """Each hour's weight as a share of the busiest hour's (for thinning a stream)."""
    return [w / max(weights) for w in weights]


def next_time_in_rhythm(clock, earliest: float, draws) -> float:
    """A minute at or after `earliest` whose hour follows the rhythm: an hour and a minute in
    it from `draws` (an entity's, `draws.hour()` and `draws.minute_in_hour()`) on the day of
    `earliest`, or the next day's if that is earlier."""
    t = clock.midnight_before(earliest) + draws.hour() * 60 + draws.minute_in_hour()
    while t < earliest:
        t += MINUTES_PER_DAY
    return t
