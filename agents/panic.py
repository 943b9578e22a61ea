"""A household's worry and panic, from what it sees itself: its own food orders from stores
that came late or short, and a rumour in its village's chat group.

In 2022 households stockpiled when deliveries lagged, shelves emptied or a rumour spread in
the residents' chat groups: they ordered earlier, bigger, and twice through two channels. A
household sees its own orders, not the town's: each food order it placed with a store (through
the app, by phone or through a volunteer) that reached its door more than `lead_time_minutes`
after it asked, was cancelled, or came with less than half of a food it asked for (the shelf
was empty) is one bad experience. A pushed pack or its share of a group's pallet comes whenever
it comes and is never one: the household did not wait for it at a store.

Bad experiences add up to the household's worry, which halves every `calm_after_hours`. The
household panics once its worry reaches `panic_at_worry` and calms when it has fallen below
half of that: a household that just reached the threshold panics for `calm_after_hours`, more
if more went wrong. A rumour weighs `panic_at_worry` (it starts a panic on its own). While it
panics its regular food orders ask for `extra_basket_days` more, it orders
`reorder_earlier_days` sooner, and a share of its orders is doubled through a second open
food kind.
"""

from __future__ import annotations

import math

from agents.group_buying import GROUP
from agents.push_packs import PUSH_PACK
from sim.core.statistics import rounded
from sim.core.units import MINUTES_PER_DAY, MINUTES_PER_HOUR
from sim.domain.orders import EXTRA, FOOD

LONG_WAIT = "long wait"
EMPTY_SHELVES = "empty shelves"
RUMOUR = "rumour"
REASONS = (LONG_WAIT, EMPTY_SHELVES, RUMOUR)

# what never worries a household: goods that come to the gate in bulk, not bought at a store
BULK_CHANNELS = (GROUP, PUSH_PACK)
# assumption: an order that brought less than half of a food it asked for shows an empty shelf
SHORT_FILL_SHARE = 0.5


class CalmMood:
    """A household in a town whose panic does not follow what people see (`panic.enabled`
    false): it never panics and keeps no state (one shared instance)."""

    __slots__ = ()

    def panicking(self, now: float) -> bool:
        return False

    def extra_basket_days(self, now: float) -> float:
        return 0.0

    def reorder_earlier_days(self, now: float) -> float:
        return 0.0

    def doubles_order(self, now: float, uniform) -> bool:
        return False

    def order_closed(self, order, now: float) -> None:
        pass

    def hear_rumour(self, now: float) -> None:
        pass

    def locked(self, now: float) -> None:
        pass

    def released(self, now: float) -> None:
        pass


CALM = CalmMood()


class HouseholdMood:
    """One household's worry (bad experiences, each weighing 1 when fresh, halving every
    `calm_after_hours`) and its panic; what the panic does to its orders."""

    __slots__ = ("settings", "worry", "worry_minute", "until", "panics", "seen", "_minutes",
                 "_locked_since", "_locked_minutes")

    def __init__(self, settings):
        self.settings = settings
        self.worry = 0.0  # at `worry_minute`
        self.worry_minute = 0.0
        self.until = -1.0  # panicking while now < until
        self.panics = 0  # times it began to panic
        self.seen: dict[str, int] = {}  # bad experiences by reason
        self._minutes = 0.0  # minutes of panic planned so far (to `until`)
        self._locked_since: float | None = None
        self._locked_minutes = 0.0

    # --- what it sees -------------------------------------------------------------------
    def order_closed(self, order, now: float) -> None:
        """One of its orders was delivered or cancelled: a food order from a store that took
        long or came short worries it; anything else (a pushed pack, a group's pallet, medicine)
        does not."""
        if order.channel in BULK_CHANNELS or order.purpose not in (FOOD, EXTRA):
            return
        if now - order.asked_minute > self.settings.lead_time_minutes:
            self._see(now, LONG_WAIT, 1.0)
        elif self.settings.empty_shelves and _came_short(order):
            self._see(now, EMPTY_SHELVES, 1.0)

    def hear_rumour(self, now: float) -> None:
        """A rumour in the village's chat group: enough on its own to start a panic."""
        self._see(now, RUMOUR, self.settings.panic_at_worry)

    def worry_at(self, now: float) -> float:
        half_life = self.settings.calm_after_hours * MINUTES_PER_HOUR
        return self.worry * 0.5 ** ((now - self.worry_minute) / half_life)

    def _see(self, now: float, why: str, weight: float) -> None:
        settings = self.settings
        worry = self.worry_at(now) + weight
        self.worry, self.worry_minute = worry, now
        self.seen[why] = self.seen.get(why, 0) + 1
        panicking = self.panicking(now)
        if not panicking and worry < settings.panic_at_worry - 1e-9:
            return
        if not panicking:
            self.panics += 1
        # calm once the worry has decayed to half the threshold
        half_life = settings.calm_after_hours * MINUTES_PER_HOUR
        until = now + half_life * math.log2(worry / (settings.panic_at_worry / 2))
        if until > self.until:
            self._minutes += until - max(self.until, now)
            self.until = until

    # --- its lockdowns, for the share of locked time in panic ----------------------------
    def locked(self, now: float) -> None:
        self._locked_since = now

    def released(self, now: float) -> None:
        if self._locked_since is not None:
            self._locked_minutes += now - self._locked_since
            self._locked_since = None

    def locked_minutes(self, now: float) -> float:
        since = self._locked_since
        return self._locked_minutes + (now - since if since is not None else 0.0)

    def panic_minutes(self, now: float) -> float:
        """Minutes it has panicked up to `now`."""
        return self._minutes - max(0.0, self.until - now)

    # --- effects on its food orders --------------------------------------------------------
    def panicking(self, now: float) -> bool:
        return now < self.until

    def extra_basket_days(self, now: float) -> float:
        return self.settings.extra_basket_days if self.panicking(now) else 0.0

    def reorder_earlier_days(self, now: float) -> float:
        return self.settings.reorder_earlier_days if self.panicking(now) else 0.0

    def doubles_order(self, now: float, uniform) -> bool:
        """Whether it places its order twice (`uniform`: its own draw, asked only while
        panicking)."""
        return self.panicking(now) and uniform() < self.settings.duplicate_order_share


def _came_short(order) -> bool:
    """Cancelled (nothing came), or less than `SHORT_FILL_SHARE` of some food it asked for."""
    if order.status != "delivered":
        return True
    filled = order.filled
    return any(filled.get(c, 0.0) < SHORT_FILL_SHARE * units
               for c, units in order.requested.items() if units > 0)


def mood_for(settings) -> CalmMood:
    """A new household's mood: its own when panic follows what people see, else the shared
    calm one."""
    return HouseholdMood(settings) if settings.enabled else CALM


def rumour(village, now: float) -> None:
    """A rumour reaches every household of `village` (a drill's inject)."""
    for household in village.households:
        household.mood.hear_rumour(now)


class HouseholdMoods:
    """The households' moods together, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def moods(self) -> list[HouseholdMood]:
        """The moods of the households of every village locked at some time."""
        return [h.mood for v in self.model.villages.values() if v.lock_minute is not None
                for h in v.households]

    def seen(self) -> dict[str, int]:
        """Bad experiences town-wide, by reason (`REASONS`)."""
        seen = dict.fromkeys(REASONS, 0)
        for mood in self.moods():
            for why, count in mood.seen.items():
                seen[why] += count
        return seen

    def kpis(self, now: float) -> dict:
        """Panic's KPIs (`sim/core/kpi_registry.py`): times a household began to panic,
        household-days of panic and their share of the household-days locked; only when panic
        follows what people see (`panic.enabled`)."""
        if not self.model.spec.panic.enabled:
            return {}
        moods = self.moods()
        panic = sum(m.panic_minutes(now) for m in moods)
        locked = sum(m.locked_minutes(now) for m in moods)
        return {
            "household_panics": sum(m.panics for m in moods),
            "household_days_in_panic": rounded(panic / MINUTES_PER_DAY, 2),
            "locked_household_days_in_panic_share": rounded(panic / locked if locked > 0 else None, 4),
        }
