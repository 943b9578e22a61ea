"""Where goods come from: suppliers (`[[suppliers]]`), the town depot (`[depot]`), community
group buying (`[group_buying]`) and rounds of packs pushed to sealed villages
(`[[push_packs]]`)."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    SerializationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from sim.core.distributions import Dist, Uniform
from sim.scenario.fingerprint import without_fields_added_later
from sim.scenario.section import Section


class Supplier(Section):
    """A wholesale market or cooperative. Quantities in kg; a pack or a meal counts as 1 kg."""

    # the supplier's name, which the other sections use
    name: str
    # the name shown in the other language (sim/core/display_names.py), as for a village
    name_zh: str | None = Field(default=None, min_length=1)
    # (the other of the two names: see `name_zh`)
    name_en: str | None = Field(default=None, min_length=1)
    categories: list[str] = Field(min_length=1)  # of the scenario's categories
    # minutes on the road from a truck's departure
    lead_time_minutes: Dist = Uniform(low=60, high=180)
    # kg it ships a day at most, by category (a category left out: `capacity_town_days`)
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
    def _json_as_before(self, handler, info: SerializationInfo):
        """A supplier that is not bulk-only writes its JSON as before the field existed
        (`fingerprint.py`)."""
        return without_fields_added_later(self, handler(self), info, ("bulk_orders_only",))

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


DEPOT_FIELDS_ADDED_LATER = ("buy_back", "packs_per_hour", "initial_ages", "staples_release",
                            "staples_release_at_home_days", "staples_pack_days",
                            "staples_check_hour", "staples_min_shelf_life_days")


class Depot(Section):
    """The town depot. Sized by `capacity_kg` split by `category_shares`, or by `cover_days`
    of the whole town's consumption (one number, or per category: city reserves are set this
    way, e.g. 5-7 days of vegetables); 0 and no cover: no depot."""

    capacity_kg: float = Field(default=0, ge=0)
    cover_days: float | dict[str, float] | None = None
    # the depot's place on the town's map, in km
    x_km: float = 0.0
    # (with `x_km`)
    y_km: float = 0.0
    # the share of its target stock it holds at the start
    initial_fill_share: float = Field(default=1.0, ge=0, le=1)
    # shares of the capacity by category; None: see `agents.depot.category_shares`
    category_shares: dict[str, float] | None = None
    # minutes to release goods and load them
    release_minutes: Dist = Uniform(low=30, high=60)
    # the hour of the evening inspection: expired stock out, rotation, buying back to the target
    replenish_hour: float = Field(default=20, ge=0, lt=24)
    # loading staff dispatch at most this many kg an hour (None: stock is throughput)
    dispatch_kg_per_hour: float | None = Field(default=None, gt=0)
    # on_request: stores' restocks ask the depot first (as the drill's release);
    # on_lockdown: also send `release_cover_days` to the stores of a village as its channels
    # open; hold_for_outage: release only while a supplier ships less than it would
    # hold_for_outage counts only suppliers the stores restock the category from
    release: Literal["on_request", "on_lockdown", "hold_for_outage"] = "on_request"
    # with `on_lockdown`: days of a sealed village's demand sent to its stores
    release_cover_days: float = Field(default=2.0, gt=0)
    # sell stock that would expire within this many days after tomorrow into the normal trade
    # at the evening inspection, before it spoils
    rotate: bool = False
    # with `rotate`: how many days after tomorrow stock may expire and still be sold off
    rotate_days_before_expiry: float = Field(default=1.0, ge=0)
    # at_once: what the depot releases is bought back from the suppliers as soon as it leaves
    # (so a reserve used in the normal trade is full again within a supplier's lead time);
    # each_evening: only at the evening inspection (the model before issue 25: a depot that
    # gave its stock to the stores at night went into the next day's outage short of it)
    buy_back: Literal["at_once", "each_evening"] = "at_once"
    # the depot's packing line for pushed packs ([[push_packs]] from the depot): packs its
    # staff make up an hour, one round after another (None: as fast as the goods are there).
    # Assumption when set: about 30 packs a person-hour
    packs_per_hour: float | None = Field(default=None, gt=0)
    # steady_state: the reserve has stood for months, rotated (or spoiling) day by day, so at
    # the start its lots are spread evenly in age from new to the age stock leaves it
    # (`agents/depot_lots.py`) and expire one after another; fresh: all bought at the start
    # (the model before issue 25: a 7-day shelf life expired in one step on day 7)
    initial_ages: Literal["steady_state", "fresh"] = "steady_state"
    # the standing staples reserve (`agents/depot_staples.py`): when_homes_low sends a pack
    # of the depot's long-life food to each household of a locked village that has less than
    # `staples_release_at_home_days` of it at home, through the gate volunteers, checked each
    # day at `staples_check_hour`; never: no such release
    staples_release: Literal["never", "when_homes_low"] = "never"
    # assumption: a household with less than 2 days of rice or flour left is short enough for
    # its community to register it
    staples_release_at_home_days: float = Field(default=2.0, gt=0)
    # assumption: a pack holds a week of the household's own usual amount (about 2.7 kg of rice
    # or flour a person)
    staples_pack_days: float = Field(default=7.0, gt=0)
    staples_check_hour: float = Field(default=9.0, ge=0, lt=24)  # the community's morning roll
    # long-life food: a food category that keeps at least this many days (or never spoils);
    # assumption: rice, flour and oil keep months, vegetables and meat days
    staples_min_shelf_life_days: float = Field(default=90.0, gt=0)
    costs: DepotCosts = DepotCosts()

    @model_serializer(mode="wrap")
    def _json_as_before(self, handler, info: SerializationInfo):
        """A town without a depot writes its JSON as before the fields added later existed
        (`fingerprint.py`); a depot's runs change with them, so its JSON names them."""
        data = handler(self)
        if self.exists:
            return data
        return without_fields_added_later(self, data, info, DEPOT_FIELDS_ADDED_LATER)

    @property
    def exists(self) -> bool:
        """Whether the town has a depot: a capacity, or days of cover of some category."""
        cover = self.cover_days
        days = cover.values() if isinstance(cover, dict) else [cover] if cover is not None else []
        return self.capacity_kg > 0 or any(d > 0 for d in days)

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
    capacity and trucks; the pallet reaches the village gate after the supplier's own lead
    time (its `lead_time_minutes` from its trucks' next departure, as a store's restock does),
    or `lead_time_days` when given, and the gate's volunteers sort it into each member's share
    (`sorting_minutes_per_household`). Members order earlier than app users, by the lead time
    and a day on the list, and order through the app what runs out before the group's next
    pallet could come. Defaults are assumptions."""

    share: float = Field(default=0.5, ge=0, le=1)
    min_households: int = Field(default=30, ge=1)
    group_size: int = Field(default=60, ge=1)
    # None: the supplier's own trucks (hours from a wholesale market nearby); a distribution in
    # days for a supplier that takes longer (Shanghai 2022: "usually days later")
    lead_time_days: Dist | None = None
    # the supplier filling bulk orders; None: the first that sells a food category
    supplier: str | None = None
    sorting_minutes_per_household: Dist = Uniform(low=1.5, high=3)
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
    hand_out_minutes_per_household: Dist = Uniform(low=0.5, high=1.5)

    @model_validator(mode="after")
    def _one_trigger(self):
        if (self.day is None) == (self.days_after_lockdown is None):
            raise ValueError("give either day (days since the start) or days_after_lockdown, "
                             "not both and not neither")
        if any(units <= 0 for units in self.content.values()):
            raise ValueError("content: units per household must be above 0")
        return self


ALL_VILLAGES = "all"
