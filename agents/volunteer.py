"""Volunteers at a village gate: they take goods from couriers and carry them to doors, and do
the village's other work in the same queue (taking orders for households that cannot order
online, sorting group-buying pallets, handing out pushed packs). Each volunteer keeps the gate's
duty hours less a break of its own, on the days its rota works, both staggered across the team
(`sim/domain/rostered_hours.py`): the team thins out and never stops at once."""

from __future__ import annotations

import mesa

from sim.core.distributions import sampler
from sim.core.statistics import TimeWeightedCount, rounded
from sim.domain.rostered_hours import RosteredHours, TeamOnDuty
from sim.domain.rotas import Rota
from sim.domain.working_hours import WorkingHours
from sim.engine.service_team import ServiceTeam

DOOR_ROUNDS = "door_rounds"  # carrying delivered orders to doors
ORDER_TAKING = "order_taking"  # taking orders for households that cannot order online
SORTING = "sorting"  # sorting a group-buying pallet into each member's share, to the door
PACK_ROUNDS = "pack_rounds"  # handing out pushed packs door to door


def works_for(channels) -> list[str]:
    """The kinds of work gate volunteers do in a town whose orders come through `channels`."""
    works = [DOOR_ROUNDS]
    if "phone" in channels or "volunteer" in channels:
        works.append(ORDER_TAKING)
    if "group" in channels:
        works.append(SORTING)
    if "push_pack" in channels:
        works.append(PACK_ROUNDS)
    return works


class GateTeam(mesa.Agent):
    """The volunteer team at one village's gate. A job is a round of door deliveries (its
    length drawn from `door_round_minutes`) or another piece of work of a known length;
    `busy_minutes_by_work` says where the team's time went."""

    def __init__(self, model, village, volunteers: int):
        super().__init__(model)
        self.village = village
        sc = model.spec.volunteers
        self.orders_per_round = sc.orders_per_round
        rounds = sampler(sc.door_round_minutes,
                         model.streams.generator(f"volunteers.{village.name}.rounds"))
        self._assigned = volunteers
        self.duty_hours = WorkingHours(model.clock, [sc.duty_hours])  # the gate's, break or not
        self._rota = Rota(sc.rota.days_on, sc.rota.days_off)
        self._draw_round = rounds
        self.busy_minutes_by_work: dict[str, float] = {DOOR_ROUNDS: 0.0}
        self.team = ServiceTeam(model.env, 0, rounds, on_done=self._job_done,
                                duration_of=self._job_minutes)
        self.orders_waiting = 0
        # volunteers on duty while the village is locked: utilization's base
        self.volunteer_capacity = TimeWeightedCount(model.env.now)
        self.on_duty: TeamOnDuty | None = None
        self._roster()

    def on_duty_changed(self) -> None:
        """The village was locked or released, or the team's size changed."""
        working = self.village.locked or self.orders_waiting > 0  # a released village's last rounds
        self.volunteer_capacity.set(self.model.env.now, self.team.servers if working else 0)

    def _member(self, index: int, team_size: int) -> RosteredHours:
        sc = self.model.spec.volunteers
        return RosteredHours(self.model.clock, sc.duty_hours, self._rota, index, team_size,
                             sc.break_hour, sc.break_minutes, sc.break_spread_hours)

    def _roster(self) -> None:
        """The assigned volunteers' hours, and a process that staffs the gate as they change
        (the team's earlier process stops)."""
        on_duty = self.on_duty = TeamOnDuty(self._member, self._assigned)
        env = self.model.env
        env.process(on_duty.keep(env, self._staff, still=lambda: self.on_duty is on_duty))
        self._staff()

    def _staff(self) -> None:
        """A volunteer's duty starts or ends: those on duty work the gate (one leaving finishes
        the round in hand)."""
        self.team.set_servers(self.on_duty.present(self.model.env.now))
        self.on_duty_changed()

    def hand_over(self, batch: list) -> None:
        """Goods for `batch` arrive at the gate: split them into door rounds."""
        now = self.model.env.now
        k = self.orders_per_round
        for order in batch:
            order.gate_minute = now
        self.orders_waiting += len(batch)
        for i in range(0, len(batch), k):
            self.team.submit((DOOR_ROUNDS, batch[i:i + k], None))

    def hand_out(self, work: str, orders: list, minutes_per_order) -> None:
        """Goods for `orders` came to the gate in bulk (a pallet to sort, packs to hand out):
        volunteers make up each household's share and carry it to the door, a round of
        `orders_per_round` households a job of `minutes_per_order()` each; then delivered."""
        self.orders_waiting += len(orders)
        k = self.orders_per_round
        for i in range(0, len(orders), k):
            part = orders[i:i + k]
            minutes = sum(minutes_per_order() for _ in part)
            self.submit_work(work, minutes, lambda part=part: self._round_done(part))

    def submit_work(self, work: str, minutes: float, done) -> None:
        """Queue `minutes` of `work` (e.g. ORDER_TAKING) for the team; `done()` when finished."""
        self.busy_minutes_by_work.setdefault(work, 0.0)
        self.team.submit((work, minutes, done))

    def _job_minutes(self, job) -> float:
        work, payload, _ = job
        minutes = self._draw_round() if work == DOOR_ROUNDS else payload
        self.busy_minutes_by_work[work] += minutes
        return minutes

    def _job_done(self, job) -> None:
        work, payload, done = job
        if work == DOOR_ROUNDS:
            self._round_done(payload)
        else:
            done()

    def _round_done(self, round_orders: list) -> None:
        self.orders_waiting -= len(round_orders)
        if not self.village.locked:  # a released village's last rounds: available while they last
            self.on_duty_changed()
        for order in round_orders:
            self.model.platform.deliver(order)

    @property
    def volunteers(self) -> int:
        """Volunteers assigned to this gate (on duty in its duty hours)."""
        return self._assigned

    def set_volunteers(self, volunteers: int) -> None:
        self._assigned = max(0, volunteers)
        self._roster()


class GateTeams:
    """The gate teams of every village together, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """The volunteers' hours by kind of work (`sim/core/kpi_registry.py`), every kind the
        town's channels need, done or not; only in a town that uses more than the app."""
        model = self.model
        channels = model.spec.order_channels
        if len(channels) < 2:
            return {}
        figures = {}
        for name in works_for(channels):
            minutes = sum(v.gate.busy_minutes_by_work.get(name, 0.0) for v in model.villages.values())
            figures[f"volunteer_hours_{name}"] = rounded(minutes / 60, 1)
        return figures
