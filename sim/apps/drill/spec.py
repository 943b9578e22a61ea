"""A drill file: a base scenario, objectives, and the inject list a trainer plays to the table.

Each inject happens at a time in the run, has a kind and a target, tells the trainees what
they would hear, and names the expected action and the objective it tests. An inject may open
a decision point: a menu of options, one of which is the default.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

INJECT_KINDS = ("village_locked", "village_released", "store_closed", "supplier_outage",
                "courier_quarantine", "demand_shock", "urgent_request", "road_closed")
ACTIONS = ("none", "activate_reserve_store", "whitelist_couriers", "release_depot_stock",
           "cap_orders", "move_volunteers", "order_from_supplier")
OBJECTIVES = ("channel_open", "urgent_pickup", "fill_rate", "lead_time")
# the roles of a drill played in a room (`rehearse drill --web`); the facilitator runs the clock
PLAYER_ROLES = ("command_centre", "supply_group", "delivery_group", "urgent_desk")
# the facilitator runs the clock; evaluators rate the objectives (HSEEP's exercise evaluation guides)
ROLES = ("facilitator", *PLAYER_ROLES, "evaluator")
# who hears an inject of each kind when the drill file does not say (`to`)
INJECT_RECIPIENTS = {
    "village_locked": "command_centre", "village_released": "command_centre",
    "store_closed": "supply_group", "supplier_outage": "supply_group",
    "courier_quarantine": "delivery_group", "demand_shock": "command_centre",
    "urgent_request": "urgent_desk", "road_closed": "delivery_group",
}

# What each inject kind targets, and which of its own fields it needs / may use.
INJECT_TARGETS = {
    "village_locked": "village", "village_released": "village", "store_closed": "store",
    "supplier_outage": "supplier", "courier_quarantine": "delivery_group",
    "demand_shock": "village", "urgent_request": "village", "road_closed": "village",
}
INJECT_FIELDS = {
    "village_locked": ({}, {"lockdown_days"}),
    "village_released": ({}, set()),
    "store_closed": ({}, {"hours"}),
    "supplier_outage": ({"hours"}, set()),
    "courier_quarantine": ({"couriers"}, set()),
    "demand_shock": ({"share"}, {"extra_basket_days", "over_hours"}),
    "urgent_request": ({}, {"requests"}),
    # a town without a road network: detour_factor; with one: edges (or none: every road of
    # the target village), checked against the scenario when the drill is loaded
    "road_closed": ({"hours"}, {"detour_factor", "edges"}),
}
ACTION_FIELDS = {
    "none": set(),
    "activate_reserve_store": {"village", "store_kind"},
    "whitelist_couriers": {"couriers"},
    "release_depot_stock": {"store", "category", "units"},
    "cap_orders": {"orders_per_household_day"},
    "move_volunteers": {"from_village", "to_village", "volunteers"},
    "order_from_supplier": {"supplier", "store", "category", "units"},
}
_OPTION_PARAMS = {"village", "store_kind", "couriers", "store", "category", "units",
                  "orders_per_household_day", "from_village", "to_village", "volunteers", "supplier"}
_INJECT_PARAMS = {"lockdown_days", "hours", "couriers", "share", "extra_basket_days",
                  "over_hours", "requests", "detour_factor", "edges"}


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


STORE_ROLES = ("busiest", "hub")


class StoreRole(Section):
    """A store named by what it is doing when the action acts, not by its id: `busiest` is the
    open store of `kind` with the most orders in picking (as the situation shows; ties: most
    orders taken today, then ledger order) among those serving `serving` (a village), or any
    locked village when `serving` is left out. `hub` is the one a command centre leans on: the
    open store of `kind` serving `serving` that serves the most locked villages, then the
    largest (floor area: the one with room to carry another village), then the busiest. The
    busiest by orders in picking is a moment's figure: two stores one order apart trade places
    by the minute, so a drill that means its hub names the hub."""

    role: Literal["busiest", "hub"]
    kind: str  # a store kind of the scenario
    serving: str | None = None

    def __str__(self) -> str:
        where = self.serving or "a locked village"
        return f"the {self.role} {self.kind.replace('_', ' ')} serving {where}"


_ROLE_FORM = (f'allowed: {{ role = "busiest" or "hub", kind = <store kind>, serving = <village> (optional) }}; '
              f"roles: {', '.join(STORE_ROLES)}; kinds: the scenario's store kinds")


class Option(Section):
    """One choice at a decision point and the action it takes."""

    key: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    label: str = Field(min_length=1)
    # the label in the other language (sim/core/display_names.py: text_in)
    label_en: str | None = Field(default=None, min_length=1)
    label_zh: str | None = Field(default=None, min_length=1)
    action: Literal["none", "activate_reserve_store", "whitelist_couriers", "release_depot_stock",
                    "cap_orders", "move_volunteers", "order_from_supplier"]
    village: str | None = None
    store_kind: str | None = None
    couriers: int | None = Field(default=None, gt=0)
    store: str | StoreRole | None = Field(
        default=None, description='a store id, or a role: { role = "busiest", kind = ..., serving = village }')
    category: str | None = None
    units: float | None = Field(default=None, gt=0)
    orders_per_household_day: int | None = Field(default=None, ge=1)
    from_village: str | None = None
    to_village: str | None = None
    volunteers: int | None = Field(default=None, gt=0)
    supplier: str | None = None

    @field_validator("store", mode="before")
    @classmethod
    def _store_id_or_role(cls, value):
        if value is None or isinstance(value, (str, StoreRole)):
            return value
        if not isinstance(value, dict):
            raise ValueError(f"store must be a store id or a role table; {_ROLE_FORM}")
        try:
            return StoreRole.model_validate(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "store"
            raise ValueError(f"{where}: {first['msg']}; {_ROLE_FORM}") from None

    @model_validator(mode="after")
    def _fields_of_action(self):
        needed = ACTION_FIELDS[self.action]
        given = {f for f in _OPTION_PARAMS if getattr(self, f) is not None}
        missing = sorted(needed - given)
        if missing:
            raise ValueError(f"action {self.action!r} needs {missing}")
        extra = sorted(given - needed)
        if extra:
            raise ValueError(f"action {self.action!r} does not use {extra}; it uses {sorted(needed) or 'nothing'}")
        return self


class Inject(Section):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    day: float | None = Field(default=None, ge=0, description="days since the run's start")
    clock: str | None = Field(default=None, description="HH:MM on that day")
    kind: Literal["village_locked", "village_released", "store_closed", "supplier_outage",
                  "courier_quarantine", "demand_shock", "urgent_request", "road_closed"]
    target: str = Field(min_length=1)
    message: str = Field(min_length=1, description="what the trainees hear")
    expected_action: str = Field(min_length=1)
    # the texts in the other language: what a drill played in English or Chinese shows
    message_en: str | None = Field(default=None, min_length=1)
    message_zh: str | None = Field(default=None, min_length=1)
    expected_action_en: str | None = Field(default=None, min_length=1)
    expected_action_zh: str | None = Field(default=None, min_length=1)
    expected_actions: list[Literal["none", "activate_reserve_store", "whitelist_couriers",
                                   "release_depot_stock", "cap_orders", "move_volunteers",
                                   "order_from_supplier"]] | None = Field(
        default=None, min_length=1,
        description="the actions that carry out expected_action; absent: any action but none")
    objective: Literal["channel_open", "urgent_pickup", "fill_rate", "lead_time"]
    sender: str = Field(default="exercise control", min_length=1,
                        description="who sends the message (an MSEL's 'from')")
    sender_en: str | None = Field(default=None, min_length=1)
    sender_zh: str | None = Field(default=None, min_length=1)
    to: Literal["command_centre", "supply_group", "delivery_group", "urgent_desk"] | None = Field(
        default=None, description="the role that hears it (default: by its kind)")
    # kind-specific
    lockdown_days: float | None = Field(default=None, gt=0)
    hours: float | None = Field(default=None, gt=0)
    couriers: int | None = Field(default=None, gt=0)
    share: float | None = Field(default=None, gt=0, le=1)
    extra_basket_days: float | None = Field(default=None, gt=0)
    over_hours: float | None = Field(default=None, gt=0)
    requests: int | None = Field(default=None, gt=0)
    detour_factor: float | None = Field(default=None, ge=1)
    edges: list[tuple[str, str]] | None = Field(
        default=None, min_length=1, description='roads to close, e.g. [["V0", "bridge"]]')
    # a decision point
    decision: str | None = Field(default=None, description="the question put to the table")
    decision_en: str | None = Field(default=None, min_length=1)
    decision_zh: str | None = Field(default=None, min_length=1)
    options: list[Option] = []
    default_option: str | None = None

    @field_validator("clock")
    @classmethod
    def _clock(cls, value):
        if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("clock must be HH:MM, 00:00 to 23:59")
        return value

    @model_validator(mode="after")
    def _shape(self):
        if self.day is None and self.clock is None:
            raise ValueError("give the inject's time: day (days since the start) and/or clock (HH:MM)")
        if self.clock is not None and self.day is not None and self.day != int(self.day):
            raise ValueError("with clock, day must be a whole day number (0 = the first day)")
        needed, optional = INJECT_FIELDS[self.kind]
        given = {f for f in _INJECT_PARAMS if getattr(self, f) is not None}
        missing = sorted(set(needed) - given)
        if missing:
            raise ValueError(f"kind {self.kind!r} needs {missing}")
        extra = sorted(given - set(needed) - optional)
        if extra:
            allowed = sorted(set(needed) | optional)
            raise ValueError(f"kind {self.kind!r} does not use {extra}; it uses {allowed or 'nothing'}")
        if self.decision is None and (self.options or self.default_option):
            raise ValueError("options and default_option need a decision (the question)")
        if self.decision is not None:
            if not self.options:
                raise ValueError("a decision needs options")
            keys = [o.key for o in self.options]
            if len(set(keys)) != len(keys):
                raise ValueError(f"option keys must differ: {keys}")
            if self.default_option is None:
                raise ValueError(f"a decision needs default_option, one of {keys}")
            if self.default_option not in keys:
                raise ValueError(f"default_option {self.default_option!r} is not an option; allowed: {keys}")
        if self.expected_actions is not None:
            offered = sorted({o.action for o in self.options})
            if self.decision is None:
                raise ValueError("expected_actions judges a decision: give decision and options too")
            missing = sorted(set(self.expected_actions) - set(offered))
            if missing:
                raise ValueError(f"expected_actions {missing} are not among this decision's options; "
                                 f"allowed: {offered}")
        return self

    @property
    def recipient(self) -> str:
        """The role that hears this inject (and takes its decision) in a web drill."""
        return self.to or INJECT_RECIPIENTS[self.kind]

    def option(self, key: str) -> Option:
        for o in self.options:
            if o.key == key:
                return o
        raise KeyError(key)


class Objectives(Section):
    """Targets from the article (15 min to channels, 30 min to an urgent caller) and ours."""

    channel_open_minutes: float = Field(default=15, gt=0)
    urgent_pickup_minutes: float = Field(default=30, gt=0)
    urgent_within_share: float = Field(default=0.95, gt=0, le=1)
    fill_rate: float = Field(default=0.95, gt=0, le=1)
    lead_time_p90_minutes: float = Field(default=120, gt=0)


class WebSettings(Section):
    """`[web]`: how a drill is played in a room (`rehearse drill SPEC --web`)."""

    # the room's clock (sim/apps/drill/web/room_clock.py): fast between injects, slow while people work
    speed: float = Field(default=60, ge=1, le=3600,
                         description="simulated time per wall time between injects (1 = real time; at most 3600)")
    speed_while_open: float = Field(default=1, ge=1, le=3600,
                                    description="simulated time per wall time while a decision or a channel "
                                                "set-up is open (1 = real time)")
    decision_minutes: float = Field(default=30, gt=0,
                                    description="a decision point's deadline after its inject, in simulated minutes")
    stock_report_minutes: float = Field(default=60, gt=0,
                                        description="the stores' stock report: what the supply group and the desk see")
    roll_call_minutes: float = Field(default=30, gt=0,
                                     description="the couriers' roll call: what the delivery group sees")
    model_roles: list[Literal["command_centre", "supply_group", "delivery_group", "urgent_desk"]] = Field(
        default=[], description="roles left to the model (the command centre's: the model sets up channels)")


class DrillSettings(Section):
    name: str = Field(min_length=1)
    scenario: str = Field(min_length=1, description="base scenario TOML, relative to the drill file")
    seed: int | None = Field(default=None, ge=0)
    horizon_days: float | None = Field(default=None, gt=0)
    shadow_seeds: int = Field(default=5, ge=2, le=20,
                              description="seeds each decision is replayed on with and without it, to tell "
                                          "its effect from the run's own noise (the drill's seed and others)")
    overrides: dict[str, bool | int | float | str] = {}
    description: str = ""
    description_en: str | None = None
    description_zh: str | None = None
    # the language people read the drill in (reports, screens, pages) unless --lang says;
    # the texts above are written in it, with their _en/_zh versions for the other
    lang: Literal["en", "zh"] | None = None


class DrillSpec(Section):
    drill: DrillSettings
    objectives: Objectives = Objectives()
    web: WebSettings = WebSettings()
    injects: list[Inject] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [i.id for i in self.injects]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"inject ids must differ: {dup}")
        return self

    def inject(self, inject_id: str) -> Inject:
        for i in self.injects:
            if i.id == inject_id:
                return i
        raise KeyError(inject_id)

    @property
    def locks_by_inject(self) -> bool:
        """A drill that locks villages by inject replaces the scenario's own lockdown schedule."""
        return any(i.kind == "village_locked" for i in self.injects)
