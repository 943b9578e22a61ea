"""Volunteers at a village gate: they take goods from couriers and carry them to doors."""

from __future__ import annotations

import mesa

from sim.distributions import sampler
from sim.engine.service_team import ServiceTeam
from sim.statistics import TimeWeightedCount
from sim.working_hours import WorkingHours


class GateTeam(mesa.Agent):
    """The volunteer team at one village's gate; each job is one round of door deliveries."""

    def __init__(self, model, village, volunteers: int):
        super().__init__(model)
        self.village = village
        sc = model.spec.volunteers
        self.orders_per_round = sc.orders_per_round
        rounds = sampler(sc.door_round_minutes,
                         model.streams.generator(f"volunteers.{village.name}.rounds"))
        self._assigned = volunteers
        self.duty_hours = WorkingHours(model.clock, [sc.duty_hours])
        self.team = ServiceTeam(model.env, volunteers if self.duty_hours.on_duty(model.env.now) else 0,
                                rounds, on_done=self._round_done)
        model.env.process(self.duty_hours.keep(model.env, self._staff, self._staff))
        self.orders_waiting = 0
        # volunteers on duty while the village is locked: utilization's base
        self.volunteer_capacity = TimeWeightedCount(model.env.now)

    def on_duty_changed(self) -> None:
        """The village was locked or released, or the team's size changed."""
        working = self.village.locked or self.orders_waiting > 0  # a released village's last rounds
        self.volunteer_capacity.set(self.model.env.now, self.team.servers if working else 0)

    def _staff(self) -> None:
        """Duty starts or ends: the assigned volunteers take over the gate, or leave it."""
        on = self.duty_hours.on_duty(self.model.env.now)
        self.team.set_servers(self._assigned if on else 0)
        self.on_duty_changed()

    def hand_over(self, batch: list) -> None:
        """Goods for `batch` arrive at the gate: split them into door rounds."""
        now = self.model.env.now
        k = self.orders_per_round
        for order in batch:
            order.gate_minute = now
        self.orders_waiting += len(batch)
        for i in range(0, len(batch), k):
            self.team.submit(batch[i:i + k])

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
        self._staff()
