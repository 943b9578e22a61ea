"""Goods and stores: the categories of goods (`[categories]`), the kinds of store and what
each sells (`[store_kinds]`), how stores are chosen for a village, who works in them, how they
restock and their counter trade. Beizang's categories and kinds are in `beizang.py`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.core.distributions import Dist, Triangular
from sim.scenario.section import DailyHours, RotaSettings, Section


class GoodsCategory(Section):
    """A category of goods (`[categories.<name>]`): what it is counted in, what households do
    with it, and whether it spoils.

    `use`: "food" is eaten and kept at home (a household goes short of it); "ready_meals"
    (at most one category) replace a share of the other food while they last; "medicine"
    (at most one) is what pharmacies sell, refills and urgent calls bring; "household_goods"
    are bought along with food and not followed at home. `shelf_life_days`: how long it
    keeps (None: it does not spoil), for depot stock.

    What a category is worth as food (`sim/domain/diet.py`), for food and ready meals:
    `kcal_per_unit`, declared for every such category or for none (none: a unit of each
    counts alike, and households substitute by weight); `max_energy_share`, the most of a
    day's energy households get from it when other food runs out (never less than its share
    of their usual diet; 1: no limit); `home_waste_share`, of what leaves a household's stock,
    the share thrown away rather than eaten; `guideline_per_person_day`, the dietary
    guideline's amount, against which diet quality is judged (None: not judged)."""

    unit: str = Field(default="kg", min_length=1)
    use: Literal["food", "ready_meals", "medicine", "household_goods"] = "food"
    shelf_life_days: float | None = Field(default=None, gt=0)
    kcal_per_unit: float | None = Field(default=None, gt=0)
    max_energy_share: float = Field(default=1.0, gt=0, le=1)
    home_waste_share: float = Field(default=0.0, ge=0, lt=1)
    guideline_per_person_day: float | None = Field(default=None, gt=0)


class StoreKindSettings(Section):
    categories: list[str] = Field(min_length=1)  # of the scenario's categories
    # stock on its shelves per m² of floor, by category, in each category's unit
    stock_per_m2: dict[str, float] = {}
    # what its back room holds beyond the shelves per m² of floor, by category (none: no back
    # room). Filled the night the store takes on a locked village
    # (`restocking.lockdown_stock_up_days`) and by decisions at the drill table that send it
    # goods; sales draw on it before the shelves need restocking
    back_room_per_m2: dict[str, Annotated[float, Field(ge=0)]] = {}
    # pickers per 100 m² of floor, within `min_pickers` and `max_pickers`
    pickers_per_100_m2: float = Field(default=1.5, gt=0)
    # pickers at least, however small the store
    min_pickers: int = Field(default=1, ge=1)
    # pickers at most
    max_pickers: int = Field(default=6, ge=1)
    # minutes of one picker to pick and pack an order
    pick_minutes: Dist = Triangular(low=3, mode=5, high=8)
    # pickers work while the store is open; 12 hours: 3 pickers at 5 minutes an order then pick
    # about 430 orders, the source hub's peak of 300-400 a day (assumption)
    opening_hours: DailyHours = (8.0, 20.0)
    # stores of this kind the command centre assigns to each locked village
    stores_per_village: int = Field(default=1, ge=1)
    # assumption: 12 hours of picking at 5 minutes an order; the source's hub (3 pickers) peaked
    # at 300-400 orders a day. A picker's most orders in a day: a store's order book closes
    # ("today's orders are filled") at what its pickers at work today can pick, at one order
    # per mean pick time or this many a day if fewer (agents/order_book.py); None: no order
    # book, a store takes every order routed to it
    max_orders_per_picker_day: float | None = Field(default=144, gt=0)


class StoreSelection(Section):
    # which qualified stores are assigned first: the nearest, the largest within
    # `command_centre.survey_radius_km`, or those serving no village yet (`coverage_first`)
    policy: Literal["nearest_qualified", "largest_qualified", "coverage_first"] = "nearest_qualified"
    # a smaller store does not qualify
    min_floor_m2: float = Field(default=40, ge=0)
    # which of a village's stores of a kind takes the next order: the one with the fewest orders per picker
    # waiting, the nearest, or each in turn
    routing: Literal["least_backlog", "nearest", "round_robin"] = "least_backlog"
    # coverage_first: a store within this distance that serves no village yet comes first
    coverage_radius_km: float = Field(default=2.0, gt=0)
    # ad hoc licensing (a policy lever, agents/ad_hoc_licensing.py): when the command centre has
    # no qualified store left to add for a village, it has the nearest ledger shop of the kind
    # that is unlicensed or flagged an infection risk (and big enough) inspected; after
    # `inspection_hours` (assumption: half a day) it is licensed and serves. In 2022 towns
    # licensed shops ad hoc; false: only the ledger's qualified stores ever serve
    ad_hoc_licensing: bool = False
    # hours from an inspection's start to the shop's licence
    inspection_hours: float = Field(default=12, gt=0)


class StoreStaff(Section):
    """Who works in the stores (assumptions): staff living outside a sealed village cannot come
    in (unless they hold closed-loop passes), pickers rest by a rota, a store short of pickers
    may get volunteers, and a positive test takes the shift's contacts out, closing the store
    for a while (`agents/store_crew.py`)."""

    local_share: float = Field(default=0.5, ge=0, le=1)  # of pickers living in the store's village
    positive_probability_per_day: float = Field(default=0.002, ge=0, le=1)  # per serving store
    test_hour: float = Field(default=7.0, ge=0, lt=24)  # morning results, before opening
    # hours a store stays closed after a positive test among its staff
    closure_hours: float = Field(default=48, gt=0)
    # a store inside a sealed village serves only that village (its staff are locked in);
    # true: it keeps serving others by passing goods over its village's gate to couriers
    sealed_in_stores_serve_outside: bool = False
    # pickers' rest days (sim/domain/rotas.py), staggered across a store's crew and across
    # stores. Assumption: six days on, one off; a rest day never leaves a store with nobody
    # (when every picker who can come would rest, one works: the owner covers)
    rota: RotaSettings = RotaSettings()
    # closed-loop passes (a policy lever, agents/store_crew.py): pickers living outside a sealed
    # store's village pass its gate on a closed loop, home to store, and keep working. Each pass
    # holder is a close contact with `pass_exposure_probability_per_day` (assumption: a
    # courier's daily exposure) and then isolates `pass_isolation_days` (assumption: 7, as a
    # courier's close contacts); false: they cannot come in
    closed_loop_passes: bool = False
    # a pass holder's chance a day of becoming a close contact
    pass_exposure_probability_per_day: float = Field(default=0.003, ge=0, le=1)
    # days a pass holder who became a close contact isolates
    pass_isolation_days: float = Field(default=7, ge=0)
    # drafted volunteer pickers (a policy lever): a store serving a locked village some of whose
    # pickers cannot come (sealed out, isolating) gets `drafted_pickers` volunteers after
    # `drafted_after_hours` (assumption: a day to find and brief them; the source's 100+ shop
    # staff volunteered at test sites), who pick at `drafted_pick_rate_share` of a picker's rate
    # (assumption) every day to the end; 0: none
    drafted_pickers: int = Field(default=0, ge=0, le=20)
    # hours until drafted volunteers start picking
    drafted_after_hours: float = Field(default=24, ge=0)
    # their picking rate, as a share of a trained picker's
    drafted_pick_rate_share: float = Field(default=0.6, gt=0, le=1)


class WalkIn(Section):
    """A store serving locked villages keeps its counter trade with its own village while that
    village is not locked (the source's hub served Xidaying too): this share of the village's
    daily consumption of what the store sells, spread over its opening hours, comes off its
    shelves (0: none, Beizang's calm case; assumption when set)."""

    daily_consumption_share: float = Field(default=0.0, ge=0, le=1)


class Restocking(Section):
    """How serving stores restock (`sim/domain/policies/restocking.py`): `overnight_estimate` (as the
    source's hub) or `s_S` (order up to `order_up_to_share` of the shelf when stock and what is
    on the way fall below `reorder_point_share`); from the depot first or the suppliers first."""

    policy: Literal["overnight_estimate", "s_S"] = "overnight_estimate"
    source: Literal["depot_first", "supplier_first"] = "depot_first"
    # the hour of the day the overnight estimate is ordered
    overnight_order_hour: float = Field(default=21, ge=0, lt=24)
    # days of the served people's demand the overnight estimate buys
    cover_days: float = Field(default=1.2, gt=0)
    # the night a store takes on a locked village, its estimate buys this many days of that
    # village's demand, up to what its shelves and back room hold (the source's hub owner bought
    # 3,000 kg the night Ma village was sealed); 0: the usual `cover_days`
    lockdown_stock_up_days: float = Field(default=0.0, ge=0)
    # by day, a shelf below this share of its capacity is topped up at once
    emergency_below_share: float = Field(default=0.15, ge=0, le=1)
    # `s_S`: reorder when stock and what is on the way fall below this share of the shelf
    reorder_point_share: float = Field(default=0.3, ge=0, le=1)
    # `s_S`: order up to this share of the shelf
    order_up_to_share: float = Field(default=1.0, gt=0, le=1)

    @model_validator(mode="after")
    def _levels(self):
        if self.reorder_point_share >= self.order_up_to_share:
            raise ValueError("reorder_point_share must be below order_up_to_share")
        if self.policy == "s_S" and self.lockdown_stock_up_days > 0:
            # s_S orders up to the shelves and never estimates a village's demand
            raise ValueError("lockdown_stock_up_days needs policy = \"overnight_estimate\"; "
                             "s_S orders up to its shelves: set restocking.lockdown_stock_up_days "
                             "= 0 with it")
        return self
