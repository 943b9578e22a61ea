"""The depot's standing staples reserve, released to households whose rice and flour run low.

In a lockdown of two to four weeks the first thing households run out of is not vegetables
(the stores and pushed packs bring those) but staples: a migrant worker renting a room holds a
bag of rice or noodles, days not weeks, and in the second week many have none. A town's
reserve of long-life food (rice, flour, oil) is there for this. With
`depot.staples_release = "when_homes_low"`, each morning the community's roll of a locked
village lists the households with less than `staples_release_at_home_days` of a long-life
food left, and the depot sends each a pack of `staples_pack_days` of its own usual amount:
made up on the depot's packing line, on the road to the gate, handed out by the gate
volunteers like a pushed pack (channel `push_pack`), free (a lockdown's cost). A household
whose pack is on its way is not listed again.
"""

from __future__ import annotations

import math

from agents.gate_goods import Consignment
from agents.volunteer import PACK_ROUNDS
from sim.core.distributions import Uniform, sampler
from sim.domain.orders import PACK

STAPLES_PACK = "push_pack"  # the channel: a pack from the depot, like a pushed round
# assumption: as a pushed pack's hand-out at the door ([[push_packs]]' default)
HAND_OUT_MINUTES = Uniform(low=0.5, high=1.5)


def long_life_food(spec, categories, goods, held) -> list[str]:
    """The food categories of `held` (the depot's) that keep at least
    `staples_min_shelf_life_days`, or never spoil: its staples."""
    def keeps(c):
        days = categories[c].shelf_life_days
        return days is None or days >= spec.staples_min_shelf_life_days
    return [c for c in goods.shortfall if c in held and keeps(c)]


class StaplesRelease:
    """The rule `when_homes_low`: a daily check of the locked villages' households."""

    def __init__(self, model, depot):
        self.model = model
        self.depot = depot
        spec = depot.spec
        self.spec = spec
        self.categories = long_life_food(spec, model.spec.categories, model.goods, depot.target)
        self.packs_sent = 0
        self.rounds_sent = 0
        self.pack_orders: dict = {}  # household -> its latest pack order
        rng = model.streams.generator("depot.staples")
        self.draw_lead = sampler(spec.release_minutes, rng)
        self.draw_hand_out = sampler(HAND_OUT_MINUTES, rng)
        if spec.staples_release == "when_homes_low" and depot.exists and self.categories:
            model.env.process(self._each_morning())

    def _each_morning(self):
        env = self.model.env
        for at in self.model.clock.clock_times(self.spec.staples_check_hour, env.now):
            yield env.timeout(at - env.now)
            for village in self.model.villages.values():
                if village.locked:
                    self.check(village)

    def short_households(self, village) -> dict:
        """Each household of `village` short of a long-life food, not waiting for a pack, that
        the depot's stock can give a whole pack: what its pack holds (category -> units).

        The shortest go first (fewest days left of what they lack most), and the listing stops
        where the stock would run out: a reserve too small for every short household sends
        whole packs to some, and the rest are on the next morning's roll. Shared out in crumbs,
        it would send thousands of packs of a few grams, leave every household as short as
        before, and list it again each morning (a tenth of a day's cover sent 84,324 packs in
        three weeks of the whole town, against 32,082 from a day's)."""
        now = self.model.env.now
        threshold = self.spec.staples_release_at_home_days
        left = {c: self.depot.stock.get(c, 0.0) for c in self.categories}
        short = []
        for household in village.households:
            order = self.pack_orders.get(household)
            if order is not None and math.isnan(order.delivered_minute) and math.isnan(
                    order.cancelled_minute):
                continue
            pantry = household.pantry
            content, fewest_days = {}, math.inf
            for c in self.categories:
                i = village.pantry_index[c]
                if pantry.daily[i] > 0 and left[c] > 0:
                    days = pantry.days_left(i, now)
                    if days < threshold:
                        content[c] = pantry.daily[i] * self.spec.staples_pack_days
                        fewest_days = min(fewest_days, days)
            if content:
                short.append((fewest_days, household.index, household, content))
        packs = {}
        for _, _, household, content in sorted(short, key=lambda s: (s[0], s[1])):
            if any(units > left[c] for c, units in content.items()):
                continue  # no whole pack for it today; a smaller household's may still fit
            for c, units in content.items():
                left[c] -= units
            packs[household] = content
        return packs

    def check(self, village) -> None:
        """Send the village's short households their packs as one consignment to its gate."""
        packs = self.short_households(village)
        if not packs:
            return
        model = self.model
        platform = model.platform
        orders = [platform.open_without_store(h, content, PACK, 0.0, STAPLES_PACK)
                  for h, content in packs.items()]
        self.pack_orders.update(zip(packs, orders))
        consignment = Consignment(model, village, orders, PACK_ROUNDS, self.draw_hand_out)
        minutes = self.depot.packing.minutes_until_packed(len(orders)) + self.draw_lead()
        consignment.record_sent({c: self.depot.release(consignment, c, units, minutes=minutes,
                                                       given=True)
                                 for c, units in consignment.wanted.items()})
        self.packs_sent += len(orders)
        self.rounds_sent += 1
        model.log_event("depot_staples", village.name,
                        f"{len(orders)} staples packs for {village.name} "
                        f"({sum(consignment.sent.values()):,.0f} of "
                        f"{sum(consignment.wanted.values()):,.0f} units)")
        consignment.dispatched()
