"""A team of identical servers working through jobs first come, first served.

Store pickers, gate volunteers and any other "c people, one queue" part of the town use it.
It costs one SimPy event per job: the service timeout, whose callback starts the next job.
(A `simpy.Resource` would cost a request, a release and a process resumption per job.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import simpy

from sim.engine.callbacks import call_later


class ServiceTeam:
    """`servers` people take jobs in arrival order; each job lasts `duration()` minutes.

    Args:
        env: the simulation environment.
        servers: how many people work at once (changeable with `set_servers`).
        duration: draws a service time in minutes.
        on_start: called as a job starts; returning False drops the job (e.g. a cancelled order).
        on_done: called when a job's service ends.
        duration_of: draws the service time of a given job instead of `duration` (a team
            whose jobs are of several kinds).
    """

    __slots__ = ("env", "servers", "busy", "queue", "_duration", "_on_start", "_on_done",
                 "busy_minutes", "_finish_minutes_in_service", "_duration_of")

    def __init__(
        self,
        env: simpy.Environment,
        servers: int,
        duration: Callable[[], float],
        on_done: Callable[[Any], None],
        on_start: Callable[[Any], bool] | None = None,
        duration_of: Callable[[Any], float] | None = None,
    ):
        self.env = env
        self.servers = servers
        self.busy = 0
        self.queue: deque = deque()
        self._duration = duration
        self._duration_of = duration_of
        self._on_start = on_start
        self._on_done = on_done
        self.busy_minutes = 0.0  # service minutes of every job started (whole jobs)
        self._finish_minutes_in_service = 0.0  # sum of the finish minutes of jobs in service

    def busy_minutes_until(self, now: float) -> float:
        """Server-minutes spent serving up to `now` (jobs in service count up to now only):
        the numerator of utilization, kept with two additions per job instead of a
        time-weighted count updated at every start and finish."""
        return self.busy_minutes - (self._finish_minutes_in_service - self.busy * now)

    def submit(self, job: Any) -> None:
        if self.busy < self.servers and not self.queue:
            self._start(job)  # a server is free: no queueing
        else:
            self.queue.append(job)
            self._start_waiting()

    @property
    def backlog(self) -> int:
        """Jobs waiting or in service."""
        return len(self.queue) + self.busy

    def set_servers(self, servers: int) -> None:
        """Change the team size; people leaving finish their current job first."""
        self.servers = max(0, servers)
        self._start_waiting()

    def _start_waiting(self) -> None:
        queue = self.queue
        while queue and self.busy < self.servers:
            self._start(queue.popleft())

    def _start(self, job: Any) -> None:
        if self._on_start is not None and not self._on_start(job):
            return
        minutes = self._duration() if self._duration_of is None else self._duration_of(job)
        self.busy += 1
        self.busy_minutes += minutes
        self._finish_minutes_in_service += self.env.now + minutes
        call_later(self.env, minutes, self._finish, job)

    def _finish(self, event: simpy.Event) -> None:
        self.busy -= 1
        self._finish_minutes_in_service -= self.env.now
        self._on_done(event.value)
        self._start_waiting()
