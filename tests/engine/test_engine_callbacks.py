"""The fast paths through SimPy behave exactly as SimPy's own."""

import simpy

from sim.engine.callbacks import call_later, run_until


def _trace(use_fast: bool) -> list:
    """Processes, timeouts and callbacks at equal and different times; returns what ran when."""
    env = simpy.Environment()
    seen = []

    def worker(name, gaps):
        for gap in gaps:
            yield env.timeout(gap)
            seen.append((env.now, name))

    for i in range(5):
        env.process(worker(f"p{i}", [1.5, 0.0, 2.0, 1.0 + i]))
    for delay in [0.0, 1.5, 1.5, 3.0, 7.25]:
        if use_fast:
            call_later(env, delay, lambda ev: seen.append((env.now, "cb", ev.value)), delay)
        else:
            env.timeout(delay, delay).callbacks.append(lambda ev: seen.append((env.now, "cb", ev.value)))
    for end in [1.5, 3.0, 4.0, 20.0]:
        if use_fast:
            run_until(env, end)
        else:
            env.run(until=end)
        seen.append(("tick", env.now))
    return seen


def test_call_later_and_run_until_match_timeouts_and_env_run():
    assert _trace(True) == _trace(False)


def test_a_failed_event_still_crashes_the_run():
    env = simpy.Environment()

    def failing():
        yield env.timeout(1)
        raise RuntimeError("boom")

    env.process(failing())
    try:
        run_until(env, 5)
    except RuntimeError as exc:
        assert "boom" in str(exc)
    else:
        raise AssertionError("the failure was swallowed")


def test_simpy_queue_layout_is_the_one_the_fast_paths_rely_on():
    env = simpy.Environment()
    env.timeout(2.0, "x")
    (entry,) = env._queue
    assert entry[0] == 2.0 and isinstance(entry[2], int) and entry[3].value == "x"
    assert simpy.__version__.startswith("4.1")
