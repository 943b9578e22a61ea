"""Community group-buying: a group leader collects the members' food orders on a list and
sends them to a supplier as one bulk order; the goods come as a pallet that the gate's
volunteers sort into each member's share.

In Shanghai in April 2022 this, not the apps, brought most households their food: a leader
in a compound gathered a few dozen households' orders, a supplier that took bulk orders only
above a minimum shipped a pallet days later, and volunteers sorted it at the gate. Little
rider work, much sorting work: the channel moves the bottleneck from couriers to the gate.

How long the pallet takes is the town's own supplier's: by default its trucks' hours and drive,
as for a store's restock (hours to a day from a wholesale market nearby), or `lead_time_days`
when the scenario gives one (Shanghai's "days later"). Members still use the app: a member on
the list whose food that runs out first would be gone before the group's next pallet could come
orders through the app what it lacks until then, when it joins the list and at each cut-off its
list stays short of the supplier's minimum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.gate_goods import Consignment
from agents.volunteer import SORTING
from sim.core.distributions import UNIT, sampler
from sim.core.units import MINUTES_PER_DAY
from sim.domain.demand import basket
from sim.domain.ordering_rhythm import next_time_in_rhythm
from sim.domain.orders import FOOD

if TYPE_CHECKING:
    from agents.household import Household

GROUP = "group"


class BuyingGroup:
    """One leader's group in a village: its members and the list of those waiting to order."""

    def __init__(self, village, index: int):
        self.village = village
        self.index = index
        self.members: list[Household] = []
        # (member, minute it joined the list, what it asks for, days)
        self.waiting: list[tuple[Household, float, dict, float]] = []
        self.bulk_orders = 0


class GroupBuying:
    """The town's buying groups (`[group_buying]`); None-like when the town has none."""

    def __init__(self, model):
        self.model = model
        spec = model.spec.group_buying
        self.spec = spec
        self.groups: list[BuyingGroup] = []
        self.by_household: dict[int, BuyingGroup] = {}
        self.bulk_orders = 0
        self.bulk_orders_partial = 0
        if spec is None or spec.share <= 0:
            return
        self.supplier = model.suppliers_by_name[model.spec.group_buying_supplier()]
        # the food households eat that the supplier sells (no ready meals: kitchens were shut)
        self.categories = [c for c in model.goods.shortfall if c in self.supplier.categories]
        self.sold = [(c, None) for c in self.categories]  # all kept in the pantry: no draws
        # the pallet's lead time from the trucks' departure: the scenario's, or the supplier's own
        rng = model.streams.generator("group_buying.lead")
        if spec.lead_time_days is not None:
            self.draw_lead_minutes = _in_minutes(sampler(spec.lead_time_days, rng))
            self.lead_minutes_mean = spec.lead_time_days.mean() * MINUTES_PER_DAY
        else:
            self.draw_lead_minutes = sampler(self.supplier.spec.lead_time_minutes, rng)
            self.lead_minutes_mean = self.supplier.spec.lead_time_minutes.mean()
        # members order this much sooner than app users: a day on the list and the lead time
        self.extra_reorder_days = 1.0 + self.lead_minutes_mean / MINUTES_PER_DAY
        self._draw_sorting: dict[str, object] = {}
        for village in model.villages.values():
            self._form_groups(village)
            self._draw_sorting[village.name] = sampler(
                spec.sorting_minutes_per_household,
                model.streams.generator(f"group_buying.{village.name}.sorting"))
        model.env.process(self._daily_cutoff())

    @property
    def active(self) -> bool:
        return bool(self.groups)

    def _form_groups(self, village) -> None:
        """A `share` of households join a group (their own stream, so no other draw moves);
        only those that order online do (the leader's list is a chat group; a member's other
        orders go through the app). Members are dealt to groups of about `group_size` in turn."""
        draw = sampler(UNIT, self.model.streams.generator(f"group_buying.{village.name}.members"))
        members = [h for h in village.households if draw() < self.spec.share and h.channel == "app"]
        if not members:
            return
        count = max(1, round(len(members) / self.spec.group_size))
        groups = [BuyingGroup(village, i) for i in range(count)]
        for i, household in enumerate(members):
            group = groups[i % count]
            group.members.append(household)
            household.order_through_group(self.extra_reorder_days)
            self.by_household[household.household_id] = group
        self.groups.extend(groups)

    # --- the list ---------------------------------------------------------------------------
    def days_to_bridge(self, household: Household, lowest: int, now: float) -> float:
        """Days of eating a member on the list orders through the app meanwhile: 0 when its
        food that runs out first (`lowest`, its pantry index) lasts until the group's next
        pallet could reach the gate (the next cut-off after `now`, the trucks' departure, the
        mean lead time), else enough to last until then and `reorder_at_food_days` more."""
        cutoff = next(self.model.clock.clock_times(self.spec.order_cutoff_hour, now + 1e-6))
        arrives = self.supplier.departure_minute(cutoff) + self.lead_minutes_mean
        if household.pantry.runs_out_minute(lowest) >= arrives:
            return 0.0
        return (arrives - now) / MINUTES_PER_DAY + self.model.spec.households.reorder_at_food_days

    def join(self, household: Household) -> bool:
        """A member's regular food order goes on its group's list; False when it lacks
        nothing the group buys (then it has placed nothing)."""
        days = household.draws.basket_days()
        now = self.model.env.now
        # each food category the group buys, topped up to the member's reorder point plus
        # `days` of eating (`sim/domain/demand.py`)
        requested = basket(household.pantry, now, self.sold, household.village.pantry_index,
                           household.persons, days, household.reorder_at_days + days)
        if not requested:
            return False
        self.by_household[household.household_id].waiting.append((household, now, requested, days))
        return True

    def _daily_cutoff(self):
        """At the cut-off hour each day every leader closes the list: a bulk order when at
        least `min_households` are on it, else the list waits for tomorrow."""
        env = self.model.env
        for at in self.model.clock.clock_times(self.spec.order_cutoff_hour, env.now):
            yield env.timeout(at - env.now)
            for group in self.groups:
                if group.waiting:
                    self._close_list(group)

    def _close_list(self, group: BuyingGroup) -> None:
        village = group.village
        if not village.locked:  # released: members shop as usual again
            for household, *_ in group.waiting:
                household.offline_order_dropped(FOOD)
            group.waiting = []
            return
        if len(group.waiting) < self.spec.min_households:  # a day more: the app meanwhile,
            now = self.model.env.now                      # at each member's next ordering time
            for household, *_ in group.waiting:
                at = next_time_in_rhythm(self.model.clock, now, household.draws)
                self.model.wakeups.at(at, household.cover_until_pallet, village.lock_epoch)
            return
        platform = self.model.platform
        # what each had not asked for before, reckoned when the list goes (a member that left
        # it for the app asked the app instead)
        orders = [platform.open_without_store(household, requested, FOOD, days, GROUP,
                                              asked_minute=joined,
                                              units_needed=household.newly_needed(requested))
                  for household, joined, requested, days in group.waiting]
        group.waiting = []
        group.bulk_orders += 1
        self.bulk_orders += 1
        pallet = Consignment(self.model, village, orders, SORTING, self._draw_sorting[village.name])
        lead = self.draw_lead_minutes()
        pallet.record_sent(self.supplier.ship(pallet, dict(pallet.wanted), lead_minutes=lead))
        if any(pallet.sent.get(c, 0.0) < units - 1e-6 for c, units in pallet.wanted.items()):
            self.bulk_orders_partial += 1
        self.model.log_event("group_bulk_order", village.name,
                             f"group {group.index} of {village.name} orders for {len(orders)} "
                             f"households from {self.supplier.name}")
        pallet.dispatched()

    def kpis(self, now: float) -> dict:
        """Group-buying's KPIs (`sim/core/kpi_registry.py`): bulk orders sent and those the supplier
        could not fill in full; only in a town whose orders come through the `group` channel
        among others."""
        channels = self.model.spec.order_channels
        if len(channels) < 2 or "group" not in channels:
            return {}
        return {"group_bulk_orders": self.bulk_orders,
                "group_bulk_orders_short": self.bulk_orders_partial}


def _in_minutes(draw_days):
    """A draw of days as a draw of minutes."""
    return lambda: draw_days() * MINUTES_PER_DAY
