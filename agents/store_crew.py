"""Who of a store's pickers is at work, and how fast they pick together.

A store's pickers at work on a day are its crew less those resting by their rota
(`store_staff.rota`), less those living outside its village while that village is sealed
(they cannot come in) unless they hold a closed-loop pass (`store_staff.closed_loop_passes`),
less pass holders isolating as close contacts; plus the volunteers drafted when some of its
crew cannot come (`store_staff.drafted_pickers`), who pick slower. A rest day never leaves a
store with nobody: when every picker who can come would rest, one works (the owner covers).

Picker i of a crew (0, 1, ...) lives inside the store's village when i is below
`pickers_living_inside`; its rota's cycle is offset by i and by a number from the store's id, so
rest days are staggered within a store and across the town's stores. Pass holders' exposure is
drawn each morning from each pass holder's own sequence (`PASS_HOLDERS`, keyed by the store's id
and the picker's place), kept simple: a close contact isolates at home for
`pass_isolation_days`, then comes back; nobody leaves the crew for good.
"""

from __future__ import annotations

import math

from sim.core.distributions import UNIT
from sim.core.entity_draws import DrawKind
from sim.core.random_streams import entity_number
from sim.core.units import MINUTES_PER_DAY
from sim.domain.rotas import Rota
from sim.engine.callbacks import call_later
from sim.inputs.channel_coverage import pickers_living_inside

PASS_HOLDERS = DrawKind(sequence=lambda _purpose: "store_staff.passes",
                        stream=lambda _key, purpose: ("store_staff.passes", purpose),
                        number=lambda key: entity_number(f"{key[0]}/{key[1]}"))
"""A pass-holding picker's draws, keyed by (the store's id, the picker's place in its crew)."""
_PASS_HOLDER_SPECS = {"exposure": UNIT}  # one set of specs: one draw plan for every picker

ROTA_OFFSETS = 1000  # rota offsets drawn from a store's id: enough to stagger any cycle


class StoreCrew:
    """A store's pickers and the volunteers drafted to it (not an agent: the store's part)."""

    def __init__(self, store, size: int):
        self.store = store
        self.model = store.model
        settings = self.settings = store.model.spec.store_staff
        self.size = size
        self.living_inside = pickers_living_inside(size, settings.local_share)
        self.rota = Rota(settings.rota.days_on, settings.rota.days_off)
        self._rota_offset = entity_number(store.store_id) % ROTA_OFFSETS
        self._isolated_until = [-math.inf] * size
        self._exposure: dict[int, object] = {}  # picker -> its exposure draws (pass holders)
        self.drafted = 0  # volunteers at work
        self._drafting = False
        # picker-days counted each morning while the store serves a locked village (KPIs)
        self.days_at_work = 0
        self.days_resting = 0
        self.days_sealed_out = 0
        self.days_isolated = 0
        self.drafted_days = 0
        self.isolations = 0
        # the last count of regulars at work: (day, village locked, from, until) -> count
        self._regulars = (None, None, math.inf, -math.inf, 0)

    # --- who can come, who works ----------------------------------------------------------
    def isolating(self, picker: int, now: float) -> bool:
        return self._isolated_until[picker] > now

    def sealed_out(self, picker: int) -> bool:
        """Living outside the store's sealed village without a pass: cannot come in."""
        return (picker >= self.living_inside and self.store.home.locked
                and not self.settings.closed_loop_passes)

    def can_come(self, picker: int, now: float) -> bool:
        return not self.sealed_out(picker) and not self.isolating(picker, now)

    def rests(self, picker: int, day: int) -> bool:
        return self.rota.rests_on(day, self._rota_offset + picker)

    def regulars_at_work(self, now: float) -> int:
        """The crew at work at `now`: those who can come and do not rest today (one at least
        if anyone can come: the owner covers a rest day that would close the store). Asked at
        every order routed: counted again only on another day, when the store's village is
        sealed or released, or when an isolation starts or ends."""
        day = self.model.clock.day_index(now)
        locked = self.store.home.locked
        counted_day, counted_locked, since, until, count = self._regulars
        if day == counted_day and locked == counted_locked and since <= now < until:
            return count
        coming = [p for p in range(self.size) if self.can_come(p, now)]
        working = sum(not self.rests(p, day) for p in coming)
        count = working or min(1, len(coming))
        ends = min((t for t in self._isolated_until if t > now), default=math.inf)
        self._regulars = (day, locked, now, ends, count)
        return count

    def headcount(self, now: float) -> int:
        """People picking at `now` while the store is open: its crew at work and the volunteers."""
        return self.regulars_at_work(now) + self.drafted

    def picker_equivalents(self, now: float) -> float:
        """The headcount in trained pickers: a volunteer counts for `drafted_pick_rate_share`."""
        return self.regulars_at_work(now) + self.drafted * self.settings.drafted_pick_rate_share

    def equivalents_over_the_rota(self, now: float) -> float:
        """The picker equivalents at work on an average day of the rota, of those who can come
        now (at least one if anyone can: the owner covers): what a planner weighs a store's
        load against, rather than whoever happens to rest today."""
        coming = sum(self.can_come(p, now) for p in range(self.size))
        regulars = max(min(1, coming), coming * (1 - self.rota.resting_share()))
        return regulars + self.drafted * self.settings.drafted_pick_rate_share

    def pick_slowdown(self) -> float:
        """How much longer a pick takes in a crew with volunteers: the crew's pick time is its
        members' average, so the team picks at the rate of its picker equivalents (1 without
        volunteers)."""
        if not self.drafted:
            return 1.0
        now = self.model.env.now
        return self.headcount(now) / self.picker_equivalents(now)

    def short(self, now: float) -> bool:
        """Some of the crew cannot come (sealed out, isolating): rest days are no shortage."""
        return any(not self.can_come(p, now) for p in range(self.size))

    # --- each morning -----------------------------------------------------------------------
    def new_day(self, now: float) -> None:
        """The start of a day at a store serving a locked village: its pass holders' exposure,
        then its picker-days counted."""
        if not self.store.active:
            return
        if self.settings.closed_loop_passes and self.store.home.locked:
            self._pass_holders_exposed(now)
        self._count_day(now)

    def _pass_holders_exposed(self, now: float) -> None:
        settings = self.settings
        for picker in range(self.living_inside, self.size):
            if self.isolating(picker, now):
                continue
            if self._exposure_draw(picker)() < settings.pass_exposure_probability_per_day:
                self._isolated_until[picker] = now + settings.pass_isolation_days * MINUTES_PER_DAY
                self._regulars = (None, None, math.inf, -math.inf, 0)  # count again
                self.isolations += 1
                self.model.log_event("pass_holder_isolated", self.store.store_id,
                                     f"a pass-holding picker of {self.store.store_id} is a close "
                                     f"contact: isolates {settings.pass_isolation_days:g} days")

    def _exposure_draw(self, picker: int):
        draw = self._exposure.get(picker)
        if draw is None:
            draw = self._exposure[picker] = self.model.entity_draws.draws(
                PASS_HOLDERS, (self.store.store_id, picker), _PASS_HOLDER_SPECS).exposure
        return draw

    def _count_day(self, now: float) -> None:
        at_work = self.regulars_at_work(now)
        coming = sum(self.can_come(p, now) for p in range(self.size))
        self.days_at_work += at_work
        self.days_resting += coming - at_work
        self.days_sealed_out += sum(self.sealed_out(p) for p in range(self.size))
        self.days_isolated += sum(self.isolating(p, now) and not self.sealed_out(p)
                                  for p in range(self.size))
        self.drafted_days += self.drafted

    # --- drafted volunteers ---------------------------------------------------------------
    def draft_if_short(self, now: float) -> None:
        """A store serving a locked village, some of whose crew cannot come, asks once for
        `drafted_pickers` volunteers; they come `drafted_after_hours` later and stay."""
        wanted = self.settings.drafted_pickers
        if not wanted or self._drafting or not self.store.active or not self.short(now):
            return
        self._drafting = True
        self.model.log_event("pickers_drafted", self.store.store_id,
                             f"{self.store.store_id} is short of pickers: {wanted} volunteers drafted")
        call_later(self.model.env, self.settings.drafted_after_hours * 60, self._volunteers_come)

    def _volunteers_come(self, _event=None) -> None:
        self.drafted = self.settings.drafted_pickers
        self.store.staff_changed()
