"""Service KPIs that do not hide orders still waiting, and what limits deliveries.

Each KPI is recomputed here from the order log (one row per order, open ones included), so the
streamed figures are checked against their written definitions (README, "KPIs")."""

from __future__ import annotations

import numpy as np
import pytest

from sim.apps.report.constraints import constraint_rows
from sim.domain.orders import CANCEL_REASONS, LEAD_TIME_STAGES
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import Scenario

STAGE_COLUMNS = ("placed_minute", "pick_start_minute", "picked_minute", "batch_ready_minute",
                 "dispatched_minute", "gate_minute", "delivered_minute")


def run(scenario):
    model = TownModel(scenario)
    kpis = model.run_episode()
    return model, kpis, model.platform.order_log.to_pandas()


@pytest.fixture(scope="module")
def short_of_couriers():
    """One courier for two villages, living outside them (not locked in at home): a backlog that
    is still waiting at the end."""
    return run(small_town(villages=2, population=1000, horizon_days=1.5,
                          couriers={"whitelist_size": 1, "max_batch_orders": 5,
                                    "living_outside_town_share": 1.0}))


ONE_PICKER = {kind: {**settings.model_dump(), "min_pickers": 1, "max_pickers": 1, "pick_minutes": 15.0,
                     "stock_per_m2": {c: 20 * units for c, units in settings.stock_per_m2.items()}}
              for kind, settings in Scenario.model_fields["store_kinds"].default_factory().items()}


@pytest.fixture(scope="module")
def short_of_pickers():
    """One slow picker per store, impatient households, couriers to spare."""
    return run(small_town(villages=2, population=1500, couriers=40, horizon_days=1.5,
                          store_kinds=ONE_PICKER, households={"patience_minutes": 480}))


def kaplan_meier_quantile(done: np.ndarray, waiting: np.ndarray, q: float) -> float:
    """Exact Kaplan-Meier on individual times (delivered: events; still open: censored)."""
    times = np.concatenate([done, waiting])
    is_event = np.concatenate([np.ones(len(done), bool), np.zeros(len(waiting), bool)])
    order = np.lexsort((~is_event, times))  # at equal times, events before censoring
    survival, at_risk = 1.0, len(times)
    for t, event in zip(times[order], is_event[order]):
        if event:
            survival *= 1 - 1 / at_risk
            if survival <= 1 - q:
                return float(t)
        at_risk -= 1
    return float(times.max())


def test_fill_rate_counts_orders_still_open_as_not_served(short_of_couriers):
    model, kpis, orders = short_of_couriers
    assert kpis["orders_open_at_end"] > 50
    requested = orders.filter(like="requested_").sum(axis=1).sum()
    delivered = orders[orders.status == "delivered"].filter(like="filled_").sum(axis=1).sum()
    assert kpis["fill_rate"] == pytest.approx(delivered / requested, abs=1e-4)
    closed = orders[orders.status != "open"].filter(like="requested_").sum(axis=1).sum()
    assert kpis["fill_rate_closed_orders"] == pytest.approx(delivered / closed, abs=1e-4)
    assert kpis["fill_rate"] < kpis["fill_rate_closed_orders"] - 0.1
    assert kpis["orders_delivered_share"] == pytest.approx(
        (orders.status == "delivered").mean(), abs=1e-4)


def test_lead_time_counts_open_orders_at_their_age(short_of_couriers):
    model, kpis, orders = short_of_couriers
    end = model.horizon_minutes
    delivered = orders[orders.status == "delivered"]
    done = (delivered.delivered_minute - delivered.placed_minute).to_numpy()
    waiting = (end - orders[orders.status == "open"].placed_minute).to_numpy()
    for q in (0.5, 0.9):
        assert kpis[f"lead_time_minutes_p{round(q * 100)}"] == pytest.approx(
            kaplan_meier_quantile(done, waiting, q), abs=1.0)
    # the KPI is the histogram's quantile: the value at rank q x n, as numpy's "inverted_cdf"
    # defines it (not numpy's default, which interpolates between neighbouring orders)
    assert kpis["lead_time_delivered_minutes_p90"] == pytest.approx(
        np.quantile(done, 0.9, method="inverted_cdf"), abs=1.0)
    # leaving the waiting orders out would make the lead time look shorter than it is
    assert kpis["lead_time_minutes_p90"] > kpis["lead_time_delivered_minutes_p90"] + 30
    assert kpis["lead_time_minutes_mean"] > done.mean()


def test_without_open_orders_lead_time_is_the_delivered_orders():
    _, kpis, orders = run(small_town(villages=1, population=200, horizon_days=1.5,
                                     lockdown_lengths_days=[1.0]))
    assert (orders.status == "open").sum() == 0
    assert kpis["lead_time_minutes_p90"] == kpis["lead_time_delivered_minutes_p90"]


def test_delivered_within_two_hours_leaves_out_only_orders_that_may_still_make_it(short_of_couriers):
    model, kpis, orders = short_of_couriers
    end = model.horizon_minutes
    undecided = (orders.status == "open") & (orders.placed_minute > end - 120)
    in_time = (orders.status == "delivered") & (orders.delivered_minute - orders.placed_minute < 120)
    expected = in_time.sum() / (~undecided).sum()
    assert kpis["orders_delivered_within_120_minutes_share"] == pytest.approx(expected, abs=1e-4)


def test_stage_shares_are_where_delivered_orders_spent_their_time(short_of_couriers):
    model, kpis, orders = short_of_couriers
    delivered = orders[orders.status == "delivered"]
    minutes = [(delivered[b] - delivered[a]).sum() for a, b in zip(STAGE_COLUMNS, STAGE_COLUMNS[1:])]
    closed = delivered["waited_closed_minutes"].sum()  # the first wait, split by opening hours
    minutes = [closed, minutes[0] - closed, *minutes[1:]]
    for stage, stage_minutes in zip(LEAD_TIME_STAGES, minutes):
        assert kpis[f"lead_time_share_{stage}"] == pytest.approx(stage_minutes / sum(minutes), abs=1e-4)
    # two couriers for the town: the orders wait for them
    assert max(LEAD_TIME_STAGES, key=lambda s: kpis[f"lead_time_share_{s}"]) == "waiting_for_courier"


def test_cancellations_by_reason_add_up(short_of_pickers):
    _, kpis, _ = short_of_pickers
    by_reason = [kpis[f"orders_cancelled_{r.replace(' ', '_')}"] for r in CANCEL_REASONS]
    assert sum(by_reason) == kpis["orders_cancelled"] > 0
    assert kpis["orders_cancelled_waited_too_long"] > 0


def test_utilization_names_the_binding_resource(short_of_couriers, short_of_pickers):
    """One courier: couriers bind. One slow picker per store and couriers to spare: pickers."""
    for (model, kpis, _), binding in ((short_of_couriers, "couriers"), (short_of_pickers, "pickers")):
        for key in ("coordinator", "picker", "courier", "gate_volunteer", "urgent_staff"):
            assert 0.0 <= kpis[f"{key}_utilization"] <= 1.0
        _, rows = constraint_rows(model.timeseries.to_pandas())
        assert rows and all(row[-1].startswith(binding) for row in rows), rows
    assert short_of_couriers[1]["courier_utilization"] > 0.8
    assert short_of_pickers[1]["picker_utilization"] > short_of_couriers[1]["picker_utilization"]
    assert short_of_pickers[1]["lead_time_share_waiting_for_picker"] > 0.5


def test_picker_utilization_is_the_offered_load_of_a_single_store():
    """Validation (M/M/c, see test_queueing_validation): one pharmacy, Poisson orders."""
    from tests.support.mmc_town import (
        ARRIVALS_PER_HOUR,
        PICK_MINUTES_MEAN,
        PICKERS,
        mmc_town,
    )

    _, kpis, _ = run(mmc_town(seed=3))
    rho = ARRIVALS_PER_HOUR / 60 * PICK_MINUTES_MEAN / PICKERS
    assert kpis["picker_utilization"] == pytest.approx(rho, abs=0.03)


def test_urgent_calls_still_waiting_are_not_hidden():
    """One staff member for many urgent calls: calls wait past the end, and the pickup times
    count them (censored at their age) instead of leaving them out."""
    model, kpis, _ = run(small_town(
        villages=2, population=800, horizon_days=1.5, lockdown_days=[0.0, 0.0],
        households={"chronic_medicine_share": 0.6, "refill_ordered_share": 0.0,
                    "medicine_days_at_lockdown": {"dist": "uniform", "low": 0, "high": 1}},
        command_centre={"urgent_staff": 1}))
    st = model.stats
    assert kpis["urgent_open_at_end"] == len(st.urgent_open) > 10
    # medicine trips and care trips alike: the KPI counts every urgent call
    finished = np.array([u[1] for u in st.urgent + st.urgent_care])
    reached = np.concatenate([finished, [p - c for c, p in st.urgent_open.values() if p is not None]])
    waiting = np.array([model.horizon_minutes - c for c, p in st.urgent_open.values() if p is None])
    assert kpis["urgent_pickup_minutes_p90"] == pytest.approx(
        kaplan_meier_quantile(reached, waiting, 0.9), abs=1.0)
    assert kpis["urgent_pickup_minutes_p90"] > np.quantile(finished, 0.9)
    young = (waiting < 30).sum()
    assert kpis["urgent_within_30_minutes_share"] == pytest.approx(
        (reached <= 30).sum() / (st.urgent_requests - young), abs=1e-4)


def test_utilization_stays_a_share_when_a_released_village_leaves_work_behind():
    """Released while the queue is long: the pickers and volunteers who work it off count as
    available while they do, so busy minutes never exceed available ones."""
    _, kpis, _ = run(small_town(villages=1, population=3000, horizon_days=3, lockdown_days=[0.0],
                                lockdown_lengths_days=[1.2]))
    for key in ("coordinator", "picker", "courier", "gate_volunteer", "urgent_staff"):
        assert 0.0 <= kpis[f"{key}_utilization"] <= 1.0, key
    assert kpis["picker_utilization"] > 0.3
