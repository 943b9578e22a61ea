"""Households and their demand (`[households]`): the stock they hold, what they eat, when
and how they order; panic (`[panic]`) and the platform's caps on their orders
(`[order_caps]`). A household's stock at lockdown and the kinds of store it buys food from
default to Beizang's figures, so `Households()` alone is Beizang's households: this is the one
section that imports the data module (`beizang.py`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SerializationInfo, model_serializer, model_validator

from sim.core.distributions import Dist, Empirical, Triangular, Uniform
from sim.core.goods import Goods
from sim.scenario.beizang import BEIZANG_FOOD_KIND_WEIGHTS, BEIZANG_STOCK_DAYS
from sim.scenario.fingerprint import without_fields_added_later
from sim.scenario.household_types import HouseholdType
from sim.scenario.section import Section


class Households(Section):
    """A household keeps a stock of each food category (`stock_days_at_lockdown`), eats it at
    its own rate (drawn from `consumption_per_person_day`) and orders when a category it can
    buy has `reorder_at_food_days` left, from a kind of store that sells it
    (`food_kind_weights` choose among the kinds that do), asking for enough of everything
    that kind sells to last `reorder_at_food_days` + `basket_days`. The catering weight's
    share of the weights is the share of households that buy prepared meals."""

    # persons in a household
    size_persons: Dist = Empirical(values=[1, 2, 3, 4, 5], weights=[0.17, 0.32, 0.27, 0.15, 0.09])
    # days of each food category at home when the village is locked (see BEIZANG_STOCK_DAYS)
    stock_days_at_lockdown: dict[str, Dist] = Field(default_factory=lambda: dict(BEIZANG_STOCK_DAYS))
    # days of food an order brings beyond `reorder_at_food_days`
    basket_days: Dist = Uniform(low=2, high=3)
    # a household orders when a category it can buy has this many days left
    reorder_at_food_days: float = Field(default=1.0, ge=0)
    # the share of households that order as soon as a channel opens, before anything runs low (those already
    # short order then anyway)
    first_day_order_share: float = Field(default=0.5, ge=0, le=1)
    # minutes from a channel's opening (or an order that brought too little) to such a household's order
    notice_delay_minutes: Dist = Triangular(low=0, mode=30, high=180)
    # an order no picker has started after this long is cancelled (`waited_too_long`)
    patience_minutes: float = Field(default=1440, gt=0)
    # weights of the kinds of store a household buys food from, among those selling what runs low
    food_kind_weights: dict[str, float] = Field(default_factory=lambda: dict(BEIZANG_FOOD_KIND_WEIGHTS))
    # non-urgent pharmacy orders a locked household places a day
    pharmacy_orders_per_household_day: float = Field(default=0.03, ge=0)
    # how orders spread over the hours of the day, from midnight
    order_hour_weights: list[float] = Field(
        default=[0, 0, 0, 0, 0, 0.2, 0.6, 1.2, 1.6, 1.5, 1.2, 1.0,
                 0.9, 0.8, 0.8, 0.9, 1.1, 1.3, 1.4, 1.3, 1.0, 0.6, 0.3, 0.1],
        min_length=24, max_length=24,
    )
    # the share of households with a member on chronic medicine
    chronic_medicine_share: float = Field(default=0.35, ge=0, le=1)
    # days of chronic medicine such a household holds when its village is sealed
    medicine_days_at_lockdown: Dist = Empirical(
        values=[1, 2, 3, 5, 7, 10, 15, 20, 30],
        weights=[0.10, 0.10, 0.10, 0.12, 0.13, 0.13, 0.12, 0.10, 0.10],
    )
    # the share of them that order a refill before the last dose; the rest call the urgent desk once it is
    # gone
    refill_ordered_share: float = Field(default=0.8, ge=0, le=1)
    # days a refill lasts
    medicine_refill_days: float = Field(default=30, gt=0)
    # the share of households that order online; the rest phone a store or go through their
    # village's volunteers (1: everyone has the app, as Beizang's calm case)
    smartphone_share: float = Field(default=1.0, ge=0, le=1)
    # of the households without the app, the share that phone a store; the rest order through their village's
    # volunteers
    phone_share_of_offline: float = Field(default=0.5, ge=0, le=1)
    # assumption: getting through a store's busy line and reading out the list
    phone_minutes: Dist = Uniform(low=10, high=60)
    # assumption: volunteers go round for orders twice a day and type them in for each household
    volunteer_collection_hours: list[float] = Field(default=[9.0, 16.0], min_length=1)
    # minutes a volunteer takes to type in one household's order
    order_taking_minutes: Dist = Uniform(low=5, high=10)
    # with a lockdown's notice: the share of households that go out to buy ahead, and the days
    # of each food they eat that each buys (assumptions)
    notice_buy_share: float = Field(default=0.7, ge=0, le=1)
    # days of each food a household buys ahead on a lockdown's notice
    notice_buy_days: Dist = Uniform(low=2, high=5)
    # kinds of household, each with its share, size, diet and stocks where they differ from the
    # figures above (`household_types.py`); none: every household takes the figures above
    types: dict[str, HouseholdType] = {}

    @model_validator(mode="after")
    def _weights(self):
        if any(not 0 <= h < 24 for h in self.volunteer_collection_hours):
            raise ValueError("volunteer_collection_hours: hours of the day, 0 <= hour < 24")
        if sum(self.food_kind_weights.values()) <= 0 or any(
            w < 0 for w in self.food_kind_weights.values()
        ):
            raise ValueError("food_kind_weights must be >= 0 and not all zero")
        if sum(self.order_hour_weights) <= 0 or any(w < 0 for w in self.order_hour_weights):
            raise ValueError("order_hour_weights must be >= 0 and not all zero")
        return self

    def ready_meals_share(self, goods: Goods) -> float:
        """The share of households that buy ready meals: the weights' share of the kinds
        that sell them."""
        meals_kinds = goods.kinds_selling(goods.ready_meals) if goods.ready_meals else ()
        return (sum(self.food_kind_weights.get(k, 0.0) for k in meals_kinds)
                / sum(self.food_kind_weights.values()))


class Panic(Section):
    """Households that see their own food orders from stores come late or short, or hear a
    rumour, order earlier, bigger and twice (`agents/panic.py`). `enabled`: each household's
    mood follows what it sees (off: nothing starts a panic, not even a drill's rumour).
    Pushed packs and group-buying's pallets never count. Assumptions throughout."""

    enabled: bool = False
    # a bad experience: one of its food orders from a store reached the door this long after it
    # asked (or was cancelled after waiting so long)
    lead_time_minutes: float = Field(default=480, gt=0)
    # ... or came with less than half of a food it asked for, or was cancelled (an empty shelf)
    empty_shelves: bool = True
    # its worry (bad experiences, each weighing 1 when fresh) halves every `calm_after_hours`;
    # it panics at `panic_at_worry` (1: one bad experience; a rumour weighs as much on its own)
    # and calms below half of it: `calm_after_hours` after reaching it, longer after more
    panic_at_worry: float = Field(default=1.0, gt=0)
    # worry halves every this many hours
    calm_after_hours: float = Field(default=24, gt=0)
    # effects while it lasts: extra days of food in each order
    extra_basket_days: float = Field(default=2.0, ge=0)
    # a panicking household reorders this many days earlier
    reorder_earlier_days: float = Field(default=1.0, ge=0)
    duplicate_order_share: float = Field(default=0.2, ge=0, le=1)  # a second order elsewhere

    @model_serializer(mode="wrap")
    def _json_as_before(self, handler, info: SerializationInfo):
        """A scenario that leaves the threshold at its default writes its JSON as before the
        field existed (`fingerprint.py`)."""
        return without_fields_added_later(self, handler(self), info, ("panic_at_worry",))


class OrderCaps(Section):
    """The platform's cap on food orders: none, `limit` a day per household, or `limit` a day
    per village (first come, first served); a refused household tries again the next day."""

    policy: Literal["none", "per_household_day", "per_village_day"] = "none"
    limit: int = Field(default=1, ge=1)
