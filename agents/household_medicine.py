"""A household's chronic medicine: refills ordered from a pharmacy before the last dose, or,
for those who do not order in time, a call to the urgent desk once it is gone.

A part of `Household` (`agents/household.py`), kept apart because it is its own chain of
wake-ups beside the food orders: it uses the household's `_in_rhythm`, `_at`, `place_order`,
`_refused` and `_try_again_tomorrow`, and its `medicine_days_initial`,
`medicine_runs_out_minute`, `orders_refill_in_time` and `urgent_calls`.
"""

from __future__ import annotations

from sim.core.units import MINUTES_PER_DAY
from sim.domain.orders import REFILL


class ChronicMedicine:
    """The medicine chain of a household (a mixin of `Household`)."""

    @property
    def chronic(self) -> bool:
        return self.medicine_days_initial is not None

    def start_refills(self, open_minute: float) -> None:
        if self.chronic and self.orders_refill_in_time:
            self._schedule_refill(open_minute)

    def _medicine_arrived(self, now: float) -> None:
        """A month's medicine: the next refill (or, for those who do not order, the next call)
        is planned from when it runs out."""
        refill_days = self.model.spec.households.medicine_refill_days
        self.medicine_runs_out_minute = max(self.medicine_runs_out_minute or now, now) + (
            refill_days * MINUTES_PER_DAY)
        if not self.village.locked:
            return
        if self.orders_refill_in_time:
            self._schedule_refill(now)
        else:
            self._schedule_urgent_call()

    def _schedule_refill(self, earliest: float) -> None:
        earliest = max(earliest, self.medicine_runs_out_minute - 2 * MINUTES_PER_DAY)
        self._at(self._in_rhythm(earliest), self._refill_due)

    def _refill_due(self, event) -> None:
        pharmacy = self.model.goods.pharmacy_kind
        if self.village.in_lockdown(event.value) and self.village.is_open(pharmacy):
            if self.model.platform.may_take_order(self, pharmacy):
                self.place_order(pharmacy, 0.0, REFILL)
            else:
                self._refused({self.model.goods.medicine: 1.0}, REFILL)
                self._try_again_tomorrow(self._refill_due)

    def _schedule_urgent_call(self, earliest: float | None = None) -> None:
        """The call comes in waking hours once the last dose is gone."""
        now = self.model.env.now
        runs_out = self.medicine_runs_out_minute or now
        at = self._in_rhythm(max(now, runs_out, earliest or now))
        self._at(at, self._urgent_call_due)

    def _urgent_call_due(self, event) -> None:
        if (self.village.in_lockdown(event.value)
                and self.medicine_runs_out_minute <= self.model.env.now + 1e-9):
            self.urgent_calls += 1
            self.model.command_centre.urgent_request(self)

    def urgent_request_done(self, units: float) -> None:
        """Staff came back from the pharmacy: with the medicine, or empty-handed (call again
        in an hour, in waking hours)."""
        now = self.model.env.now
        if units > 0:
            self._medicine_arrived(now)
        elif self.village.locked:
            self._schedule_urgent_call(earliest=now + 60)
