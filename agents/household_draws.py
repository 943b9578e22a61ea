"""What a household draws, and from where (`sim/entity_draws.py`).

Drawn from the village's streams in event order (`run.random_numbers = "per_village"`), a
household's notice delay, basket size, order time and store kind depend on which household
happened to draw before it, so a policy that only changes when deliveries arrive also changes
which household gets which draw. By default (`"per_entity"`) each household draws from its own
counter-keyed sequence: its n-th choice is the same under every policy until the policy changes
its situation, and paired comparisons carry less noise.
"""

from __future__ import annotations

from sim.distributions import UNIT, Exponential
from sim.entity_draws import DrawKind
from sim.ordering_rhythm import MINUTE_IN_HOUR, hour_spec

# per_village: each purpose's stream of the village, and its draw's name there (a household's
# draws and its village's pharmacy orders share them)
_VILLAGE_STREAMS = {
    "uniform": ("demand.{village}.choice", "uniform"),
    "notice_minutes": ("demand.{village}.times", "notice_minutes"),
    "basket_days": ("demand.{village}.times", "basket_days"),
    "hour": ("demand.{village}.times", "hour"),
    "minute_in_hour": ("demand.{village}.times", "minute_in_hour"),
    "pharmacy_household": ("demand.{village}.choice", "uniform"),
    "pharmacy_gap": ("demand.{village}.pharmacy", "gap"),
    "pharmacy_accept": ("demand.{village}.pharmacy", "accept"),
}
_DAILY_USE = "daily_use."  # a person's daily use of a category outside the pantry: daily_use.<category>


def _village_stream(key, purpose: str) -> tuple[str, str]:
    village = key[0]
    if purpose.startswith(_DAILY_USE):
        return f"demand.{village}.quantities", purpose
    stream, name = _VILLAGE_STREAMS[purpose]
    return stream.format(village=village), name


HOUSEHOLD = DrawKind(sequence=lambda _purpose: "households.choices", stream=_village_stream,
                     number=lambda key: key[1])
"""A household's draws, keyed by (village, household id); `(village, None)` for what the
village's households draw together (`DrawFactory.shared`)."""


def household_draw_specs(model) -> dict:
    """What a household draws: whether it orders on the first day and which kind of store
    (`uniform`), its notice delay, basket days, the hour and minute of an order in the daily
    rhythm, and a person's daily use of each category; what its village's pharmacy orders
    draw (`pharmacy_...`)."""
    hh = model.spec.households
    specs = {"uniform": UNIT, "notice_minutes": hh.notice_delay_minutes,
             "basket_days": hh.basket_days, "hour": hour_spec(hh.order_hour_weights),
             "minute_in_hour": MINUTE_IN_HOUR, "pharmacy_household": UNIT,
             "pharmacy_gap": Exponential(dist="exponential", mean=1), "pharmacy_accept": UNIT}
    for category in model.categories:
        specs[daily_use(category)] = model.spec.consumption_per_person_day[category]
    return specs


def daily_use(category: str) -> str:
    """The purpose of a draw of a person's daily use of `category`."""
    return _DAILY_USE + category
