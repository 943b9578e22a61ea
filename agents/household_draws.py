"""What a household draws, and from where (`sim/core/entity_draws.py`).

Drawn from the village's streams in event order (`run.random_numbers = "per_village"`), a
household's notice delay, basket size, order time and store kind depend on which household
happened to draw before it, so a policy that only changes when deliveries arrive also changes
which household gets which draw. By default (`"per_entity"`) each household draws from its own
counter-keyed sequence: its n-th choice is the same under every policy until the policy changes
its situation, and paired comparisons carry less noise.
"""

from __future__ import annotations

from sim.core.distributions import UNIT, Exponential
from sim.core.entity_draws import DrawKind
from sim.core.random_streams import entity_number
from sim.domain.ordering_rhythm import MINUTE_IN_HOUR, hour_spec

# per_village: each purpose's stream (of the village, or of the town), and its draw's name there:
# purposes with the same pair draw from one function, as they did before entities had their own
_VILLAGE_STREAMS = {
    "first_day": ("demand.{village}.choice", "uniform"),
    "kind": ("demand.{village}.choice", "uniform"),
    "notice_minutes": ("demand.{village}.times", "notice_minutes"),
    "basket_days": ("demand.{village}.times", "basket_days"),
    "pharmacy_basket_days": ("demand.{village}.times", "basket_days"),
    "hour": ("demand.{village}.times", "hour"),
    "minute_in_hour": ("demand.{village}.times", "minute_in_hour"),
    "phone_minutes": ("offline.{village}", "phone_minutes"),
    "order_taking_minutes": ("offline.{village}", "order_taking_minutes"),
    "order_twice": ("panic.{village}", "order_twice"),
    "urgent_care": ("command.urgent_care", "share"),
    "hospital_minutes": ("command.urgent_care", "hospital_minutes"),
    "staff_speed_km_per_h": ("command.urgent", "speed"),
    "staff_dispatch_minutes": ("command.urgent", "dispatch"),
    "door_minutes": ("command.urgent", "door"),
    "buy_minutes": ("command.urgent", "buy"),
    # the village's pharmacy orders: who orders, and when (always these streams)
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


HOUSEHOLD = DrawKind(sequence=lambda purpose: f"households.{purpose}", stream=_village_stream,
                     number=lambda key: entity_number(f"{key[0]}/{key[1]}"))
"""A household's draws, keyed by (village, its place among the village's households): by default
one sequence of its own per purpose, so its n-th basket does not move when it drew a notice
delay more or less; `(village, None)` for what the village's households draw together
(`DrawFactory.shared`)."""


def household_draw_specs(model) -> dict:
    """What a household draws: whether it orders on the first day, which kind of store, its
    notice delay, basket days (of food, of a pharmacy order), the hour and minute of an order
    in the daily rhythm, a person's daily use of each category, the minutes of a phone call or
    a volunteer typing its order in, whether it orders twice in a panic, and for its urgent
    calls: care or medicine and the staff's minutes; what its village's pharmacy orders draw
    (`pharmacy_...`)."""
    hh, cc = model.spec.households, model.spec.command_centre
    specs = {"first_day": UNIT, "kind": UNIT, "notice_minutes": hh.notice_delay_minutes,
             "basket_days": hh.basket_days, "pharmacy_basket_days": hh.basket_days,
             "hour": hour_spec(hh.order_hour_weights), "minute_in_hour": MINUTE_IN_HOUR,
             "phone_minutes": hh.phone_minutes, "order_taking_minutes": hh.order_taking_minutes,
             "order_twice": UNIT, "urgent_care": UNIT, "hospital_minutes": cc.hospital_minutes,
             "staff_speed_km_per_h": cc.staff_speed_km_per_h,
             "staff_dispatch_minutes": cc.staff_dispatch_minutes, "door_minutes": cc.door_minutes,
             "buy_minutes": cc.buy_medicine_minutes, "pharmacy_household": UNIT,
             "pharmacy_gap": Exponential(dist="exponential", mean=1), "pharmacy_accept": UNIT}
    for category in model.categories:
        specs[daily_use(category)] = model.spec.consumption_per_person_day[category]
    return specs


def daily_use(category: str) -> str:
    """The purpose of a draw of a person's daily use of `category`."""
    return _DAILY_USE + category
