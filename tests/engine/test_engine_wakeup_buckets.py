"""The wake-up buckets call every wake-up at its exact minute, whatever the slot arithmetic."""

import simpy
from hypothesis import given
from hypothesis import strategies as st

from sim.engine.callbacks import run_until
from sim.engine.wakeup_buckets import WakeupBuckets


@given(st.lists(st.tuples(st.floats(0, 300), st.floats(0, 200)), min_size=1, max_size=60),
       st.sampled_from([1.0, 5.0, 60.0]))
def test_every_wake_up_fires_once_at_its_minute(plan, slot_minutes):
    """`plan`: (when it is asked, how far ahead) pairs, asked at scattered times, including
    after the buckets have gone idle."""
    env = simpy.Environment()
    buckets = WakeupBuckets(env, slot_minutes)
    fired = []

    def ask(ev):
        asked_at, ahead = ev.value
        target = asked_at + ahead
        buckets.at(target, lambda _e, t=target: fired.append((env.now, t)))

    for asked_at, ahead in plan:
        env.timeout(asked_at, (asked_at, ahead)).callbacks.append(ask)
    run_until(env, 600)
    assert len(fired) == len(plan)
    assert all(abs(now - target) < 1e-9 for now, target in fired)
    assert len(buckets) == 0


def test_a_wake_up_in_the_current_slot_after_an_idle_spell():
    env = simpy.Environment()
    buckets = WakeupBuckets(env, 5.0)
    fired = []
    buckets.at(2.0, lambda e: fired.append(env.now))
    run_until(env, 50.0)             # the buckets have gone idle
    buckets.at(52.0, lambda e: fired.append(env.now))  # same slot as now (50-55)
    buckets.at(61.0, lambda e: fired.append(env.now))
    run_until(env, 100.0)
    assert fired == [2.0, 52.0, 61.0]
