"""Validation: stripped to one pharmacy, Poisson orders and exponential picking, the store's
picking queue is an M/M/c queue, and the model must agree with queueing theory."""

import math

import numpy as np
import pytest
from scipy import stats

from sim.model.town_model import TownModel
from tests.support.mmc_town import (
    ARRIVALS_PER_HOUR,
    DAYS,
    PICK_MINUTES_MEAN,
    PICKERS,
    erlang_c_wait_minutes,
    mmc_town,
)


def run_store_queue(seed: int):
    model = TownModel(mmc_town(seed))
    model.run_episode()
    orders = model.platform.order_log.to_pandas()
    picked = orders[orders.picked_minute.notna()]
    warm_up = 2 * 1440  # leave out the first two days
    steady = picked[picked.placed_minute >= warm_up]
    return model, orders, steady


@pytest.fixture(scope="module")
def replications():
    return [run_store_queue(seed) for seed in range(8)]


def test_arrivals_are_poisson_at_the_configured_rate(replications):
    for _, orders, _ in replications:
        assert set(orders.kind) == {"pharmacy"}
        placed = np.sort(orders.placed_minute.to_numpy())
        gaps = np.diff(placed)
        assert gaps.mean() == pytest.approx(60 / ARRIVALS_PER_HOUR, rel=0.08)
        # exponential gaps: coefficient of variation near 1, and a KS test does not reject
        assert gaps.std() / gaps.mean() == pytest.approx(1.0, abs=0.08)
        assert stats.kstest(gaps, "expon", args=(0, gaps.mean())).pvalue > 0.001


def test_mean_wait_agrees_with_erlang_c(replications):
    waits = [(s.pick_start_minute - s.placed_minute).mean() for _, _, s in replications]
    theory = erlang_c_wait_minutes(ARRIVALS_PER_HOUR / 60, PICK_MINUTES_MEAN, PICKERS)
    mean = float(np.mean(waits))
    half_width = stats.t.ppf(0.995, len(waits) - 1) * np.std(waits, ddof=1) / math.sqrt(len(waits))
    assert abs(mean - theory) <= half_width, (mean, half_width, theory)
    assert theory == pytest.approx(6.410, abs=0.001)  # the textbook value for these figures


def test_number_at_the_store_agrees_with_littles_law_and_erlang_c(replications):
    """The time-average number of orders at the store (waiting or being picked), measured from
    the order log, against L = lambda * (Wq + 1/mu) with Wq from Erlang C."""
    start, end = 2 * 1440, DAYS * 1440 - 60
    measured = []
    for _, orders, _ in replications:
        done = orders[orders.picked_minute.notna()]
        arrive = done.placed_minute.clip(start, end).to_numpy()
        leave = done.picked_minute.clip(start, end).to_numpy()
        measured.append((leave - arrive).sum() / (end - start))
    arrivals_per_minute = ARRIVALS_PER_HOUR / 60
    theory = arrivals_per_minute * (
        erlang_c_wait_minutes(arrivals_per_minute, PICK_MINUTES_MEAN, PICKERS) + PICK_MINUTES_MEAN)
    mean = float(np.mean(measured))
    half_width = stats.t.ppf(0.995, len(measured) - 1) * np.std(measured, ddof=1) / math.sqrt(len(measured))
    assert abs(mean - theory) <= half_width, (mean, half_width, theory)
    assert half_width < 0.25 * theory  # tight enough to mean something


def test_picker_utilization_matches_offered_load(replications):
    rho = ARRIVALS_PER_HOUR / 60 * PICK_MINUTES_MEAN / PICKERS
    for model, _, _ in replications:
        pharmacy = next(s for s in model.stores if s.kind == "pharmacy")
        busy = pharmacy.pickers.busy_minutes / (PICKERS * (model.horizon_minutes - pharmacy_open(model)))
        assert busy == pytest.approx(rho, abs=0.05)


def pharmacy_open(model) -> float:
    return min(w[2] for w in model.stats.channel_windows if w[1] == "pharmacy")
