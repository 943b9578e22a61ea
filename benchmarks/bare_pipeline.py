"""The yardstick: the same steps an order goes through in the town model (arrival, picking at
a store, courier trip, gate handover, door round) as a bare SimPy pipeline written the plain
way (a process per order, `simpy.Resource` for pickers, couriers and volunteers, a
`simpy.Store` per store as its outbox), with no model, agents or statistics around it."""

from __future__ import annotations

import numpy as np
import simpy


def run_bare_pipeline(orders: int, stores: int = 60, pickers: int = 3, couriers: int = 200,
                      volunteers_per_gate: int = 10, gates: int = 17, batch: int = 20,
                      days: float = 14.0, seed: int = 1) -> dict:
    """Push `orders` orders through; returns orders done and SimPy events processed."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    gaps = rng.exponential(days * 1440 / orders, orders).tolist()
    pick = rng.triangular(3, 5, 8, orders).tolist()
    door = rng.uniform(5, 15, orders).tolist()
    trip = rng.uniform(10, 40, orders).tolist()
    store_of = rng.integers(0, stores, orders).tolist()
    gate_of = rng.integers(0, gates, orders).tolist()
    picker_teams = [simpy.Resource(env, pickers) for _ in range(stores)]
    outboxes = [simpy.Store(env) for _ in range(stores)]
    courier_pool = simpy.Resource(env, couriers)
    gate_teams = [simpy.Resource(env, volunteers_per_gate) for _ in range(gates)]
    done = [0]

    def order(i):
        with picker_teams[store_of[i]].request() as turn:
            yield turn
            yield env.timeout(pick[i])
        yield outboxes[store_of[i]].put(i)

    def courier_loop(s):
        box = outboxes[s]
        while True:
            first = yield box.get()
            load = [first]
            while box.items and len(load) < batch:
                load.append((yield box.get()))
            with courier_pool.request() as turn:
                yield turn
                yield env.timeout(trip[first])          # to the gate
                yield env.timeout(1.5 * len(load))      # handover at the gate
            for i in load:
                env.process(door_round(i))

    def door_round(i):
        with gate_teams[gate_of[i]].request() as turn:
            yield turn
            yield env.timeout(door[i])
        done[0] += 1

    def arrivals():
        for i in range(orders):
            yield env.timeout(gaps[i])
            env.process(order(i))

    for s in range(stores):
        env.process(courier_loop(s))
    env.process(arrivals())
    env.run(until=days * 1440 + 2880)
    return {"orders_done": done[0], "events": events_processed(env)}


def events_processed(env: simpy.Environment) -> int:
    """Events SimPy has processed: ids handed out minus those still waiting in the queue."""
    return next(env._eid) - len(env._queue)
