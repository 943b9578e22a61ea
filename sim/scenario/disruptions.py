"""What goes wrong, when (`[[disruptions]]`): supplier outages, closed roads, couriers off
duty and demand surges, told apart by `kind`. `agents/disruptions.py` carries them out, the
same code as a drill's injects."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.scenario.section import Section


class SupplierOutage(Section):
    """A supplier ships `capacity_share` of what it would (0: nothing) for `days`."""

    kind: Literal["supplier_outage"]
    # the supplier's name
    supplier: str
    # days after `run.start` it begins
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
    # days after `run.start` it begins
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
    # the share of the whitelist off duty
    share: float = Field(gt=0, le=1)
    # days after `run.start` it begins
    start_day: float = Field(ge=0)
    days: float = Field(gt=0)


class DemandSurge(Section):
    """A share of households (in `village`, or in every locked village) place an extra food
    order of `extra_basket_days`, spread over `days` (a rumour, a holiday)."""

    kind: Literal["demand_surge"]
    # the village; none: every locked village
    village: str | None = None
    share: float = Field(gt=0, le=1)
    extra_basket_days: float = Field(default=2.0, gt=0)
    # days after `run.start` it begins
    start_day: float = Field(ge=0)
    days: float = Field(gt=0)


Disruption = Annotated[SupplierOutage | RoadClosedDisruption | CouriersUnavailable | DemandSurge,
                       Field(discriminator="kind")]
