"""The people of the response and the durations of what they do: couriers (`[couriers]`),
the volunteers at village gates (`[volunteers]`) and the command centre (`[command_centre]`)
with its urgent-needs staff."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.core.distributions import Dist, Uniform
from sim.scenario.section import DailyHours, RotaSettings, Section


class Couriers(Section):
    # couriers on the whitelist: not been to risk places, tested daily, commitment signed
    whitelist_size: int = Field(default=200, ge=0)
    # orders a courier takes on one trip at most
    max_batch_orders: int = Field(default=20, ge=1)
    # a batch leaves when full or after waiting this long
    max_batch_wait_minutes: float = Field(default=30, ge=0)
    # batch: as above; send_at_once: an order leaves with the next idle courier (no batch wait)
    dispatch: Literal["batch", "send_at_once"] = "batch"
    # town: any idle courier takes any store's batch (the whitelist as one pool); store: a
    # courier works for the store of its first trip and takes only that store's batches
    pool: Literal["town", "store"] = "town"
    # a courier's speed on the road
    speed_km_per_h: Dist = Uniform(low=15, high=25)
    # minutes to load a batch at the store
    load_minutes: Dist = Uniform(low=3, high=8)
    # minutes an order to hand a batch over at the village gate
    handover_minutes_per_order: Dist = Uniform(low=1, high=2)
    # minutes off duty for the daily test, queue included
    daily_test_minutes: Dist = Uniform(low=30, high=60)
    # the hours of the day between which a courier's daily test falls
    test_hour_range: tuple[float, float] = (6.0, 20.0)
    # the chance at each daily test that a courier is positive: it leaves the whitelist and its shift team
    # isolates
    exposure_probability_per_day: float = Field(default=0.003, ge=0, le=1)
    # minutes from the start to a courier's first trip: commitment signed, first test passed
    onboarding_minutes: Dist = Uniform(low=120, high=360)
    # riders in Shanghai and Beijing worked past midnight at the peak (reported in 2022); the
    # shift and break are assumptions; breaks start at staggered hours (break_spread_hours)
    shift_hours: DailyHours = (7.0, 24.0)
    # the hour of the day breaks start; none: no break
    break_hour: float | None = Field(default=12.0, ge=0, lt=24)
    # a break's length
    break_minutes: float = Field(default=60, ge=0, le=240)
    # where couriers live (assumptions): outside the town, or in its villages by population;
    # one living in a sealed village is locked in with it (unless closed_loop_passes)
    living_outside_town_share: float = Field(default=0.5, ge=0, le=1)
    # infections come in clusters: a positive courier's shift team (by whitelist number)
    # isolates as close contacts (assumption; 7 days of isolation as in Beijing in 2022)
    contact_team_size: int = Field(default=5, ge=1)
    # days a close contact isolates
    contact_isolation_days: float = Field(default=7, ge=0)
    # a courier's day is bounded by trips and hours on trips (to the store, loading, to the
    # gate, handing over), not by orders: store-to-gate trips carry many orders each. A trip
    # starts only if it ends inside the courier's hours and within these (assumptions: ten
    # hours of trips in the day, the rest waiting for batches; about two trips an hour at most)
    max_trip_hours_per_day: float = Field(default=10.0, gt=0, le=24)
    # trips a courier makes in a day at most
    max_trips_per_day: int = Field(default=30, ge=1)
    # rest days (assumption: one day in seven, staggered by whitelist number)
    rota: RotaSettings = RotaSettings()
    # closed-loop passes (a policy): a courier living in a sealed village keeps working,
    # between home and work only, instead of being locked in; it runs a higher risk of
    # exposure at its daily test while its home is sealed (assumption), and isolates as a
    # close contact like any courier. Courier passes only: store staff have their own
    closed_loop_passes: bool = False
    # added to a pass holder's exposure at each test while its home is sealed
    pass_exposure_probability_per_day: float = Field(default=0.01, ge=0, le=1)
    # breaks start from break_hour over this many hours, by whitelist number (assumption: lunch
    # in turns, 12:00 to 14:00), so deliveries never stop at once
    break_spread_hours: float = Field(default=2.0, ge=0, le=12)


class Volunteers(Section):
    # orders a volunteer carries from the gate to the doors in one round
    orders_per_round: int = Field(default=5, ge=1)
    # minutes of one round from the gate to the doors
    door_round_minutes: Dist = Uniform(low=5, high=15)
    duty_hours: DailyHours = (6.0, 23.0)  # assumption: gates staffed from early morning to late evening
    # each volunteer rests one day in seven and takes an hour's break, both staggered across
    # the gate's team (assumptions), so a gate thins out and never closes at once
    rota: RotaSettings = RotaSettings()
    # the hour of the day breaks start; none: no break
    break_hour: float | None = Field(default=12.0, ge=0, lt=24)
    # a break's length
    break_minutes: float = Field(default=60, ge=0, le=240)
    # breaks start from `break_hour` over this many hours, staggered across the team
    break_spread_hours: float = Field(default=2.0, ge=0, le=12)


class CommandCentre(Section):
    # the command centre's place on the town's map, in km
    x_km: float = 0.0
    # (with `x_km`)
    y_km: float = 0.0
    # coordinators setting up channels, one village each at a time
    coordinators: int = Field(default=2, ge=1)
    # the kinds a locked village gets a channel for; None: every store kind of the scenario
    standard_kinds: list[str] | None = None
    # the set-up of a locked village's channels, step by step: reaching the area
    reach_area_minutes: Dist = Uniform(low=2, high=5)
    # setting up its volunteer and supply chat groups
    set_up_groups_minutes: Dist = Uniform(low=2, high=4)
    # assigning the stores of one kind from the ledger
    assign_store_minutes: Dist = Uniform(low=0.5, high=1.5)
    # surveying one store the ledger lacks (with `ledger.surveyed = false`)
    survey_store_minutes: Dist = Uniform(low=20, high=40)
    # the stores within this distance of the village are surveyed (and `largest_qualified` prefers them)
    survey_radius_km: float = Field(default=3.0, gt=0)
    # an assigned store confirming it serves
    store_confirm_minutes: Dist = Uniform(low=1, high=4)
    # publishing the kind's channel to the village
    publish_minutes: Dist = Uniform(low=1, high=2)
    # the supply group's rounds: the serving stores' queues and shelves checked every this many minutes
    monitor_interval_minutes: float = Field(default=30, gt=0)
    # a reserve store is added when a store's queue would take its pickers longer than this to
    # clear (assumption; a night's orders waiting for the morning are not a reason by themselves)
    backlog_threshold_minutes: float = Field(default=120, gt=0)
    # what brings a reserve store: a saturated store (backlog_threshold), a store out of a
    # category (stockout), or nothing (none); a store sealed in is replaced under each
    expansion: Literal["backlog_threshold", "stockout", "none"] = "backlog_threshold"
    # after a reserve store is added for a village and kind, none is for this long (a store lost is replaced
    # at once)
    expansion_cooldown_minutes: float = Field(default=240, ge=0)
    urgent_staff: int = Field(default=6, ge=1)  # with urgent_staffing = "town_pool"
    # a register of households that cannot order online: volunteers check on each on their
    # rounds and order for it a day before it would ask (all of them go through volunteers)
    vulnerable_register: bool = False
    # the command centre kept watch day and night in an emergency (assumption)
    coordinator_hours: DailyHours = (0.0, 24.0)
    # the hours urgent staff are on duty
    urgent_staff_hours: DailyHours = (0.0, 24.0)
    # urgent staff's speed on the road
    staff_speed_km_per_h: Dist = Uniform(low=25, high=40)
    # minutes before urgent staff set off
    staff_dispatch_minutes: Dist = Uniform(low=2, high=6)
    # minutes at the resident's door
    door_minutes: Dist = Uniform(low=2, high=6)
    # minutes to buy the medicine
    buy_medicine_minutes: Dist = Uniform(low=10, high=25)
    # urgent needs, assumptions: medicine calls of one village waiting when staff leave go
    # together, up to this many households a trip
    urgent_calls_per_trip: int = Field(default=4, ge=1)
    # the share of urgent calls that are a trip to a doctor or hospital (dialysis, pregnancy),
    # where staff wait `hospital_minutes` and bring the resident home
    urgent_care_share: float = Field(default=0.1, ge=0, le=1)
    # the hospital's place on the town's map, in km
    hospital_x_km: float = 0.0
    # (with `hospital_x_km`)
    hospital_y_km: float = 0.0
    # minutes staff wait at the hospital before bringing the resident home
    hospital_minutes: Dist = Uniform(low=60, high=240)
    # who answers urgent calls (agents/urgent_desks.py): per_locked_village, the source's
    # dedicated worker for each locked area (at the door within half an hour), posted at its
    # gate: urgent_staff_per_village of them (assumption: three, so that calls at once, a
    # hospital trip of hours and rest days leave someone at the gate); per_households, one per
    # urgent_households_per_staff households of a locked village (at least one; assumption);
    # town_pool, urgent_staff at the command centre for the whole town
    urgent_staffing: Literal["per_locked_village", "per_households", "town_pool"] = "per_locked_village"
    # with `per_locked_village`: staff at each locked village's gate
    urgent_staff_per_village: int = Field(default=3, ge=1)
    # with `per_households`: one staff member per this many households
    urgent_households_per_staff: int = Field(default=500, ge=1)
    # rest days of urgent staff, staggered across each desk (assumption: one day in seven)
    urgent_staff_rota: RotaSettings = RotaSettings()
