"""Paired policy differences: each policy against the first, pair by pair on shared seeds."""

import pandas as pd

from sim.apps.sweep.statistics import policy_difference_table


def test_paired_differences_see_a_small_effect_that_the_demand_noise_would_hide():
    # demand varies a lot between replications; the policy adds exactly 1.0 in every one
    noise = [10.0, 30.0, 20.0, 50.0]
    rows = []
    for rep, base in enumerate(noise):
        for policy, effect in [(0, 0.0), (1, 1.0)]:
            rows.append({"point_index": 0, "policy_index": policy, "replication": rep,
                         "status": "finished", "depot": [0, 500][policy], "kpi": base + effect})
    rows.append({"point_index": 0, "policy_index": 1, "replication": 9, "status": "finished",
                 "depot": 500, "kpi": 999.0})  # no partner: left out
    table = policy_difference_table(pd.DataFrame(rows), ["depot"], ["kpi"])
    (row,) = table.to_dict("records")
    assert row["pairs"] == 4 and row["mean_difference"] == 1.0
    assert row["ci95_low"] == row["ci95_high"] == 1.0 and row["clear"]
    assert row["depot"] == 500 and row["baseline_depot"] == 0
