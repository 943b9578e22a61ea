"""Every KPI of `kpis.json`, declared once: its name (or a pattern for a family of them), its
unit, what it means, which actor contributes it and, for a KPI that is not always there, when
it is.

Each actor computes its own figures (a `kpis(now) -> dict` method, gathered by
`sim/model/metrics.py` `compute_kpis`); this module only describes them. It is the one source
of the README's KPI table (`sim/core/kpi_reference.py`:
`python -m sim.core.kpi_reference --markdown`) and of the order of `kpis.json`'s keys: the
entries' order here, and inside an entry the order its contributor gives them (the figures of
one channel, or of one food category, stay together). A key's unit agrees with what
`sim/core/kpi_kinds.py` reads from its name (a test checks every entry); a label (the scenario's
name, the seed, the busiest store and its day) says what ran or where, and is no quantity.

A pattern names its variable part in angle brackets, `orders_cancelled_<reason>`: `PLACEHOLDERS`
lists the values each can take (a goods category is the town's own: any name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sim.core.kpi_kinds import NON_NEGATIVE, SHARE

PLACEHOLDER_REGEX = re.compile(r"<([a-z]+)>")  # a pattern's variable part: `<reason>`
LABEL = "label"  # not a quantity: what ran, or which store and day


@dataclass(frozen=True)
class Contributor:
    """The actor whose `kpis(now)` gives a KPI: its class and the file it lives in."""

    name: str
    module: str


@dataclass(frozen=True)
class Placeholder:
    """The variable part of a pattern: the values it takes (None: any name, such as a goods
    category of the town's catalogue) and an example for the docs and the tests."""

    values: tuple[str, ...] | None
    example: str
    what: str


@dataclass(frozen=True)
class Entry:
    """One row of the KPI table: KPIs defined together, with their units in `names`' order."""

    names: tuple[str, ...]
    units: tuple[str, ...]
    definition: str
    contributor: Contributor
    condition: str | None = None  # when the KPIs are in kpis.json; None: always


@dataclass(frozen=True)
class DeclaredKpi:
    """One KPI (or pattern) with everything its entry says of it."""

    name: str
    unit: str
    definition: str
    contributor: Contributor
    condition: str | None

    @property
    def kind(self) -> str:
        """SHARE, NON_NEGATIVE (`sim/core/kpi_kinds.py`) or LABEL."""
        if self.unit == LABEL:
            return LABEL
        return SHARE if self.unit == "share" else NON_NEGATIVE

    @property
    def is_pattern(self) -> bool:
        return "<" in self.name

    def example(self) -> str:
        """The name with each placeholder replaced by its example value."""
        return PLACEHOLDER_REGEX.sub(lambda m: PLACEHOLDERS[m.group(1)].example, self.name)


PLACEHOLDERS = {
    "reason": Placeholder(("out_of_stock", "waited_too_long", "store_closed", "no_store"),
                          "out_of_stock", "why an order was cancelled"),
    "stage": Placeholder(("waiting_for_opening", "waiting_for_picker", "picking", "batching",
                          "waiting_for_courier", "courier_trip", "at_gate"),
                         "picking", "a stage of a delivered order's lead time"),
    "category": Placeholder(None, "staples", "a category of the town's goods catalogue "
                            "(Beizang's food: `staples`, `vegetables`, `meat_eggs`, "
                            "`prepared_meals`)"),
    "channel": Placeholder(("app", "phone", "volunteer", "group", "push_pack"), "phone",
                           "a way households order"),
    "work": Placeholder(("door_rounds", "order_taking", "sorting", "pack_rounds"), "sorting",
                        "a kind of work of the gate volunteers"),
    "part": Placeholder(("capacity", "holding", "spoilage", "rotation", "total"), "holding",
                        "a part of the depot's cost"),
    "cost": Placeholder(("capacity", "holding", "rotation", "spoilage"), "rotation",
                        "a part of the standing depot's cost a year"),
}

RUN = Contributor("RunIdentity", "sim/model/metrics.py")
COMMAND_CENTRE = Contributor("CommandCentre", "agents/command_centre.py")
PLATFORM = Contributor("OrderingPlatform", "agents/platform.py")
PANTRIES = Contributor("TownPantries", "agents/town_pantries.py")
MISSING_CHANNELS = Contributor("MissingChannels", "sim/model/missing_channels.py")
STORES = Contributor("TownStores", "agents/town_stores.py")
URGENT = Contributor("UrgentNeeds", "agents/urgent_needs.py")
DELIVERY_GROUP = Contributor("DeliveryGroup", "agents/delivery_group.py")
RESOURCE_USE = Contributor("ResourceUse", "sim/model/resource_use.py")
ROAD_CLOSURES = Contributor("RoadClosures", "agents/road_closures.py")
GATES = Contributor("GateTeams", "agents/volunteer.py")
GROUP_BUYING = Contributor("GroupBuying", "agents/group_buying.py")
PUSH_PACKS = Contributor("PushPacks", "agents/push_packs.py")
MOODS = Contributor("HouseholdMoods", "agents/panic.py")
DEPOT = Contributor("Depot", "agents/depot.py")

ROADS = "in a town with [roads](#roads)"
SEVERAL_CHANNELS = ("in a town that uses more than the app (`households.smartphone_share` < 1, "
                    "group-buying, pushed packs: see [the channels](#how-people-got-food-the-channels))")
WITH_DEPOT = "in a town with a depot"


def _entry(contributor: Contributor, names, unit, definition: str,
           condition: str | None = None) -> Entry:
    """An entry whose KPIs share `unit`, or each has its own (`unit` a tuple)."""
    names = tuple(names)
    units = tuple(unit) if isinstance(unit, tuple) else (unit,) * len(names)
    return Entry(names, units, definition, contributor, condition)


ENTRIES: tuple[Entry, ...] = (
    _entry(RUN, ["scenario", "seed", "simulated_days"], (LABEL, LABEL, "days"),
           "what ran: the scenario's `run.name`, the root seed and the days simulated"),
    _entry(COMMAND_CENTRE, ["villages_locked", "households_locked"], ("count", "households"),
           "villages (and their households) locked at some time in the run"),
    _entry(PLATFORM, ["orders_placed", "orders_delivered", "orders_cancelled", "orders_open_at_end"],
           "orders", "every order attempt; placed = delivered + cancelled + open"),
    _entry(PLATFORM, ["orders_cancelled_<reason>"], "orders",
           "cancellations by reason: `out_of_stock`, nothing on the shelf when picking began; "
           "`waited_too_long`, waited past the household's patience for a picker; "
           "`store_closed`, its store closed; `no_store`, no store of the kind open for the village"),
    _entry(PLATFORM, ["orders_delivered_share"], "share",
           "orders delivered / orders placed (open and cancelled orders count as not served)"),
    _entry(PLATFORM, ["orders_delivered_within_120_minutes_share"], "share",
           "orders delivered within 2 h of placing / orders whose answer is known at the end (all "
           "but those still open and younger than 2 h)"),
    _entry(PLATFORM, ["lead_time_minutes_mean", "lead_time_minutes_p50", "lead_time_minutes_p90"],
           "minutes",
           "minutes from placing to the door, over delivered orders and orders still open "
           "(censored at their age, Kaplan-Meier; the mean is the area under the survival curve up "
           "to the longest time seen); cancelled orders are left out (see the cancellations and "
           "the fill rate)"),
    _entry(PLATFORM, ["lead_time_delivered_minutes_p50", "lead_time_delivered_minutes_p90"],
           "minutes",
           "the same over delivered orders only (shorter when orders are still waiting: compare "
           "the two)"),
    _entry(PLATFORM, ["lead_time_share_<stage>"], "share",
           "where delivered orders' time went: each stage's minutes summed over delivered orders / "
           "their summed lead time. The wait before picking is split into the hours the store was "
           "closed (`waiting_for_opening`) and the queue while it was open "
           "(`waiting_for_picker`); `batching` is the wait for the batch to fill up or its timer; "
           "then the wait for a free courier; the courier trip includes loading and the handover "
           "at the gate; `at_gate` is the wait for volunteers (and their duty hours) and their "
           "round to the door"),
    _entry(PLATFORM, ["fill_rate"], "share",
           "units delivered / units asked for, over every order placed (an open or cancelled order "
           "delivered nothing); per order attempt: a household that tries again after a "
           "cancellation asks again and enters the denominator twice (see `need_fill_rate`). Only "
           "orders placed count: a kind whose channel never opened in a village "
           "(`villages_without_all_channels`) brought no orders there, so what its households "
           "would have asked of it is in neither numerator nor denominator; their orders of the "
           "kinds that did open count. The hunger figures (`unmet_energy_share`, ...) "
           "count every locked household"),
    _entry(PLATFORM, ["fill_rate_closed_orders"], "share",
           "units delivered / units asked for over delivered and cancelled orders only (higher "
           "than `fill_rate` when orders are still waiting); leaves out a village's missing "
           "channels as `fill_rate` does"),
    _entry(PLATFORM, ["need_fill_rate"], "share",
           "units delivered / units households needed: each order, placed or refused (today's "
           "orders are filled, or the cap), counts only what its household had not asked for "
           "already (what an earlier food order or refill asked for and did not bring is carried, "
           "per category, and not needed again when the household retries; a household refused "
           "again the next day by the same kind's filled stores asks nothing new, and what it came "
           "to need meanwhile counts when an order is taken, not if none is by the end); pharmacy "
           "orders count "
           "what they ask. A kind whose channel never opened in a village adds nothing, as for "
           "`fill_rate`"),
    _entry(PANTRIES, ["locked_person_days"], "person-days",
           "person-days during which households lived on their stocks (their village locked)"),
    _entry(PANTRIES, ["unmet_energy_share"], "share",
           "the headline of hunger: energy households went without / energy they needed (that of "
           "their usual diet, at each category's `kcal_per_unit`). When a category runs out a "
           "household makes up its energy from what it has left, each category up to its "
           "`max_energy_share` of the day; what it cannot make up it goes without"),
    _entry(PANTRIES, ["household_days_below_energy_need", "household_days_without_energy"],
           "household-days",
           "household-days below the energy need (what was left could not make it up), and with "
           "nothing edible left (every food category the household eats at zero, prepared meals "
           "for those who buy them); one with some food left counts only in the first, if short, "
           "and under the categories it lacks (below)"),
    _entry(PANTRIES, ["households_ever_without_energy", "households_ever_without_energy_share"],
           ("households", "share"),
           "households that had nothing edible left at some time (for a moment of positive "
           "length); the share is of `households_locked`"),
    _entry(PANTRIES, ["chronic_household_days_without_energy", "chronic_households_ever_without_energy"],
           ("household-days", "households"),
           "the same two figures for households with a chronic patient"),
    _entry(PANTRIES, ["unmet_energy_person_days"], "person-days",
           "energy gone without, in person-days of a usual diet's energy (`unmet_energy_share` "
           "x `locked_person_days`)"),
    _entry(PANTRIES, ["household_days_without_<category>"], "household-days",
           "household-days with none of that category left, whatever else was at home, for each "
           "food category households go short of (prepared meals are left out: they replace other "
           "food, nobody needs them)"),
    _entry(PANTRIES, ["<category>_guideline_met_share"], "share",
           "diet quality, per food category with a `guideline_per_person_day`: what households "
           "ate / what the guideline asks over their locked person-days, each household counted "
           "up to its own guideline amount. Below 1 even with full stocks where people usually "
           "eat less than the guideline (Beizang's vegetables and fruit)"),
    _entry(PANTRIES, ["<category>_kg_delivered_per_locked_person_day",
                      "<category>_kg_eaten_per_locked_person_day",
                      "<category>_kg_needed_per_locked_person_day",
                      "<category>_delivered_per_locked_person_day",
                      "<category>_eaten_per_locked_person_day",
                      "<category>_needed_per_locked_person_day"],
           ("kg per person-day",) * 3 + ("per person-day",) * 3,
           "per food category, one after another, over `locked_person_days`: delivered to doors, "
           "eaten from the households' stocks (more than usual when it made up for another "
           "category), and needed: their usual diet with everything at home (less what prepared "
           "meals replaced; not for prepared meals, which nobody needs). In kg for a category "
           "counted in kg (`staples_kg_...`), else in its own unit (`prepared_meals_...`: meals)"),
    _entry(COMMAND_CENTRE, ["channel_open_minutes_min", "channel_open_minutes_median",
                            "channel_open_minutes_max"], "minutes",
           "minutes from lockdown until every standard kind's channel was open, over villages "
           "where that happened: the villages without all channels are left out (not counted as "
           "slow)"),
    _entry(MISSING_CHANNELS, ["villages_without_all_channels"], "count",
           "locked villages where not every standard channel opened by the end (they are not in "
           "the three figures above); their names, the kinds never opened and why are in the run "
           "folder's `villages_without_all_channels.json` and the report"),
    _entry(STORES, ["store_orders_per_day_max", "busiest_store", "busiest_store_day"],
           ("orders", LABEL, LABEL),
           "the most orders one store took in one calendar day, which store and which day "
           "(0 = the first)"),
    _entry(STORES, ["stores_active_at_end"], "count",
           "stores serving a locked village and open at the end"),
    _entry(COMMAND_CENTRE, ["reserve_stores_activated"], "count",
           "reserve stores activated: on a saturated store (backlog or today's orders filled), to "
           "replace a store sealed in another village, or by a drill decision"),
    _entry(PLATFORM, ["food_orders_refused_by_cap"], "orders",
           "food orders the platform's cap refused (a drill decision)"),
    _entry(PLATFORM, ["orders_refused_store_full"], "orders",
           "orders refused because every open store of the kind serving the village had taken its "
           "daily order limit (\"today's orders are filled\"); not placed, so not in "
           "`orders_placed`: a food order or a refill is tried again the next day, a non-urgent "
           "pharmacy order is dropped"),
    _entry(URGENT, ["urgent_requests"], "count", "urgent calls: for medicine and for urgent care"),
    _entry(URGENT, ["urgent_pickup_minutes_p50", "urgent_pickup_minutes_p90"], "minutes",
           "minutes from the call until staff were at the door (medicine and care calls), calls "
           "still waiting censored at their age"),
    _entry(URGENT, ["urgent_within_30_minutes_share"], "share",
           "calls reached within 30 min / calls whose answer is known (all but those still waiting "
           "and younger than 30 min)"),
    _entry(URGENT, ["urgent_delivered_minutes_p50"], "minutes",
           "minutes from the call until the medicine came, over calls with medicine and calls "
           "still open (censored); calls where no pharmacy had it are left out and counted below"),
    _entry(URGENT, ["urgent_care_trips"], "count",
           "urgent calls that were a trip to a doctor or hospital (finished or not); the medicine "
           "figures leave them out"),
    _entry(URGENT, ["urgent_care_door_minutes_p50", "urgent_care_home_minutes_p50"], "minutes",
           "for care trips: minutes from the call until staff were at the door, and until the "
           "resident was home again (trips not finished censored at their age)"),
    _entry(URGENT, ["urgent_without_medicine", "urgent_open_at_end"], "count",
           "calls where staff came back empty-handed (no qualified pharmacy outside other sealed "
           "villages had it; the household calls again); calls not finished at the end"),
    _entry(DELIVERY_GROUP, ["couriers_whitelisted_at_end", "couriers_removed", "courier_trips"],
           "count",
           "the whitelist at the end, couriers taken off it (exposure or quarantine), trips made"),
    _entry(RESOURCE_USE, ["courier_utilization"], "share",
           "minutes on a trip / minutes on duty (idle or on a trip; not off shift, on the break or "
           "done for the day), from the first channel opening"),
    _entry(DELIVERY_GROUP, ["courier_orders_per_trip_mean"], "orders",
           "orders carried / trips: how full batches are (the batching rule)"),
    _entry(RESOURCE_USE, ["coordinator_utilization"], "share",
           "minutes at work / coordinator-minutes from the first lockdown on, in their working hours"),
    _entry(RESOURCE_USE, ["picker_utilization"], "share",
           "picking minutes / picker-minutes at stores while they serve a locked village"),
    _entry(RESOURCE_USE, ["gate_volunteer_utilization"], "share",
           "minutes at work (door rounds, and order taking, sorting and pack rounds where the "
           "town has them) / volunteer-minutes at gates while their village is locked"),
    _entry(RESOURCE_USE, ["urgent_staff_utilization"], "share",
           "minutes at work / urgent staff-minutes on duty at posted desks (a locked village's, or "
           "the town's from the first lockdown on), in their working hours on their rota's days"),
    _entry(STORES, ["stockout_store_hours"], "hours",
           "hours summed over stores during which a store had at least one category at zero"),
    _entry(STORES, ["restock_orders", "restock_units"], ("orders", "units"),
           "restock orders sent to stores (overnight and on low stock) and the units they sent, "
           "arrived or on the way"),
    _entry(STORES, ["overnight_restock_kg_max"], "kg",
           "the largest overnight order of one store, in kg (kg categories only)"),
    _entry(ROAD_CLOSURES, ["orders_blocked_by_road"], "orders",
           "orders that waited at their store, picked, because no open road led from it to their "
           "village (each order once)", ROADS),
    _entry(ROAD_CLOSURES, ["unreachable_village_hours"], "hours",
           "hours summed over villages during which closed roads parted the village from the main "
           "piece of the network (the piece with the most stores; ties: the command centre's)",
           ROADS),
    _entry(PLATFORM, ["orders_placed_<channel>", "orders_delivered_<channel>",
                      "units_delivered_<channel>", "lead_time_from_asking_<channel>_minutes_p50",
                      "lead_time_from_asking_<channel>_minutes_p90"],
           ("orders", "orders", "units", "minutes", "minutes"),
           "per channel the town uses, one after another: orders placed and delivered, units "
           "delivered, and delivered orders' minutes from when the household asked (a phone "
           "call's start, a volunteer's round, joining a group's list) to the door",
           SEVERAL_CHANNELS),
    _entry(GATES, ["volunteer_hours_<work>"], "hours",
           "gate volunteers' hours by kind of work: `door_rounds`, `order_taking` (phone and "
           "volunteer channels), `sorting` (group pallets), `pack_rounds` (pushed packs); every "
           "kind the town's channels need, done or not", SEVERAL_CHANNELS),
    _entry(GROUP_BUYING, ["group_bulk_orders", "group_bulk_orders_short"], "orders",
           "bulk orders sent, and those the supplier could not fill in full",
           "with group-buying (the `group` channel)"),
    _entry(PUSH_PACKS, ["push_pack_rounds"], "count",
           "rounds sent (one per village and due time while it is sealed)",
           "with pushed packs (the `push_pack` channel)"),
    _entry(PANTRIES, ["offline_households_locked", "offline_unmet_energy_share",
                      "offline_household_days_without_energy",
                      "offline_households_ever_without_energy_share"],
           ("households", "share", "household-days", "share"),
           "households without a smartphone (they phone or go through volunteers) in locked "
           "villages, and their hunger figures, apart", SEVERAL_CHANNELS),
    _entry(STORES, ["notice_units_bought_ahead"], "units",
           "units households bought over the counter before the seal",
           "when a lockdown has `notice_hours`"),
    _entry(STORES, ["walk_in_units_sold"], "units",
           "units serving stores sold over the counter to their own unlocked village",
           "with `walk_in.daily_consumption_share` > 0"),
    _entry(MOODS, ["household_panics", "household_days_in_panic", "locked_household_days_in_panic_share"],
           ("count", "household-days", "share"),
           "times a household of a locked village began to panic (after its own food orders "
           "from stores came late or short, or a rumour; never a pushed pack or a group's "
           "pallet), household-days of panic, and their share of the household-days locked",
           "with `panic.enabled`"),
    _entry(DEPOT, ["depot_capacity_kg", "depot_released_units", "depot_spoiled_kg", "depot_rotated_kg"],
           ("kg", "units", "kg", "kg"),
           "its size (kg, a pack counting as one), what it released to stores, what expired in it, "
           "what it sold into the normal trade before expiry", WITH_DEPOT),
    _entry(DEPOT, ["depot_cost_<part>"], "yuan",
           "the depot's costs over the days run (see `[depot.costs]`): `capacity` annualised per "
           "kg for the days run, `holding` per kg-day, `spoilage` the purchase value of what "
           "spoiled, `rotation` the markdown on what was rotated, and their `total`. In a "
           "comparison, a policy without a depot has 0 for every `depot_` KPI", WITH_DEPOT),
    _entry(DEPOT, ["depot_cost_per_year", "depot_cost_per_year_<cost>", "depot_cost_per_lockdown",
                   "depot_cost_year_and_lockdown"], "yuan",
           "the standing reserve's cost a year in its rotation steady state (`agents/depot_costs.py`): "
           "`capacity` per kg a year, `holding` of the standing stock all year, and each "
           "category's stock turned over every R days (R: the age it is rotated at, shelf life "
           "less 1 less `rotate_days_before_expiry`, or its shelf life when not rotated) as "
           "`rotation` markdown or, not rotated, `spoilage`; the lockdown's cost on top: the "
           "purchase value of packs the depot gave away, plus the run's holding, spoilage and "
           "markdown beyond the steady state's over the days run (0 when less: a saving is not "
           "netted off the packs); and the two "
           "added up, what a town signs for a year with one such lockdown", WITH_DEPOT),
    _entry(DEPOT, ["depot_staples_packs"], "count",
           "packs of long-life food the depot sent to households of locked villages with little "
           "of it left at home (`depot.staples_release`)", "with `depot.staples_release` other "
           "than `never`"),
    _entry(STORES, ["stores_used", "stores_licensed_ad_hoc"], "count",
           "stores that took at least one order, and the ledger shops the command centre had "
           "licensed during the run (`store_selection.ad_hoc_licensing`)"),
    _entry(STORES, ["picker_days_at_work", "picker_days_resting", "picker_days_sealed_out",
                    "picker_days_isolated", "drafted_picker_days"], "days",
           "picker-days at the stores serving a locked village, counted each morning: at work; "
           "resting by their rota (`store_staff.rota`); living outside the store's sealed "
           "village without a pass; isolating pass holders (`store_staff.closed_loop_passes`); "
           "drafted volunteers at work (`store_staff.drafted_pickers`)"),
    _entry(DELIVERY_GROUP, ["couriers_locked_in_max", "couriers_worked_on_closed_loop_pass"], "count",
           "the most couriers locked in at a sealed home at once (on the whitelist, kept from "
           "work), and couriers who made a trip from a sealed home on a closed-loop pass "
           "(`couriers.closed_loop_passes`)"),
    _entry(DELIVERY_GROUP, ["courier_days_ended_at_daily_limit"], "days",
           "courier-days that ended at the day's bounds (`couriers.max_trips_per_day` trips or "
           "`max_trip_hours_per_day` hours on trips) before the courier's hours did"),
    _entry(URGENT, ["urgent_staff_posted_max"], "count",
           "the most urgent staff posted at once, resting members included: the command "
           "centre's town pool, or the desks of the locked villages "
           "(`command_centre.urgent_staffing`)"),
)


def declared() -> Iterator[DeclaredKpi]:
    """Every KPI and pattern, in the order of `kpis.json`, with its entry's text."""
    for entry in ENTRIES:
        for name, unit in zip(entry.names, entry.units):
            yield DeclaredKpi(name, unit, entry.definition, entry.contributor, entry.condition)
