"""The only code that knows SimPy's internals: the town's fast paths, each with its measured reason.

- `callbacks`: `call_later`, the one way to schedule a one-shot callback ("call this at minute
  t"); `call_first_at`, a callback before every other event of its minute (a live drill's
  actions, replayed); and `run_until`, the run loop without a method call per event.
- `wakeup_buckets`: far-future wake-ups (every household's next order) kept out of SimPy's
  heap until their five-minute slot comes.
- `service_team`: "c people, one queue" at one event per job instead of a `simpy.Resource`.
- `gc_guard`: keeps the cyclic garbage collector off the town's long-lived objects.

Everything else in the project uses SimPy only through its public API (processes, timeouts,
resources) or through these.
"""

from sim.engine.callbacks import Wakeup, call_first_at, call_later, run_until
from sim.engine.gc_guard import fewer_gc_passes
from sim.engine.service_team import ServiceTeam
from sim.engine.wakeup_buckets import WakeupBuckets

__all__ = ["Wakeup", "call_first_at", "call_later", "run_until", "fewer_gc_passes", "ServiceTeam", "WakeupBuckets"]
