"""The scenario: a typed, validated description of a town, its lockdowns and its response.

TOML files in `experiments/` load into these objects (see `sim.scenario_loading`); notebook
users build the same objects in Python. Every duration, rate and quantity is a distribution
(`sim.distributions.Dist`), so any part of the model can be reduced to a textbook case.
Unknown keys are errors.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim.distributions import Dist, Empirical, Fixed, Triangular, Uniform

STORE_KINDS = ("supermarket", "vegetable_shop", "pharmacy", "catering")
CATEGORIES = ("vegetables", "meat_eggs", "staples", "medicine", "daily_goods", "prepared_meals")
StoreKind = Literal["supermarket", "vegetable_shop", "pharmacy", "catering"]
Category = Literal["vegetables", "meat_eggs", "staples", "medicine", "daily_goods", "prepared_meals"]
FOOD_KINDS = ("supermarket", "vegetable_shop", "catering")
# What a household eats and keeps a stock of; prepared meals replace a share of the rest.
FOOD_CATEGORIES = ("staples", "vegetables", "meat_eggs", "prepared_meals")
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


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RunSettings(Section):
    name: str = Field(min_length=1)
    start: dt.datetime = dt.datetime(2022, 11, 10)
    horizon_days: float = Field(default=14, gt=0, le=366)
    tick_minutes: int = Field(default=60, gt=0, le=1440)
    seed: int = Field(default=0, ge=0)
    order_log: bool = True


class Village(Section):
    name: str = Field(min_length=1)
    x_km: float
    y_km: float
    population: int = Field(ge=0)
    gate_volunteers: int = Field(default=6, ge=0)


class Store(Section):
    id: str = Field(min_length=1)
    village: str
    kind: StoreKind
    floor_m2: float = Field(gt=0)
    licensed: bool = True
    infection_risk: bool = False


class Ledger(Section):
    """The alliance's platform ledger: every store's surveyed scale, licence and risk."""

    surveyed: bool = True
    stores: list[Store] = Field(min_length=1)


class Lockdown(Section):
    village: str
    start_day: float = Field(ge=0)
    days: float | None = Field(default=None, gt=0)


class StockDaysAtLockdown(Section):
    """Days of each food category a household holds when its village is locked, at its own
    rate of eating. Assumptions: rice and flour are bought by the sack and last weeks; fresh
    vegetables last a few days, meat and eggs a few more in a fridge; nobody holds
    prepared meals."""

    staples: Dist = Uniform(dist="uniform", low=7, high=21)
    vegetables: Dist = Uniform(dist="uniform", low=1, high=4)
    meat_eggs: Dist = Uniform(dist="uniform", low=2, high=6)
    prepared_meals: Dist = Fixed(dist="fixed", value=0)

    def of(self, category: str):
        return getattr(self, category)


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
    stock_days_at_lockdown: StockDaysAtLockdown = StockDaysAtLockdown()
    basket_days: Dist = Uniform(dist="uniform", low=2, high=3)
    reorder_at_food_days: float = Field(default=1.0, ge=0)
    first_day_order_share: float = Field(default=0.5, ge=0, le=1)
    notice_delay_minutes: Dist = Triangular(dist="triangular", low=0, mode=30, high=180)
    patience_minutes: float = Field(default=1440, gt=0)
    food_kind_weights: dict[StoreKind, float] = {
        "supermarket": 0.55,
        "vegetable_shop": 0.30,
        "catering": 0.15,
    }
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

    @model_validator(mode="after")
    def _weights(self):
        if any(k not in FOOD_KINDS for k in self.food_kind_weights):
            raise ValueError(f"food_kind_weights: kinds must be among {list(FOOD_KINDS)}")
        if sum(self.food_kind_weights.values()) <= 0 or any(
            w < 0 for w in self.food_kind_weights.values()
        ):
            raise ValueError("food_kind_weights must be >= 0 and not all zero")
        if sum(self.order_hour_weights) <= 0 or any(w < 0 for w in self.order_hour_weights):
            raise ValueError("order_hour_weights must be >= 0 and not all zero")
        return self

    @property
    def prepared_meals_share(self) -> float:
        """The share of households that buy prepared meals: the catering weight's share."""
        return self.food_kind_weights.get("catering", 0.0) / sum(self.food_kind_weights.values())


class Consumption(Section):
    """Amount per person per day by category (kg for food, packs for medicine and goods)."""

    vegetables: Dist = Uniform(dist="uniform", low=0.5, high=0.85)
    meat_eggs: Dist = Uniform(dist="uniform", low=0.12, high=0.20)
    staples: Dist = Uniform(dist="uniform", low=0.275, high=0.43)
    medicine: Dist = Uniform(dist="uniform", low=0.05, high=0.15)
    daily_goods: Dist = Uniform(dist="uniform", low=0.05, high=0.15)
    prepared_meals: Dist = Uniform(dist="uniform", low=0.6, high=1.0)

    def of(self, category: str):
        return getattr(self, category)


class StoreKindSettings(Section):
    categories: list[Category] = Field(min_length=1)
    stock_per_m2: dict[Category, float] = {}
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


class Restocking(Section):
    overnight_order_hour: float = Field(default=21, ge=0, lt=24)
    cover_days: float = Field(default=1.2, gt=0)
    emergency_below_share: float = Field(default=0.15, ge=0, le=1)


class Couriers(Section):
    whitelist_size: int = Field(default=200, ge=0)
    max_batch_orders: int = Field(default=20, ge=1)
    max_batch_wait_minutes: float = Field(default=30, ge=0)
    # batch: as above; send_at_once: an order leaves with the next idle courier (no batch wait)
    dispatch: Literal["batch", "send_at_once"] = "batch"
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
    standard_kinds: list[StoreKind] = list(STORE_KINDS)
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
    categories: list[Category] = Field(min_length=1)
    lead_time_minutes: Dist = Uniform(dist="uniform", low=60, high=180)
    daily_capacity: dict[Category, float] = {}
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

    @field_validator("delivery_hours")
    @classmethod
    def _hours(cls, hours):
        start, end = hours
        if not (0 <= start <= 24 and 0 <= end <= 24) or start == end:
            raise ValueError("(start, end) in hours 0-24 with start != end (start > end runs "
                             "past midnight; (0, 24) is around the clock)")
        return hours


class Depot(Section):
    capacity_kg: float = Field(default=0, ge=0)
    x_km: float = 0.0
    y_km: float = 0.0
    initial_fill_share: float = Field(default=1.0, ge=0, le=1)
    category_shares: dict[Category, float] = {
        "staples": 0.4, "vegetables": 0.25, "meat_eggs": 0.1,
        "daily_goods": 0.15, "medicine": 0.1,
    }
    release_minutes: Dist = Uniform(dist="uniform", low=30, high=60)
    replenish_hour: float = Field(default=20, ge=0, lt=24)


class Scenario(Section):
    run: RunSettings
    villages: list[Village] = Field(min_length=1)
    ledger: Ledger
    lockdowns: list[Lockdown] = []
    households: Households = Households()
    consumption_per_person_day: Consumption = Consumption()
    store_kinds: dict[StoreKind, StoreKindSettings] = Field(default_factory=_default_store_kinds)
    store_selection: StoreSelection = StoreSelection()
    store_staff: StoreStaff = StoreStaff()
    restocking: Restocking = Restocking()
    couriers: Couriers = Couriers()
    volunteers: Volunteers = Volunteers()
    command_centre: CommandCentre = CommandCentre()
    order_caps: OrderCaps = OrderCaps()
    suppliers: list[Supplier] = [
        Supplier(name="wholesale market",
                 categories=["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]),
        Supplier(name="medicine distributor", categories=["medicine"], delivery_hours=(8.0, 20.0),
                 trucks_per_day=20),
    ]
    depot: Depot = Depot()

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
        missing_kinds = [k for k in STORE_KINDS if k not in self.store_kinds]
        if missing_kinds:
            problems.append((("store_kinds",), f"settings missing for {missing_kinds}"))
        supplied = {c for s in self.suppliers for c in s.categories}
        for kind, settings in self.store_kinds.items():
            for c in settings.categories:
                if c not in supplied:
                    problems.append(
                        (("store_kinds", kind, "categories"), f"no supplier sells {c!r}")
                    )
        collector = (info.context or {}).get("reference_problems")
        if collector is not None:
            collector.extend(problems)
        elif problems:
            raise ValueError("; ".join(".".join(map(str, loc)) + ": " + msg for loc, msg in problems))
        return self

    @property
    def horizon_minutes(self) -> float:
        return self.run.horizon_days * MINUTES_PER_DAY



__all__ = [
    "CATEGORIES", "STORE_KINDS", "FOOD_KINDS", "FOOD_CATEGORIES", "MINUTES_PER_DAY", "Scenario",
    "RunSettings", "Village", "Store", "Ledger", "Lockdown", "Households", "StockDaysAtLockdown",
    "Consumption", "StoreKindSettings",
    "StoreSelection", "OrderCaps", "Restocking", "Couriers", "Volunteers", "CommandCentre", "Supplier",
    "Depot", "Fixed",
]
