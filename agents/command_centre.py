"""The command centre: channel set-up on each lockdown, monitoring, expansion, urgent needs
(its staff's trips are in `agents/urgent_needs.py`).

Coordinators are a shared resource: two villages locked at once queue for them. With the
surveyed ledger, stores are assigned at once; without it, candidate stores near the village
must be surveyed first, which is what made the surveyed ledger worth having.
"""

from __future__ import annotations

import mesa
import simpy

from agents.store import back_rooms_open
from agents.supplier import procure
from agents.urgent_needs import UrgentNeeds
from sim.core.distributions import sampler
from sim.core.phrase import Phrase
from sim.core.roads import COMMAND_CENTRE, HOSPITAL
from sim.core.statistics import TimeWeightedCount, rounded, small_quantile
from sim.core.units import MINUTES_PER_DAY
from sim.domain.policies import EXPANSION, make_restocking, select_stores
from sim.domain.working_hours import WorkingHours
from sim.engine.callbacks import call_later


class CommandCentre(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        sc = model.spec.command_centre
        self.settings = sc
        self.restocking = make_restocking(model.spec.restocking)  # when and how much stores order
        self.x_km, self.y_km = sc.x_km, sc.y_km
        self.place = model.travel.place(COMMAND_CENTRE, sc.x_km, sc.y_km)
        self.hospital = model.travel.place(HOSPITAL, sc.hospital_x_km, sc.hospital_y_km)
        env = model.env
        self.coordinators = simpy.Resource(env, capacity=sc.coordinators)
        self.coordinator_hours = WorkingHours(model.clock, [sc.coordinator_hours])
        self.urgent_staff_hours = WorkingHours(model.clock, [sc.urgent_staff_hours])
        gen = model.streams.generator
        rng = gen("command.setup")
        self.draw_reach = sampler(sc.reach_area_minutes, rng)
        self.draw_groups = sampler(sc.set_up_groups_minutes, rng)
        self.draw_assign = sampler(sc.assign_store_minutes, rng)
        self.draw_survey = sampler(sc.survey_store_minutes, rng)
        self.draw_confirm = sampler(sc.store_confirm_minutes, gen("command.confirm"))
        self.draw_publish = sampler(sc.publish_minutes, rng)
        self.urgent = UrgentNeeds(self)
        # people at work, for utilization (from the first lockdown on)
        self.coordinators_busy = TimeWeightedCount(env.now)
        self.urgent_staff_busy = TimeWeightedCount(env.now)
        self.first_lockdown_minute: float | None = None
        self.surveyed: set[str] = set()
        self._last_expansion: dict[tuple, float] = {}
        self._publishing: set[tuple] = set()
        self.expansion_reason = EXPANSION[sc.expansion]
        if model.spec.ledger.surveyed:
            self.surveyed = {s.store_id for s in model.stores}
        # a drill played in a room: village -> an event that the players' page succeeds when
        # they have published its channels (value False) or handed the set-up to the model (True);
        # None from it: the role is left to the model, whose set-up starts at once
        self.set_up_by_players = None

    # --- lockdown and channel set-up -----------------------------------------------------
    def village_sealed(self, village, days: float | None = None) -> str:
        """The one way a village is locked down (by the scenario's schedule or a drill's
        inject): it is locked now, the channel set-up starts, and with `days` it is released
        after them (that lockdown only, not a later one of the same village)."""
        if village.locked:
            return Phrase("{village} was already locked", village=village.name)
        epoch = village.lock()
        env = self.model.env
        if self.first_lockdown_minute is None:
            self.first_lockdown_minute = env.now
        env.process(self._set_up_channels(village))
        self.urgent.desks.village_sealed(village)
        self.model.push_packs.village_sealed(village, epoch)
        if days is None:
            return Phrase("{village} locked; command centre sets up channels", village=village.name)
        call_later(env, days * MINUTES_PER_DAY, lambda _event: village.release(epoch))
        return Phrase("{village} locked for {days:g} days; command centre sets up channels",
                      village=village.name, days=days)

    def _set_up_channels(self, village):
        """From lockdown to ordering channels open, for each kind in the standard set."""
        env = self.model.env
        if self.set_up_by_players is not None:
            waiting = self.set_up_by_players(village)  # None: the model sets this one up, now
            if waiting is not None and not (yield waiting):
                return
        with self.coordinators.request() as turn:
            yield turn
            yield from self.coordinator_hours.until_on_duty(env)
            self.coordinators_busy.add(env.now, 1)
            yield env.timeout(self.draw_reach())
            yield env.timeout(self.draw_groups())
            to_survey = [s for s in self._candidates(village)
                         if s.store_id not in self.surveyed
                         and s.distance_km_to(village) <= self.settings.survey_radius_km]
            for store in to_survey:
                yield env.timeout(self.draw_survey())
                self.surveyed.add(store.store_id)
            for kind in self.model.spec.standard_kinds:
                yield env.timeout(self.draw_assign())
                chosen = select_stores(self.model, village, kind, self.surveyed,
                                       self.model.spec.store_kinds[kind].stores_per_village)
                if not chosen:
                    self.model.stats.set_up_without_store.add((village.name, kind))
                    self.model.log_event("no_store", village.name,
                                         f"no qualified {kind} store for {village.name}")
                    self.model.ad_hoc_licensing.short_of_stores(village, kind)
                for store in chosen:
                    self._assign(store, village, kind)
            self.coordinators_busy.add(env.now, -1)

    def _candidates(self, village):
        return sorted(self.model.stores, key=lambda s: (s.distance_km_to(village), s.store_id))

    def _assign(self, store, village, kind) -> None:
        """The store is asked to serve the village; its load counts the village from now."""
        store.confirming.append(village)
        self.model.env.process(self._confirm(store, village, kind))

    def _confirm(self, store, village, kind):
        env = self.model.env
        yield env.timeout(self.draw_confirm())
        store.confirming.remove(village)
        if store.closed or not village.locked:
            return
        village.channels.add_store(kind, store)
        key = (village.name, kind)
        if village.is_open(kind) or key in self._publishing:
            return
        self._publishing.add(key)
        yield env.timeout(self.draw_publish())
        self._publishing.discard(key)
        village.open_channel(kind)

    # --- monitoring and expansion -------------------------------------------------------
    def monitor(self):
        """The supply group's rounds: what the expansion policy names (by default a
        backlog) brings reserve stores, low shelves bring supply."""
        env = self.model.env
        interval = self.settings.monitor_interval_minutes
        while True:
            yield env.timeout(interval)
            for store in self.model.stores:
                if not store.active or store.pickers.servers == 0:  # closed for the night
                    continue
                why = self.expansion_reason(store)
                if why is not None:
                    for village in list(store.serves):
                        self.expand(village, store.kind, f"{why} at {store.store_id}")
                low = self.restocking.low_stock_wants(store)
                if low:
                    procure(self.model, store, low, "low stock noticed by the supply group")

    def expand(self, village, kind: str, reason: str, replacing: bool = False) -> bool:
        """Activate a reserve store of `kind` for `village` unless one was added recently: one
        that adds capacity (serving no village, else with room; never a saturated one). A store
        the village lost (`replacing`) is replaced whatever the cooldown."""
        now = self.model.env.now
        key = (village.name, kind)
        last = self._last_expansion.get(key)
        if not replacing and last is not None and now - last < self.settings.expansion_cooldown_minutes:
            return False
        # the cooldown runs from every attempt, so a town with no reserve left is not re-ranked
        # on every monitoring round
        self._last_expansion[key] = now
        serving = village.stores_by_kind.get(kind, ())
        reserves = [s for s in select_stores(self.model, village, kind, self.surveyed, count=None,
                                             adding_capacity=True)
                    if s not in serving and village not in s.confirming]
        if not reserves:  # a ledger shop may be licensed for it (agents/ad_hoc_licensing.py)
            self.model.ad_hoc_licensing.short_of_stores(village, kind)
            return False
        store = reserves[0]
        self.model.stats.reserve_stores_activated += 1
        self.model.log_event("expansion", village.name,
                             f"reserve {kind} {store.store_id} activated for {village.name}: {reason}")
        self._assign(store, village, kind)
        return True

    def overnight_restock(self):
        """Every night each active store orders tomorrow's estimated demand."""
        env = self.model.env
        model = self.model
        for at in model.clock.clock_times(model.spec.restocking.overnight_order_hour, env.now):
            yield env.timeout(at - env.now)
            for store in model.stores:
                if store.active:
                    # the night after it took on a locked village its back room takes stock too
                    with back_rooms_open([store] if store.stocks_up_tonight() else []):
                        wants = self.restocking.overnight_wants(store)
                        if wants:
                            sent = procure(model, store, wants, "overnight estimate from locked population")
                            model.stats.overnight_order(store, sent)
                    store.stock_up_for.clear()  # a store closed tonight stocks up when it reopens

    # --- urgent needs (agents/urgent_needs.py) ------------------------------------------
    def urgent_request(self, household) -> None:
        self.urgent.request(household)

    # --- couriers -----------------------------------------------------------------------
    def whitelist_more_couriers(self, count: int) -> None:
        """New couriers sign the commitment and pass a test before their first trip."""
        group = self.model.delivery_group
        for _ in range(count):
            group.add_courier(self.place, onboarding=True)
        self.model.log_event("whitelist", "command centre", f"{count} more couriers onboarding")


    # --- KPIs ---------------------------------------------------------------------------
    def kpis(self, now: float) -> dict:
        """The command centre's KPIs (`sim/core/kpi_registry.py`): the villages it sealed, how long
        their channels took to open, the reserve stores it activated."""
        stats = self.model.stats
        locked = [v for v in self.model.villages.values() if v.lock_minute is not None]
        open_minutes = list(stats.channel_open_minutes.values())
        return {
            "villages_locked": len(locked),
            "households_locked": sum(len(v.households) for v in locked),
            "channel_open_minutes_min": rounded(min(open_minutes) if open_minutes else None),
            "channel_open_minutes_median": rounded(small_quantile(open_minutes, 0.5)),
            "channel_open_minutes_max": rounded(max(open_minutes) if open_minutes else None),
            "reserve_stores_activated": stats.reserve_stores_activated,
        }
