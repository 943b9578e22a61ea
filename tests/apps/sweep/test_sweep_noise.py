"""Sensitivity indices set against replication noise: the noise share of a KPI's spread
between design points, the indices noise could explain marked and warned about, and common
random numbers taking the seeds out of the comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.apps.sweep.noise import dominated_by_noise, noise_share
from sim.cli.commands import main
from tests.support.sweep_fixtures import DELIVERY_SOBOL, DEMAND_PARAMETER

DELIVERY = ["couriers.max_batch_wait_minutes", "couriers.whitelist_size",
            "volunteers.orders_per_round"]
DEMAND = "households.first_day_order_share"

shapes = st.tuples(st.integers(2, 12), st.integers(2, 5))
whole = st.integers(-1000, 1000).map(float)  # exact sums: no rounding to blur a zero


@given(shape=shapes, data=st.data())
def test_a_replication_effect_shared_by_every_point_is_not_noise(shape, data):
    """Under common random numbers a seed moves every point alike: no noise in the indices."""
    points, replications = shape
    point_effect = data.draw(arrays(float, points, elements=whole))
    seed_effect = data.draw(arrays(float, replications, elements=whole))
    values = point_effect[:, None] + seed_effect[None, :]
    share = noise_share(values)
    assert share == pytest.approx(0.0, abs=1e-6)


@given(values=shapes.flatmap(lambda s: arrays(float, s, elements=whole)),
       scale=st.sampled_from([0.25, 3.0, 1000.0]), shift=whole)
def test_the_noise_share_is_a_share_and_does_not_depend_on_units(values, scale, shift):
    share = noise_share(values)
    assert 0.0 <= share <= 1.0
    assert noise_share(values * scale + shift) == pytest.approx(share, abs=1e-6)


def test_pure_noise_is_nearly_all_noise_and_a_strong_effect_nearly_none():
    rng = np.random.default_rng(3)
    noise = rng.normal(size=(200, 3))
    assert noise_share(noise) > 0.8
    assert noise_share(noise + np.arange(200)[:, None]) < 0.01
    assert np.isnan(noise_share(noise[:, :1]))  # one replication says nothing about noise


def test_an_index_is_dominated_when_noise_alone_could_give_half_of_it():
    assert dominated_by_noise(0.3, floor=0.2, share=0.2)
    assert not dominated_by_noise(0.5, floor=0.2, share=0.2)
    assert dominated_by_noise(2.5, floor=0.6, share=0.6)  # a KPI that is mostly noise
    assert not dominated_by_noise(0.0, floor=0.0, share=0.0)  # no noise: the parameters' own
    assert not dominated_by_noise(0.1, floor=float("nan"), share=float("nan"))


def _indices(stored_sweep, body):
    summary = stored_sweep.summary(body)
    table = pd.read_csv(summary.folder / "sensitivity.csv")
    return summary, table.set_index(["kpi", "parameter"])


def test_seeds_per_point_give_noise_indices_that_are_flagged_and_warned(stored_sweep, capsys):
    body = "common_random_numbers = false\n" + DELIVERY_SOBOL
    summary, table = _indices(stored_sweep, body)
    placed = table.loc["orders_placed"]
    assert (placed["ST"] > 0.2).all()  # the seeds make the delivery settings look influential
    assert (placed["noise_share"] > 0.5).all() and placed["noise_dominated"].all()
    batching = table.loc["lead_time_share_batching"]  # what the batch wait does move
    assert not batching.loc["couriers.max_batch_wait_minutes", "noise_dominated"]
    assert batching.loc["couriers.max_batch_wait_minutes", "ST"] > 0.5
    (warning,) = [w for w in summary.warnings if w.startswith("orders_placed:")]
    assert "so its indices measure the seeds" in warning and all(p in warning for p in DELIVERY)
    assert "common_random_numbers = true" in warning

    assert main(["sweep", "summarize", str(stored_sweep(body))]) == 0
    assert f"warning: {warning}" in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("seeding", ["", "common_random_numbers = false\n"])
def test_a_parameter_that_moves_a_kpi_is_not_flagged_beside_ones_that_do_not(stored_sweep, seeding):
    summary, table = _indices(stored_sweep, seeding + DELIVERY_SOBOL + DEMAND_PARAMETER)
    placed = table.loc["orders_placed"]
    assert not placed.loc[DEMAND, "noise_dominated"] and placed.loc[DEMAND, "ST"] > 0.5
    assert placed.loc[DELIVERY, "noise_dominated"].all()
    assert (placed.loc[DELIVERY, "ST"] < 0.2).all()


def test_common_random_numbers_give_near_zero_indices_to_what_cannot_move_a_kpi(stored_sweep):
    # no delivery setting, nor the demand one, moves how fast the channels open (orders placed
    # move a little: a household's next order waits for its last delivery); the sweep is the
    # one beside the demand setting above (common random numbers are the default for Sobol)
    summary, table = _indices(stored_sweep, DELIVERY_SOBOL + DEMAND_PARAMETER)
    channels = table.loc["channel_open_minutes_median"]
    assert (channels["ST"].abs() < 0.05).all() and (channels["S1"].abs() < 0.05).all()
    assert not channels["noise_dominated"].any()
    assert ("channel_open_minutes_median: the same at every design point: no parameter moves it "
            "(indices 0)") in summary.notes
    batching = table.loc["lead_time_share_batching"]  # what the batch wait does move
    assert batching.loc["couriers.max_batch_wait_minutes", "ST"] > 0.5
    assert not batching.loc["couriers.max_batch_wait_minutes", "noise_dominated"]


def test_one_replication_cannot_measure_noise_and_says_so(stored_sweep):
    summary, table = _indices(stored_sweep, DELIVERY_SOBOL.replace("replications = 3", "replications = 1")
                              .replace("samples = 8", "samples = 4"))
    assert table["noise_share"].isna().all() and not table["noise_dominated"].any()
    assert any(w.startswith("replications = 1: the noise") for w in summary.warnings)
