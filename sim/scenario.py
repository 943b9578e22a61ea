"""The scenario: a typed, validated description of a town, its lockdowns and its response.

TOML files in `experiments/` load into these objects (see `sim.scenario_loading`); notebook
users build the same objects in Python. Every duration, rate and quantity is a distribution
(`sim.distributions.Dist`), so any part of the model can be reduced to a textbook case.
Unknown keys are errors.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializationInfo,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from sim.distributions import Dist, Empirical, Fixed, Triangular, Uniform
from sim.goods import Goods
from sim.roads import DEFAULT_DETOUR_FACTOR, network_problems

MINUTES_PER_DAY = 1440


def _daily_hours(hours: tuple[float, float]) -> tuple[float, float]:
    start, end = hours
    if not (0 <= start < 24 and start < end <= start + 24):
        raise ValueError("hours of the day [start, end] with 0 <= start < 24 and start < end <= "
                         "start + 24 (an end past 24 runs into the next morning; [0, 24] is "
                         "around the clock)")
    return hours


# (start, end) hours of the day a team is on duty, e.g. [7, 22] or [5, 25] (05:00-01:00)
DailyHours = Annotated[tuple[float, float], AfterValidator(_daily_hours)]


def _random_numbers_alias(value):
    """`per_household`, the name of entity draws when only households had them, still reads."""
    return "per_entity" if value == "per_household" else value


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RunSettings(Section):
    name: str = Field(min_length=1)
    start: dt.datetime = dt.datetime(2022, 11, 10)
    horizon_days: float = Field(default=14, gt=0, le=366)
    tick_minutes: int = Field(default=60, gt=0, le=1440)
    seed: int = Field(default=0, ge=0)
    order_log: bool = True
    # where the draws of households, couriers and store staff come from: each entity's own
    # counter-keyed sequences (common random numbers entity by entity), or shared streams in
    # event order (each village's for its households, one for all couriers, one for all stores)
    random_numbers: Annotated[Literal["per_entity", "per_village"],
                              BeforeValidator(_random_numbers_alias)] = "per_entity"
    # the language of what people read (reports, drill pages) when the command line does not
    # say: "en" or "zh" (sim/i18n.py); None: English
    lang: Literal["en", "zh"] | None = None


class Village(Section):
    name: str = Field(min_length=1)  # the identity lockdowns, drills and CSV columns use
    # the name shown in the other language (sim/display_names.py): name_zh beside an English
    # name, name_en beside a Chinese one
    name_zh: str | None = Field(default=None, min_length=1)
    name_en: str | None = Field(default=None, min_length=1)
    x_km: float
    y_km: float
    population: int = Field(ge=0)
    gate_volunteers: int = Field(default=6, ge=0)


class Store(Section):
    id: str = Field(min_length=1)
    village: str
    kind: str  # one of the scenario's store kinds
    floor_m2: float = Field(gt=0)
    licensed: bool = True
    infection_risk: bool = False
    # a name shown beside the id in a report or drill page, per language (optional)
    name_zh: str | None = Field(default=None, min_length=1)
    name_en: str | None = Field(default=None, min_length=1)


class Ledger(Section):
    """The alliance's platform ledger: every store's surveyed scale, licence and risk."""

    surveyed: bool = True
    stores: list[Store] = Field(min_length=1)


class Lockdown(Section):
    village: str
    start_day: float = Field(ge=0)
    days: float | None = Field(default=None, gt=0)
    # hours of warning before the village is sealed: households buy ahead over the counter
    # at the stores that will serve them (0: sealed without notice, as Beizang's villages)
    notice_hours: float = Field(default=0, ge=0)


class GoodsCategory(Section):
    """A category of goods (`[categories.<name>]`): what it is counted in, what households do
    with it, and whether it spoils.

    `use`: "food" is eaten and kept at home (a household goes short of it); "ready_meals"
    (at most one category) replace a share of the other food while they last; "medicine"
    (at most one) is what pharmacies sell, refills and urgent calls bring; "household_goods"
    are bought along with food and not followed at home. `shelf_life_days`: how long it
    keeps (None: it does not spoil), for depot stock."""

    unit: str = Field(default="kg", min_length=1)
    use: Literal["food", "ready_meals", "medicine", "household_goods"] = "food"
    shelf_life_days: float | None = Field(default=None, gt=0)


# Beizang's goods (the default when a scenario declares none). Units: the Dietary Guidelines
# count food in kg; medicine and goods in packs; catering in meals. Shelf lives: assumptions.
BEIZANG_CATEGORIES: dict[str, GoodsCategory] = {
    "vegetables": GoodsCategory(unit="kg", use="food", shelf_life_days=7),
    "meat_eggs": GoodsCategory(unit="kg", use="food", shelf_life_days=10),
    "staples": GoodsCategory(unit="kg", use="food", shelf_life_days=180),
    "medicine": GoodsCategory(unit="packs", use="medicine", shelf_life_days=365),
    "daily_goods": GoodsCategory(unit="packs", use="household_goods"),
    "prepared_meals": GoodsCategory(unit="meals", use="ready_meals", shelf_life_days=1),
}
# Days of each food category a household holds when its village is locked, at its own rate of
# eating. Assumptions: rice and flour are bought by the sack and last weeks; fresh vegetables
# last a few days, meat and eggs a few more in a fridge; nobody holds prepared meals. The order
# here is the order of a household's pantry.
BEIZANG_STOCK_DAYS: dict[str, Dist] = {
    "staples": Uniform(dist="uniform", low=7, high=21),
    "vegetables": Uniform(dist="uniform", low=1, high=4),
    "meat_eggs": Uniform(dist="uniform", low=2, high=6),
    "prepared_meals": Fixed(dist="fixed", value=0),
}
# Amount per person per day by category (kg for food, packs for medicine and goods, meals)
BEIZANG_CONSUMPTION: dict[str, Dist] = {
    "vegetables": Uniform(dist="uniform", low=0.5, high=0.85),
    "meat_eggs": Uniform(dist="uniform", low=0.12, high=0.20),
    "staples": Uniform(dist="uniform", low=0.275, high=0.43),
    "medicine": Uniform(dist="uniform", low=0.05, high=0.15),
    "daily_goods": Uniform(dist="uniform", low=0.05, high=0.15),
    "prepared_meals": Uniform(dist="uniform", low=0.6, high=1.0),
}
BEIZANG_FOOD_KIND_WEIGHTS = {"supermarket": 0.55, "vegetable_shop": 0.30, "catering": 0.15}


class Households(Section):
    """A household keeps a stock of each food category (`stock_days_at_lockdown`), eats it at
    its own rate (drawn from `consumption_per_person_day`) and orders when a category it can
    buy has `reorder_at_food_days` left, from a kind of store that sells it
    (`food_kind_weights` choose among the kinds that do), asking for enough of everything
    that kind sells to last `reorder_at_food_days` + `basket_days`. The catering weight's
    share of the weights is the share of households that buy prepared meals."""

    size_persons: Dist = Empirical(
        dist="empirical", values=[1, 2, 3, 4, 5], weights=[0.17, 0.32, 0.27, 0.15, 0.09]
    )
    # days of each food category at home when the village is locked (see BEIZANG_STOCK_DAYS)
    stock_days_at_lockdown: dict[str, Dist] = Field(default_factory=lambda: dict(BEIZANG_STOCK_DAYS))
    basket_days: Dist = Uniform(dist="uniform", low=2, high=3)
    reorder_at_food_days: float = Field(default=1.0, ge=0)
    first_day_order_share: float = Field(default=0.5, ge=0, le=1)
    notice_delay_minutes: Dist = Triangular(dist="triangular", low=0, mode=30, high=180)
    patience_minutes: float = Field(default=1440, gt=0)
    food_kind_weights: dict[str, float] = Field(default_factory=lambda: dict(BEIZANG_FOOD_KIND_WEIGHTS))
    pharmacy_orders_per_household_day: float = Field(default=0.03, ge=0)
    order_hour_weights: list[float] = Field(
        default=[0, 0, 0, 0, 0, 0.2, 0.6, 1.2, 1.6, 1.5, 1.2, 1.0,
                 0.9, 0.8, 0.8, 0.9, 1.1, 1.3, 1.4, 1.3, 1.0, 0.6, 0.3, 0.1],
        min_length=24, max_length=24,
    )
    chronic_medicine_share: float = Field(default=0.35, ge=0, le=1)
    medicine_days_at_lockdown: Dist = Empirical(
        dist="empirical",
        values=[1, 2, 3, 5, 7, 10, 15, 20, 30],
        weights=[0.10, 0.10, 0.10, 0.12, 0.13, 0.13, 0.12, 0.10, 0.10],
    )
    refill_ordered_share: float = Field(default=0.8, ge=0, le=1)
    medicine_refill_days: float = Field(default=30, gt=0)
    # the share of households that order online; the rest phone a store or go through their
    # village's volunteers (1: everyone has the app, as Beizang's calm case)
    smartphone_share: float = Field(default=1.0, ge=0, le=1)
    phone_share_of_offline: float = Field(default=0.5, ge=0, le=1)
    # assumption: getting through a store's busy line and reading out the list
    phone_minutes: Dist = Uniform(dist="uniform", low=10, high=60)
    # assumption: volunteers go round for orders twice a day and type them in for each household
    volunteer_collection_hours: list[float] = Field(default=[9.0, 16.0], min_length=1)
    order_taking_minutes: Dist = Uniform(dist="uniform", low=5, high=10)
    # with a lockdown's notice: the share of households that go out to buy ahead, and the days
    # of each food they eat that each buys (assumptions)
    notice_buy_share: float = Field(default=0.7, ge=0, le=1)
    notice_buy_days: Dist = Uniform(dist="uniform", low=2, high=5)

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


class StoreKindSettings(Section):
    categories: list[str] = Field(min_length=1)  # of the scenario's categories
    stock_per_m2: dict[str, float] = {}
    pickers_per_100_m2: float = Field(default=1.5, gt=0)
    min_pickers: int = Field(default=1, ge=1)
    max_pickers: int = Field(default=6, ge=1)
    pick_minutes: Dist = Triangular(dist="triangular", low=3, mode=5, high=8)
    # pickers work while the store is open; 12 hours: 3 pickers at 5 minutes an order then pick
    # about 430 orders, the source hub's peak of 300-400 a day (assumption)
    opening_hours: DailyHours = (8.0, 20.0)
    stores_per_village: int = Field(default=1, ge=1)
    # assumption: 12 hours of picking at 5 minutes an order; the source's hub (3 pickers) peaked
    # at 300-400 orders a day. A store takes no more orders in a day ("today's orders are
    # filled"); None: no limit
    max_orders_per_picker_day: float | None = Field(default=144, gt=0)


def _default_store_kinds() -> dict[str, StoreKindSettings]:
    return {
        "supermarket": StoreKindSettings(
            categories=["staples", "vegetables", "meat_eggs", "daily_goods"],
            stock_per_m2={"staples": 6, "vegetables": 5, "meat_eggs": 2, "daily_goods": 4},
            max_pickers=6,
        ),
        "vegetable_shop": StoreKindSettings(
            categories=["vegetables", "meat_eggs"],
            stock_per_m2={"vegetables": 8, "meat_eggs": 3},
            max_pickers=4,
        ),
        "pharmacy": StoreKindSettings(
            categories=["medicine"], stock_per_m2={"medicine": 10}, max_pickers=3,
            pick_minutes=Triangular(dist="triangular", low=2, mode=4, high=6),
        ),
        "catering": StoreKindSettings(
            categories=["prepared_meals"], stock_per_m2={"prepared_meals": 6}, max_pickers=4,
        ),
    }


class StoreSelection(Section):
    policy: Literal["nearest_qualified", "largest_qualified", "coverage_first"] = "nearest_qualified"
    min_floor_m2: float = Field(default=40, ge=0)
    routing: Literal["least_backlog", "nearest", "round_robin"] = "least_backlog"
    # coverage_first: a store within this distance that serves no village yet comes first
    coverage_radius_km: float = Field(default=2.0, gt=0)


class StoreStaff(Section):
    """Who works in the stores (assumptions): staff living outside a sealed village cannot come
    in, and a positive test takes the shift's contacts out, closing the store for a while."""

    local_share: float = Field(default=0.5, ge=0, le=1)  # of pickers living in the store's village
    positive_probability_per_day: float = Field(default=0.002, ge=0, le=1)  # per serving store
    test_hour: float = Field(default=7.0, ge=0, lt=24)  # morning results, before opening
    closure_hours: float = Field(default=48, gt=0)
    # a store inside a sealed village serves only that village (its staff are locked in);
    # true: it keeps serving others by passing goods over its village's gate to couriers
    sealed_in_stores_serve_outside: bool = False


class WalkIn(Section):
    """A store serving locked villages keeps its counter trade with its own village while that
    village is not locked (the source's hub served Xidaying too): this share of the village's
    daily consumption of what the store sells, spread over its opening hours, comes off its
    shelves (0: none, Beizang's calm case; assumption when set)."""

    daily_consumption_share: float = Field(default=0.0, ge=0, le=1)


class Panic(Section):
    """Households that see long waits, empty shelves or a rumour order earlier, bigger and
    twice. `enabled`: the village's mood follows what its households see (off: only a drill's
    rumour can start it, and only when enabled). Assumptions throughout."""

    enabled: bool = False
    # triggers: the village's recent delivered orders took longer than this (a moving average)
    lead_time_minutes: float = Field(default=480, gt=0)
    # ... or a store serving the village has run out of a food category
    empty_shelves: bool = True
    # effects while it lasts
    extra_basket_days: float = Field(default=2.0, ge=0)
    reorder_earlier_days: float = Field(default=1.0, ge=0)
    duplicate_order_share: float = Field(default=0.2, ge=0, le=1)  # a second order elsewhere
    calm_after_hours: float = Field(default=24, gt=0)  # since the last trigger


class Restocking(Section):
    """How serving stores restock (`sim/policies/restocking.py`): `overnight_estimate` (as the
    source's hub) or `s_S` (order up to `order_up_to_share` of the shelf when stock and what is
    on the way fall below `reorder_point_share`); from the depot first or the suppliers first."""

    policy: Literal["overnight_estimate", "s_S"] = "overnight_estimate"
    source: Literal["depot_first", "supplier_first"] = "depot_first"
    overnight_order_hour: float = Field(default=21, ge=0, lt=24)
    cover_days: float = Field(default=1.2, gt=0)
    emergency_below_share: float = Field(default=0.15, ge=0, le=1)
    reorder_point_share: float = Field(default=0.3, ge=0, le=1)
    order_up_to_share: float = Field(default=1.0, gt=0, le=1)

    @model_validator(mode="after")
    def _levels(self):
        if self.reorder_point_share >= self.order_up_to_share:
            raise ValueError("reorder_point_share must be below order_up_to_share")
        return self


class Couriers(Section):
    whitelist_size: int = Field(default=200, ge=0)
    max_batch_orders: int = Field(default=20, ge=1)
    max_batch_wait_minutes: float = Field(default=30, ge=0)
    # batch: as above; send_at_once: an order leaves with the next idle courier (no batch wait)
    dispatch: Literal["batch", "send_at_once"] = "batch"
    # town: any idle courier takes any store's batch (the whitelist as one pool); store: a
    # courier works for the store of its first trip and takes only that store's batches
    pool: Literal["town", "store"] = "town"
    speed_km_per_h: Dist = Uniform(dist="uniform", low=15, high=25)
    load_minutes: Dist = Uniform(dist="uniform", low=3, high=8)
    handover_minutes_per_order: Dist = Uniform(dist="uniform", low=1, high=2)
    daily_test_minutes: Dist = Uniform(dist="uniform", low=30, high=60)
    test_hour_range: tuple[float, float] = (6.0, 20.0)
    exposure_probability_per_day: float = Field(default=0.003, ge=0, le=1)
    onboarding_minutes: Dist = Uniform(dist="uniform", low=120, high=360)
    # riders in Shanghai and Beijing delivered about 100-110 orders a day and worked past
    # midnight at the peak (reported in 2022); the shift and break are assumptions
    shift_hours: DailyHours = (7.0, 24.0)
    break_hour: float | None = Field(default=13.0, ge=0, lt=24)
    break_minutes: float = Field(default=60, ge=0, le=240)
    max_orders_per_day: int = Field(default=110, ge=1)
    # where couriers live (assumptions): outside the town, or in its villages by population;
    # one living in a sealed village is locked in with it
    living_outside_town_share: float = Field(default=0.5, ge=0, le=1)
    # infections come in clusters: a positive courier's shift team (by whitelist number)
    # isolates as close contacts (assumption; 7 days of isolation as in Beijing in 2022)
    contact_team_size: int = Field(default=5, ge=1)
    contact_isolation_days: float = Field(default=7, ge=0)


class Volunteers(Section):
    orders_per_round: int = Field(default=5, ge=1)
    door_round_minutes: Dist = Uniform(dist="uniform", low=5, high=15)
    duty_hours: DailyHours = (6.0, 23.0)  # assumption: gates staffed from early morning to late evening


class OrderCaps(Section):
    """The platform's cap on food orders: none, `limit` a day per household, or `limit` a day
    per village (first come, first served); a refused household tries again the next day."""

    policy: Literal["none", "per_household_day", "per_village_day"] = "none"
    limit: int = Field(default=1, ge=1)


class CommandCentre(Section):
    x_km: float = 0.0
    y_km: float = 0.0
    coordinators: int = Field(default=2, ge=1)
    # the kinds a locked village gets a channel for; None: every store kind of the scenario
    standard_kinds: list[str] | None = None
    reach_area_minutes: Dist = Uniform(dist="uniform", low=2, high=5)
    set_up_groups_minutes: Dist = Uniform(dist="uniform", low=2, high=4)
    assign_store_minutes: Dist = Uniform(dist="uniform", low=0.5, high=1.5)
    survey_store_minutes: Dist = Uniform(dist="uniform", low=20, high=40)
    survey_radius_km: float = Field(default=3.0, gt=0)
    store_confirm_minutes: Dist = Uniform(dist="uniform", low=1, high=4)
    publish_minutes: Dist = Uniform(dist="uniform", low=1, high=2)
    monitor_interval_minutes: float = Field(default=30, gt=0)
    # a reserve store is added when a store's queue would take its pickers longer than this to
    # clear (assumption; a night's orders waiting for the morning are not a reason by themselves)
    backlog_threshold_minutes: float = Field(default=120, gt=0)
    # what brings a reserve store: a saturated store (backlog_threshold), a store out of a
    # category (stockout), or nothing (none); a store sealed in is replaced under each
    expansion: Literal["backlog_threshold", "stockout", "none"] = "backlog_threshold"
    expansion_cooldown_minutes: float = Field(default=240, ge=0)
    urgent_staff: int = Field(default=6, ge=1)
    # a register of households that cannot order online: volunteers check on each on their
    # rounds and order for it a day before it would ask (all of them go through volunteers)
    vulnerable_register: bool = False
    # the command centre kept watch day and night in an emergency (assumption)
    coordinator_hours: DailyHours = (0.0, 24.0)
    urgent_staff_hours: DailyHours = (0.0, 24.0)
    staff_speed_km_per_h: Dist = Uniform(dist="uniform", low=25, high=40)
    staff_dispatch_minutes: Dist = Uniform(dist="uniform", low=2, high=6)
    door_minutes: Dist = Uniform(dist="uniform", low=2, high=6)
    buy_medicine_minutes: Dist = Uniform(dist="uniform", low=10, high=25)
    # urgent needs, assumptions: medicine calls of one village waiting when staff leave go
    # together, up to this many households a trip
    urgent_calls_per_trip: int = Field(default=4, ge=1)
    # the share of urgent calls that are a trip to a doctor or hospital (dialysis, pregnancy),
    # where staff wait `hospital_minutes` and bring the resident home
    urgent_care_share: float = Field(default=0.1, ge=0, le=1)
    hospital_x_km: float = 0.0
    hospital_y_km: float = 0.0
    hospital_minutes: Dist = Uniform(dist="uniform", low=60, high=240)


class Supplier(Section):
    """A wholesale market or cooperative. Quantities in kg; a pack or a meal counts as 1 kg."""

    name: str
    # the name shown in the other language (sim/display_names.py), as for a village
    name_zh: str | None = Field(default=None, min_length=1)
    name_en: str | None = Field(default=None, min_length=1)
    categories: list[str] = Field(min_length=1)  # of the scenario's categories
    lead_time_minutes: Dist = Uniform(dist="uniform", low=60, high=180)
    daily_capacity: dict[str, float] = {}
    # assumption: a category without a daily capacity ships this many days of the whole town's
    # consumption a day (the market's share for the town, with headroom over the whole town
    # locked); None: unlimited
    capacity_town_days: float | None = Field(default=1.5, gt=0)
    # assumption: trucks leave the wholesale market from evening to mid-morning; an order outside
    # these hours ships when they next begin. (start, end) in hours; start > end runs past
    # midnight; (0, 24) is around the clock
    delivery_hours: tuple[float, float] = (20.0, 10.0)
    # assumption: a 4.2 m light truck carries about 3 t (the hub's 3,000 kg overnight is one load)
    truck_load_kg: float = Field(default=3000, gt=0)
    # assumption: truck departures a day for the town (about 50 light trucks making 3 runs; the
    # whole town locked used up to about 120 a day); None: unlimited
    trucks_per_day: int | None = Field(default=150, ge=1)
    # a supplier that takes only group-buying's bulk orders (a farm, a restaurant chain's sets):
    # stores and the depot never restock from it
    bulk_orders_only: bool = False

    @model_serializer(mode="wrap")
    def _without_default_bulk(self, handler, info: SerializationInfo):
        """A supplier that is not bulk-only writes its JSON as before the field existed (so
        the fingerprints of sweeps planned then still match)."""
        data = handler(self)
        if info.mode_is_json() and not self.bulk_orders_only:
            data.pop("bulk_orders_only", None)
        return data

    @field_validator("delivery_hours")
    @classmethod
    def _hours(cls, hours):
        start, end = hours
        if not (0 <= start <= 24 and 0 <= end <= 24) or start == end:
            raise ValueError("(start, end) in hours 0-24 with start != end (start > end runs "
                             "past midnight; (0, 24) is around the clock)")
        return hours


class DepotCosts(Section):
    """What a depot costs, in yuan (assumptions to replace with the town's own figures)."""

    purchase_per_kg: float = Field(default=6.0, ge=0)  # a pack or a meal counts as a kg
    holding_per_kg_day: float = Field(default=0.02, ge=0)  # energy, staff, cold chain
    capacity_per_kg_year: float = Field(default=4.0, ge=0)  # building and racks, annualised
    rotation_markdown_share: float = Field(default=0.3, ge=0, le=1)  # of the value of rotated stock


class Depot(Section):
    """The town depot. Sized by `capacity_kg` split by `category_shares`, or by `cover_days`
    of the whole town's consumption (one number, or per category: city reserves are set this
    way, e.g. 5-7 days of vegetables); 0 and no cover: no depot."""

    capacity_kg: float = Field(default=0, ge=0)
    cover_days: float | dict[str, float] | None = None
    x_km: float = 0.0
    y_km: float = 0.0
    initial_fill_share: float = Field(default=1.0, ge=0, le=1)
    # shares of the capacity by category; None: see `agents.depot.category_shares`
    category_shares: dict[str, float] | None = None
    release_minutes: Dist = Uniform(dist="uniform", low=30, high=60)
    replenish_hour: float = Field(default=20, ge=0, lt=24)
    # loading staff dispatch at most this many kg an hour (None: stock is throughput)
    dispatch_kg_per_hour: float | None = Field(default=None, gt=0)
    # on_request: stores' restocks ask the depot first (as the drill's release);
    # on_lockdown: also send `release_cover_days` to the stores of a village as its channels
    # open; hold_for_outage: release only while a supplier ships less than it would
    release: Literal["on_request", "on_lockdown", "hold_for_outage"] = "on_request"
    release_cover_days: float = Field(default=2.0, gt=0)
    # sell stock that would expire within this many days after tomorrow into the normal trade
    # at the evening inspection, before it spoils
    rotate: bool = False
    rotate_days_before_expiry: float = Field(default=1.0, ge=0)
    costs: DepotCosts = DepotCosts()

    @field_validator("cover_days")
    @classmethod
    def _cover(cls, cover):
        values = cover.values() if isinstance(cover, dict) else [cover] if cover is not None else []
        if any(v < 0 for v in values):
            raise ValueError("days of cover must be >= 0")
        return cover


class GroupBuying(Section):
    """Community group-buying (`[group_buying]`): a `share` of households belong to a group of
    about `group_size` households whose leader collects the members' food orders on a list
    and, at `order_cutoff_hour` each day, sends them as one bulk order to `supplier` once at
    least `min_households` are on it (else keeps collecting). The supplier ships within its
    capacity and trucks; the pallet reaches the village gate `lead_time_days` after the bulk
    order, and the gate's volunteers sort it into each member's share
    (`sorting_minutes_per_household`). Members order earlier than app users, by the lead time
    and a day on the list. Defaults are assumptions."""

    share: float = Field(default=0.5, ge=0, le=1)
    min_households: int = Field(default=30, ge=1)
    group_size: int = Field(default=60, ge=1)
    lead_time_days: Dist = Uniform(dist="uniform", low=1, high=3)
    # the supplier filling bulk orders; None: the first that sells a food category
    supplier: str | None = None
    sorting_minutes_per_household: Dist = Uniform(dist="uniform", low=1.5, high=3)
    order_cutoff_hour: float = Field(default=20, ge=0, lt=24)


PUSH_PACK_SOURCES = ("depot",)  # or a supplier's name


class PushPack(Section):
    """A round of standard packs (`[[push_packs]]`): `content` per household (category ->
    units, in the categories' units) sent to every household of `village` ("all": every
    village) if it is sealed then: on `day` (days since the start) or `days_after_lockdown`
    days into each of its lockdowns, and again every `every_days` while it stays sealed.
    From `source`: "depot" or a supplier's name; None: the depot when the town has one, else
    the first supplier that sells the content. Volunteers hand the packs out at the gate
    (`hand_out_minutes_per_household`)."""

    village: str = Field(min_length=1)
    day: float | None = Field(default=None, ge=0)
    days_after_lockdown: float | None = Field(default=None, ge=0)
    every_days: float | None = Field(default=None, gt=0)
    content: dict[str, float] = Field(min_length=1)
    source: str | None = None
    hand_out_minutes_per_household: Dist = Uniform(dist="uniform", low=0.5, high=1.5)

    @model_validator(mode="after")
    def _one_trigger(self):
        if (self.day is None) == (self.days_after_lockdown is None):
            raise ValueError("give either day (days since the start) or days_after_lockdown, "
                             "not both and not neither")
        if any(units <= 0 for units in self.content.values()):
            raise ValueError("content: units per household must be above 0")
        return self


ALL_VILLAGES = "all"


class RoadEdge(Section):
    """A road between two places (village names, store ids, `depot`, `command_centre`,
    `hospital`) or junctions; both ways. Without `km`: the straight line between its ends."""

    from_: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    km: float | None = Field(default=None, gt=0)


class Junction(Section):
    """A named crossing of roads, on the villages' map."""

    name: str = Field(min_length=1)
    x_km: float
    y_km: float


class RoadClosure(Section):
    """A road closed from `start_day` (days since the start) for `hours` (None: to the end)."""

    from_: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    start_day: float = Field(ge=0)
    hours: float | None = Field(default=None, gt=0)


class Roads(Section):
    """The town's roads (see `sim/roads.py`): with `edges`, trips take shortest paths on them
    and `closures` close some for a while; without, straight lines times `detour_factor`.
    `edges` and `junctions` may each be a CSV file's path, relative to the scenario file."""

    edges: list[RoadEdge] = []
    junctions: list[Junction] = []
    detour_factor: float = Field(default=DEFAULT_DETOUR_FACTOR, ge=1)
    closures: list[RoadClosure] = []


class SupplierOutage(Section):
    """A supplier ships `capacity_share` of what it would (0: nothing) for `days`."""

    kind: Literal["supplier_outage"]
    supplier: str
    start_day: float = Field(ge=0)
    days: float = Field(gt=0)
    capacity_share: float = Field(default=0.0, ge=0, le=1)


class RoadClosedDisruption(Section):
    """A road closed for `days`: the road `from`-`to` in a town with a road network (as
    `roads.closures`), else the roads into `village` made `detour_factor` times longer."""

    kind: Literal["road_closed"]
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    village: str | None = None
    detour_factor: float = Field(default=2.0, ge=1)
    start_day: float = Field(ge=0)
    days: float = Field(gt=0)

    @model_validator(mode="after")
    def _which_road(self):
        if (self.from_ is None) != (self.to is None) or (self.from_ is None) == (self.village is None):
            raise ValueError("give either `from` and `to` (a road of the network) or `village`")
        return self


class CouriersUnavailable(Section):
    """A share of the whitelisted couriers off duty for `days` (stuck, isolating, called away)."""

    kind: Literal["couriers_unavailable"]
    share: float = Field(gt=0, le=1)
    start_day: float = Field(ge=0)
    days: float = Field(gt=0)


class DemandSurge(Section):
    """A share of households (in `village`, or in every locked village) place an extra food
    order of `extra_basket_days`, spread over `days` (a rumour, a holiday)."""

    kind: Literal["demand_surge"]
    village: str | None = None
    share: float = Field(gt=0, le=1)
    extra_basket_days: float = Field(default=2.0, gt=0)
    start_day: float = Field(ge=0)
    days: float = Field(gt=0)


Disruption = Annotated[SupplierOutage | RoadClosedDisruption | CouriersUnavailable | DemandSurge,
                       Field(discriminator="kind")]


class Scenario(Section):
    run: RunSettings
    villages: list[Village] = Field(min_length=1)
    ledger: Ledger
    lockdowns: list[Lockdown] = []
    # the town's goods and store kinds; Beizang's six categories and four kinds by default
    categories: dict[str, GoodsCategory] = Field(default_factory=lambda: dict(BEIZANG_CATEGORIES),
                                                 min_length=1)
    households: Households = Households()
    # per person per day of each category; Beizang's figures for categories of those names
    consumption_per_person_day: dict[str, Dist] = Field(default_factory=lambda: dict(BEIZANG_CONSUMPTION))
    store_kinds: dict[str, StoreKindSettings] = Field(default_factory=_default_store_kinds, min_length=1)
    store_selection: StoreSelection = StoreSelection()
    store_staff: StoreStaff = StoreStaff()
    restocking: Restocking = Restocking()
    walk_in: WalkIn = WalkIn()
    panic: Panic = Panic()
    couriers: Couriers = Couriers()
    volunteers: Volunteers = Volunteers()
    command_centre: CommandCentre = CommandCentre()
    order_caps: OrderCaps = OrderCaps()
    # None: a wholesale market for every category but medicine, and a medicine distributor
    suppliers: list[Supplier] = Field(default=None, validate_default=False)
    depot: Depot = Depot()
    # what goes wrong, when (agents/disruptions.py); the same code as a drill's injects
    disruptions: list[Disruption] = []
    roads: Roads = Roads()
    # how else food came (None / []: only what households order, Beizang's calm case)
    group_buying: GroupBuying | None = None
    push_packs: list[PushPack] = []

    @model_validator(mode="before")
    @classmethod
    def _category_defaults(cls, data):
        """Beizang's figures for the categories of Beizang's names a scenario does not give;
        the default suppliers for the declared categories."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        declared = data.get("categories")
        names = list(declared) if isinstance(declared, dict) and declared else list(BEIZANG_CATEGORIES)
        given = data.get("consumption_per_person_day")
        if given is None or isinstance(given, dict):
            data["consumption_per_person_day"] = (
                {c: d for c, d in BEIZANG_CONSUMPTION.items() if c in names} | (given or {}))
        households = data.get("households")
        if households is None or isinstance(households, dict):
            households = dict(households or {})
            stock = households.get("stock_days_at_lockdown")
            if stock is None or isinstance(stock, dict):
                # the scenario's order first (the pantry's order), Beizang's for the rest
                stock = dict(stock or {})
                households["stock_days_at_lockdown"] = stock | {
                    c: d for c, d in BEIZANG_STOCK_DAYS.items() if c in names and c not in stock}
            data["households"] = households
        if data.get("suppliers") is None:
            data["suppliers"] = _default_suppliers(declared if isinstance(declared, dict) and declared
                                                   else BEIZANG_CATEGORIES)
        return data

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo):
        """Names that must refer to each other. The loader collects these per field path."""
        problems: list[tuple[tuple, str]] = []
        names = [v.name for v in self.villages]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            problems.append((("villages",), f"duplicate names {dup}"))
        ids = [s.id for s in self.ledger.stores]
        dup_ids = sorted({i for i in ids if ids.count(i) > 1})
        if dup_ids:
            problems.append((("ledger", "stores"), f"duplicate ids {dup_ids}"))
        known = set(names)
        for i, s in enumerate(self.ledger.stores):
            if s.village not in known:
                problems.append(
                    (("ledger", "stores", i, "village"), f"unknown village {s.village!r}; known: {sorted(known)}")
                )
        for i, lk in enumerate(self.lockdowns):
            if lk.village not in known:
                problems.append(
                    (("lockdowns", i, "village"), f"unknown village {lk.village!r}; known: {sorted(known)}")
                )
            if lk.start_day >= self.run.horizon_days:
                problems.append(
                    (("lockdowns", i, "start_day"),
                     f"{lk.start_day} is not before the horizon ({self.run.horizon_days} days)")
                )
        problems.extend(_goods_problems(self))
        problems.extend(_disruption_problems(self))
        problems.extend(_channel_problems(self))
        problems += network_problems(self)  # road ends, pieces, closures (sim/roads.py)
        collector = (info.context or {}).get("reference_problems")
        if collector is not None:
            collector.extend(problems)
        elif problems:
            raise ValueError("; ".join(".".join(map(str, loc)) + ": " + msg for loc, msg in problems))
        return self

    @model_serializer(mode="wrap")
    def _without_default_roads(self, handler, info: SerializationInfo):
        """A town with the default roads, no group-buying and no pushed packs writes its JSON
        as before these existed (so the fingerprints of sweeps planned then still match)."""
        data = handler(self)
        if info.mode_is_json():
            if self.roads == Roads():
                data.pop("roads", None)
            if self.group_buying is None:
                data.pop("group_buying", None)
            if not self.push_packs:
                data.pop("push_packs", None)
        return data

    @property
    def horizon_minutes(self) -> float:
        return self.run.horizon_days * MINUTES_PER_DAY

    @property
    def order_channels(self) -> tuple[str, ...]:
        """The ways households' orders come in this town (`sim.orders.CHANNELS`)."""
        channels = ["app"]
        if self.households.smartphone_share < 1:
            channels += (["volunteer"] if self.command_centre.vulnerable_register
                         else ["phone", "volunteer"])
        if self.group_buying is not None and self.group_buying.share > 0:
            channels.append("group")
        if self.push_packs:
            channels.append("push_pack")
        return tuple(channels)

    def group_buying_supplier(self) -> str | None:
        """The supplier that fills group-buying's bulk orders: the one named, else the first
        that sells a food category (None without one)."""
        gb = self.group_buying
        if gb is not None and gb.supplier is not None:
            return gb.supplier
        food = {c for c, g in self.categories.items() if g.use == "food"}
        return next((s.name for s in self.suppliers if food & set(s.categories)), None)

    def push_pack_source(self, pack: PushPack) -> str | None:
        """Where a round of packs comes from: its `source`, else the depot when the town has
        one, else the first supplier that sells every category of the content."""
        if pack.source is not None:
            return pack.source
        if self.depot.capacity_kg > 0:
            return "depot"
        return next((s.name for s in self.suppliers if set(pack.content) <= set(s.categories)),
                    None)

    @property
    def standard_kinds(self) -> list[str]:
        """The kinds a locked village gets a channel for (every store kind unless the command
        centre names a set)."""
        kinds = self.command_centre.standard_kinds
        return list(self.store_kinds) if kinds is None else list(kinds)

    @cached_property
    def goods(self) -> Goods:
        """The catalogue of the town's categories and store kinds the model reads."""
        return Goods.declared(
            units={c: g.unit for c, g in self.categories.items()},
            uses={c: g.use for c, g in self.categories.items()},
            pantry_order=list(self.households.stock_days_at_lockdown),
            sells={k: list(s.categories) for k, s in self.store_kinds.items()},
        )


def _default_suppliers(categories: dict) -> list[Supplier]:
    """A wholesale market for every category but medicine, and a medicine distributor in
    business hours (assumptions, as Beizang's)."""
    def use(c):
        g = categories[c]
        return g.get("use", "food") if isinstance(g, dict) else g.use

    medicine = [c for c in categories if use(c) == "medicine"]
    rest = [c for c in categories if use(c) != "medicine"]
    suppliers = []
    if rest:
        suppliers.append(Supplier(name="wholesale market", categories=rest))
    if medicine:
        suppliers.append(Supplier(name="medicine distributor", categories=medicine,
                                  delivery_hours=(8.0, 20.0), trucks_per_day=20))
    return suppliers


def _disruption_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Disruptions must name suppliers and villages the town has, start before the horizon,
    and close roads only where roads can be closed."""
    problems = []
    suppliers = [s.name for s in sc.suppliers]
    villages = [v.name for v in sc.villages]
    for i, d in enumerate(sc.disruptions):
        loc = ("disruptions", i)
        if d.start_day >= sc.run.horizon_days:
            problems.append((loc + ("start_day",), f"{d.start_day} is not before the horizon "
                                                   f"({sc.run.horizon_days} days)"))
        if isinstance(d, SupplierOutage) and d.supplier not in suppliers:
            problems.append((loc + ("supplier",), f"unknown supplier {d.supplier!r}; known: {suppliers}"))
        village = getattr(d, "village", None)
        if village is not None and village not in villages:
            problems.append((loc + ("village",), f"unknown village {village!r}; known: {sorted(villages)}"))
        if isinstance(d, RoadClosedDisruption) and d.from_ is not None and not sc.roads.edges:
            problems.append((loc + ("from",), "this town has no road network ([roads] edges): "
                                              "close the roads into a `village` instead"))
    return problems


def _goods_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Every name of a category or store kind must be one the scenario declares, and the roles
    of categories must fit together."""
    problems: list[tuple[tuple, str]] = []
    categories = list(sc.categories)
    kinds = list(sc.store_kinds)
    uses = {c: g.use for c, g in sc.categories.items()}
    pantry = [c for c in categories if uses[c] in ("food", "ready_meals")]

    def unknown(loc, names, allowed, what):
        for name in names:
            if name not in allowed:
                problems.append((loc, f"unknown {what} {name!r}; declared: {allowed}"))

    for use in ("ready_meals", "medicine"):
        having = [c for c in categories if uses[c] == use]
        if len(having) > 1:
            problems.append((("categories",), f"at most one category may have use = {use!r}; "
                                              f"these do: {having}"))
    if not pantry:
        problems.append((("categories",), "no category has use = \"food\" or \"ready_meals\": "
                                          "households would eat nothing"))
    unknown(("consumption_per_person_day",), sc.consumption_per_person_day, categories, "category")
    missing = [c for c in categories if c not in sc.consumption_per_person_day]
    if missing:
        problems.append((("consumption_per_person_day",), f"missing for {missing}"))
    stock = sc.households.stock_days_at_lockdown
    unknown(("households", "stock_days_at_lockdown"), stock, pantry, "food category")
    missing = [c for c in pantry if c not in stock]
    if missing:
        problems.append((("households", "stock_days_at_lockdown"), f"missing for {missing}"))
    supplied = {c for s in sc.suppliers if not s.bulk_orders_only for c in s.categories}
    for kind, settings in sc.store_kinds.items():
        unknown(("store_kinds", kind, "categories"), settings.categories, categories, "category")
        unknown(("store_kinds", kind, "stock_per_m2"), settings.stock_per_m2, settings.categories,
                f"category of {kind}")
        for c in settings.categories:
            if c in categories and c not in supplied:
                problems.append((("store_kinds", kind, "categories"), f"no supplier sells {c!r}"))
    medicine_kinds = [k for k, s in sc.store_kinds.items()
                      if any(uses.get(c) == "medicine" for c in s.categories)]
    if len(medicine_kinds) > 1:
        problems.append((("store_kinds",), f"only one store kind may sell medicine; these do: "
                                           f"{medicine_kinds}"))
    food_kinds = [k for k, s in sc.store_kinds.items()
                  if any(uses.get(c) in ("food", "ready_meals") for c in s.categories)]
    unknown(("households", "food_kind_weights"), sc.households.food_kind_weights, food_kinds,
            "store kind selling food")
    for i, store in enumerate(sc.ledger.stores):
        if store.kind not in sc.store_kinds:
            problems.append((("ledger", "stores", i, "kind"),
                             f"unknown store kind {store.kind!r}; declared: {kinds}"))
    unknown(("command_centre", "standard_kinds"), sc.command_centre.standard_kinds or [], kinds,
            "store kind")
    for i, supplier in enumerate(sc.suppliers):
        unknown(("suppliers", i, "categories"), supplier.categories, categories, "category")
        unknown(("suppliers", i, "daily_capacity"), supplier.daily_capacity, supplier.categories,
                f"category of {supplier.name}")
    unknown(("depot", "category_shares"), sc.depot.category_shares or {}, categories, "category")
    if isinstance(sc.depot.cover_days, dict):
        unknown(("depot", "cover_days"), sc.depot.cover_days, categories, "category")
    return problems



def _channel_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Names in `[group_buying]` and `[[push_packs]]`: suppliers, villages, categories."""
    problems: list[tuple[tuple, str]] = []
    suppliers = {s.name: s for s in sc.suppliers}
    food = [c for c, g in sc.categories.items() if g.use == "food"]
    gb = sc.group_buying
    if gb is not None:
        name = sc.group_buying_supplier()
        if gb.supplier is not None and gb.supplier not in suppliers:
            problems.append((("group_buying", "supplier"),
                             f"unknown supplier {gb.supplier!r}; known: {sorted(suppliers)}"))
        elif name is None or not set(food) & set(suppliers[name].categories):
            problems.append((("group_buying", "supplier"),
                             f"{name or 'no supplier'} sells no food category; food: {food}"))
    villages = [v.name for v in sc.villages]
    categories = list(sc.categories)
    for i, pack in enumerate(sc.push_packs):
        where = ("push_packs", i)
        if pack.village != ALL_VILLAGES and pack.village not in villages:
            problems.append((where + ("village",), f"unknown village {pack.village!r}; known: "
                                                   f"{villages} or {ALL_VILLAGES!r}"))
        for c in pack.content:
            if c not in categories:
                problems.append((where + ("content", c), f"unknown category {c!r}; declared: "
                                                         f"{categories}"))
        if pack.day is not None and pack.day >= sc.run.horizon_days:
            problems.append((where + ("day",), f"{pack.day} is not before the horizon "
                                               f"({sc.run.horizon_days} days)"))
        source = sc.push_pack_source(pack)
        allowed = f"'depot' or a supplier: {sorted(suppliers)}"
        if source is None:
            problems.append((where + ("source",), f"no supplier sells all of "
                                                  f"{sorted(pack.content)}; allowed: {allowed}"))
        elif source == "depot":
            if sc.depot.capacity_kg <= 0:
                problems.append((where + ("source",), "the town has no depot (depot.capacity_kg "
                                                      f"is 0); allowed: {allowed}"))
        elif source not in suppliers:
            problems.append((where + ("source",), f"unknown source {source!r}; allowed: {allowed}"))
        else:
            missing = [c for c in pack.content if c in categories
                       and c not in suppliers[source].categories]
            if missing:
                problems.append((where + ("source",), f"{source} does not sell {missing}"))
    return problems


__all__ = [
    "MINUTES_PER_DAY", "Scenario", "GoodsCategory", "BEIZANG_CATEGORIES",
    "RunSettings", "Village", "Store", "Ledger", "Lockdown", "Households", "StoreKindSettings",
    "StoreSelection", "OrderCaps", "Restocking", "Couriers", "Volunteers", "CommandCentre", "Supplier",
    "Depot", "Fixed", "Roads", "RoadEdge", "Junction", "RoadClosure", "GroupBuying", "PushPack",
    "ALL_VILLAGES",
]


def decisive_part(scenario_json: dict) -> dict:
    """A scenario's JSON without what changes only what people read: its language and the
    names of villages, stores and suppliers in another language. What is left decides a run,
    so a sweep's or comparison's fingerprint takes this part (a Chinese name added to a
    scenario does not make its stored runs stale)."""
    data = dict(scenario_json)
    if isinstance(data.get("run"), dict):
        data["run"] = {k: v for k, v in data["run"].items() if k != "lang"}

    def plain(entries):
        return [{k: v for k, v in e.items() if k not in ("name_zh", "name_en")} if isinstance(e, dict) else e
                for e in entries] if isinstance(entries, list) else entries

    for key in ("villages", "suppliers"):
        if key in data:
            data[key] = plain(data[key])
    if isinstance(data.get("ledger"), dict):
        data["ledger"] = dict(data["ledger"], stores=plain(data["ledger"].get("stores")))
    return data
