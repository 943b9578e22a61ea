"""The town and its places: villages, the ledger of stores, the lockdowns of villages and
the roads between places (`[roads]`). Their names are what the other sections refer to
(`checks.py` checks that they do)."""

from __future__ import annotations

from pydantic import Field

from sim.core.roads import DEFAULT_DETOUR_FACTOR
from sim.scenario.section import Section


class Village(Section):
    name: str = Field(min_length=1)  # the identity lockdowns, drills and CSV columns use
    # the name shown in the other language (sim/core/display_names.py): name_zh beside an English
    # name, name_en beside a Chinese one
    name_zh: str | None = Field(default=None, min_length=1)
    # (the other of the two names: see `name_zh`)
    name_en: str | None = Field(default=None, min_length=1)
    # the village's place on the town's map, in km
    x_km: float
    # (with `x_km`)
    y_km: float
    # people living in the village
    population: int = Field(ge=0)
    # volunteers at the village's gate: door rounds, order taking, sorting what comes in bulk
    gate_volunteers: int = Field(default=6, ge=0)


class Store(Section):
    # the store's name, which the other sections and drills use
    id: str = Field(min_length=1)
    # the village it stands in
    village: str
    kind: str  # one of the scenario's store kinds
    # its shelves (`stock_per_m2`) and pickers (`pickers_per_100_m2`) scale with it; below
    # `store_selection.min_floor_m2` it does not qualify
    floor_m2: float = Field(gt=0)
    # an unlicensed store does not qualify (unless licensed ad hoc)
    licensed: bool = True
    # a store flagged an infection risk does not qualify (unless licensed ad hoc)
    infection_risk: bool = False
    # a name shown beside the id in a report or drill page, per language (optional)
    name_zh: str | None = Field(default=None, min_length=1)
    # (the other of the two names: see `name_zh`)
    name_en: str | None = Field(default=None, min_length=1)


class Ledger(Section):
    """The alliance's platform ledger: every store's surveyed scale, licence and risk."""

    # the stores' scale and reserves surveyed in advance, so stores are assigned at once; false: the command
    # centre first surveys the stores within `command_centre.survey_radius_km`
    surveyed: bool = True
    stores: list[Store] = Field(min_length=1)


class Lockdown(Section):
    # the village sealed
    village: str
    # days after `run.start` it is sealed
    start_day: float = Field(ge=0)
    # how long it stays sealed; none: to the end of the run
    days: float | None = Field(default=None, gt=0)
    # hours of warning before the village is sealed: households buy ahead over the counter
    # at the stores that will serve them (0: sealed without notice, as Beizang's villages)
    notice_hours: float = Field(default=0, ge=0)


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
    """The town's roads (see `sim/core/roads.py`): with `edges`, trips take shortest paths on them
    and `closures` close some for a while; without, straight lines times `detour_factor`.
    `edges` and `junctions` may each be a CSV file's path, relative to the scenario file."""

    edges: list[RoadEdge] = []
    junctions: list[Junction] = []
    detour_factor: float = Field(default=DEFAULT_DETOUR_FACTOR, ge=1)
    closures: list[RoadClosure] = []
