"""The comparison's statistics on tables worked out by hand: Holm's adjustment, paired tests,
the CRN variance ratio, the best subset and the precision rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.apps.compare.best_report import best_rows
from sim.apps.compare.indifference import indifference_zone
from sim.apps.compare.statistics import (
    PrecisionCheck,
    best_table,
    comparison_table,
    crn_variance_ratio,
    holm,
    near_best,
    next_round,
    paired_test,
    precision_check,
    subset_of_best,
)
from sim.core.i18n import translator

ENGLISH = translator("en")


def test_holm_matches_a_table_computed_by_hand():
    # sorted: 0.005 x4 = 0.02; 0.01 x3 = 0.03; 0.03 x2 = 0.06; 0.04 x1 = 0.04 -> kept at 0.06
    p = [0.01, 0.04, 0.03, 0.005, math.nan]
    expected = [0.03, 0.06, 0.06, 0.02, math.nan]
    np.testing.assert_allclose(holm(p), expected, rtol=0, atol=1e-12)


def test_holm_caps_at_one_and_keeps_ties_monotone():
    np.testing.assert_allclose(holm([0.5, 0.6]), [1.0, 1.0])
    np.testing.assert_allclose(holm([0.02, 0.02, 0.9]), [0.06, 0.06, 0.9])


def test_a_paired_t_test_matches_the_textbook_formula():
    d = np.array([1.0, 2.0, 0.5, 1.5])
    t = d.mean() / (d.std(ddof=1) / 2)  # sqrt(4) = 2
    from scipy import stats

    assert paired_test(d) == pytest.approx(2 * stats.t.sf(t, 3), rel=1e-12)
    assert paired_test(np.zeros(5)) == 1.0  # nothing changed
    assert paired_test(np.full(5, 3.0)) == 0.0  # the same change every time


def test_the_crn_variance_ratio_is_low_when_the_pair_moves_together():
    base = np.array([10.0, 30.0, 20.0, 50.0])
    assert crn_variance_ratio(base + 1.0, base) == 0.0
    independent = np.array([30.0, 10.0, 50.0, 20.0])  # same spread, other order
    assert crn_variance_ratio(independent, base) > 1.0


def _runs(values_by_policy: dict[int, list[float]], kpi: str = "k") -> pd.DataFrame:
    rows = [{"point_index": 0, "policy_index": p, "replication": r, "status": "finished",
             kpi: v} for p, values in values_by_policy.items() for r, v in enumerate(values)]
    return pd.DataFrame(rows)


MANIFEST = {"scenarios": ["base"], "policy_names": ["a", "b", "c"], "baseline": "a"}


def test_comparison_rows_pair_each_policy_with_the_baseline_by_replication():
    runs = _runs({0: [10.0, 30.0, 20.0, 50.0], 1: [11.0, 31.0, 21.0, 51.0],
                  2: [10.0, 30.0, 20.0, 50.0]})
    table = comparison_table(runs, MANIFEST, [{"name": "k", "goal": "min"}])
    a, b, c = table.to_dict("records")
    assert math.isnan(a["diff_mean"]) and math.isnan(a["p_holm"])
    assert b["diff_mean"] == b["diff_ci_low"] == b["diff_ci_high"] == 1.0
    assert b["p_value"] == 0.0 and b["crn_variance_ratio"] == 0.0
    assert c["diff_mean"] == 0.0 and c["p_value"] == 1.0
    assert b["mean"] == 28.5 and b["n"] == 4


def test_the_subset_keeps_what_noise_cannot_separate_and_the_zone_screens_harder():
    noise = np.array([0.0, 3.0, -2.0, 1.0, 4.0, -1.0])
    wobble = np.array([2.0, -2.0, 2.0, -2.0, 2.0, -2.0])  # pair differences 0.5 +- 2
    values = pd.DataFrame({0: 100 + noise, 1: 100.5 + noise + wobble, 2: 130 + noise})
    # W(0,1) = t(1 - 0.05/2, 5) * sd(d) / sqrt(6), about 2.3: 0.5 apart cannot be told
    assert subset_of_best(values, "min", indifference=0.0) == [0, 1]
    # an indifference zone above W: the screen drops policy 1, worse by 0.5 on average
    assert subset_of_best(values, "min", indifference=3.0) == [0]
    assert subset_of_best(values, "max", indifference=0.0) == [2]


def test_near_best_keeps_what_is_within_the_zone_of_the_best_and_drops_the_clearly_worse():
    noise = np.array([0.0, 3.0, -2.0, 1.0, 4.0, -1.0])
    tiny = np.array([0.1, -0.1, 0.1, -0.1, 0.1, -0.1])
    values = pd.DataFrame({0: 100 + noise, 1: 101 + noise + tiny, 2: 110 + noise + tiny})
    assert subset_of_best(values, "min", indifference=0.0) == [0]  # 1 is surely worse...
    assert near_best(values, "min", indifference=2.0) == [0, 1]  # ...but within 2 of the best
    assert near_best(values, "min", indifference=0.0) == [0]
    assert near_best(values, "min", indifference=20.0) == [0, 1, 2]


def _precision_runs(spread: float, n: int = 10) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    noise = rng.normal(0, spread, n)
    return _runs({0: list(100 + noise), 1: list(200 + 2 * noise), 2: list(150 + noise)})


def test_the_precision_rule_is_met_only_when_every_interval_is_tight_enough():
    tight = precision_check(_precision_runs(0.5), MANIFEST, "k", 0.02, 10)
    assert tight.met and tight.widest <= 0.02
    loose = precision_check(_precision_runs(10.0), MANIFEST, "k", 0.02, 10)
    assert not loose.met and loose.widest > 0.02 and loose.widest_at == "base/a"
    assert loose.needed > 10
    # the first 5 replications of the tight runs: wider, and the check says so
    fewer = precision_check(_precision_runs(0.5), MANIFEST, "k", 0.002, 5)
    assert fewer.n == 5 and not fewer.met


def test_rounds_grow_by_what_is_needed_at_most_doubling_and_never_past_the_maximum():
    assert next_round(PrecisionCheck(10, False, 0.05, "x", 13), 40) == 13
    assert next_round(PrecisionCheck(10, False, 0.5, "x", 500), 40) == 20
    assert next_round(PrecisionCheck(30, False, 0.5, "x", 500), 40) == 40
    assert next_round(PrecisionCheck(10, False, 0.021, "x", 10), 40) == 11


# three policies ahead of one another by 0.2 and 1.3 minutes in every replication (common
# random numbers make so small a margin consistent); the spec gives no indifference zone
THREE = {"scenarios": ["base"], "policy_names": ["as_is", "nearest", "balanced"],
         "baseline": "as_is"}
P90 = "lead_time_minutes_p90"


def _lead_times(margins=(0.2, 1.3)) -> pd.DataFrame:
    base = np.array([300.0, 340.0, 310.0, 355.0, 320.0, 330.0])
    wobble = np.array([0.05, -0.05, 0.05, -0.05, 0.05, -0.05])
    return _runs({0: list(base), 1: list(base + margins[0] + wobble),
                  2: list(base + margins[1] - wobble)}, kpi=P90)


def test_a_best_subset_of_one_inside_the_default_zone_is_a_tie():
    best = best_table(_lead_times(), THREE, [{"name": P90, "goal": "min",
                                              "indifference": None}])
    (row,) = best.to_dict("records")
    # the screen keeps `as_is` alone (what the report once read as the one best)...
    assert row["subset"] == "as_is" and row["subset_size"] == 1
    # ...but its lead of 0.2 minutes is inside the default zone for minutes: a tie
    assert row["indifference"] == 5.0 and row["indifference_source"] == "default for minutes"
    assert row["tie"] and row["tied"] == "as_is; nearest; balanced"
    header, rows = best_rows(best, ENGLISH)
    cells = dict(zip(header, rows[0], strict=True))
    assert cells["indifference"] == "5 (default for minutes)"
    assert cells["could be the best (subset)"].startswith("a tie: as_is, nearest, balanced")


def test_a_lead_beyond_the_zone_stays_a_verdict_and_the_spec_zone_is_named():
    best = best_table(_lead_times((6.0, 30.0)), THREE,
                      [{"name": P90, "goal": "min", "indifference": None}])
    (row,) = best.to_dict("records")
    assert row["subset"] == "as_is" and not row["tie"] and row["tied"] == ""
    # a zone from the spec wins over the default, and the report says where it came from
    best = best_table(_lead_times((6.0, 30.0)), THREE,
                      [{"name": P90, "goal": "min", "indifference": 10.0}])
    (row,) = best.to_dict("records")
    assert row["indifference_source"] == "spec" and row["tied"] == "as_is; nearest"
    header, rows = best_rows(best, ENGLISH)
    assert dict(zip(header, rows[0], strict=True))["indifference"] == "10 (from the spec)"


def test_default_zones_follow_the_kpis_unit():
    means = [1000.0, 1004.0, 1030.0]
    assert indifference_zone({"name": "fill_rate", "indifference": None}, 0.9, means).value == 0.01
    orders = indifference_zone({"name": "orders_delivered", "indifference": None}, 1000.0, means)
    assert orders.value == pytest.approx(10.0) and orders.source == "default for orders"
    # a baseline of 0 gives no scale: the largest mean of a policy does
    assert indifference_zone({"name": "orders_cancelled", "indifference": None}, 0.0,
                             [0.0, 40.0]).value == pytest.approx(0.4)
    spec = indifference_zone({"name": "fill_rate", "indifference": 0.0}, 0.9, means)
    assert spec.value == 0.0 and spec.from_spec
