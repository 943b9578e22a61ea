"""What every section of a scenario shares: the base class (unknown keys are errors, a
loaded scenario is frozen), the hours of the day a team works, and its rota of working and rest
days."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


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


class RotaSettings(Section):
    """A team's rota (`sim/domain/rotas.py`): `days_on` working days then `days_off` rest days,
    staggered across the team. `days_off = 0` is everybody every day."""

    days_on: int = Field(default=6, ge=1, le=60)
    days_off: int = Field(default=1, ge=0, le=30)
