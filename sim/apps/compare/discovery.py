"""Scenario discovery: the conditions under which a policy fails the planner's thresholds, as
PRIM boxes (the patient rule induction method of Friedman and Fisher 1999, as EMA Workbench
implements it for scenario discovery, Bryant and Lempert 2010).

The cases are the ensemble's drawn conditions, described by their draws (the ensemble's
variables); a case of interest is a condition in which the policy misses a threshold. PRIM peels
the box of all conditions down to one where failures are dense; of the boxes on its peeling
trajectory this keeps the one that covers the most failures among those at least
`DENSITY_TARGET` dense (else the densest). Coverage: the share of the policy's failures inside
the box; density: the share of the box's conditions that are failures.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from sim.core.i18n import N_, translator

ENGLISH = translator("en")
DENSITY_TARGET = 0.8
PEEL_ALPHA = 0.1
PASTE_ALPHA = 0.1
PRIM_COLUMNS = ["policy", "box", "variable", "low", "high", "restricted", "coverage", "density",
                "conditions_in_box", "failures_in_box", "failures", "conditions", "note"]
# the `note` of prim_boxes.csv (English in the file, translated where a report shows it)
NO_FAILURE = N_("fails in no condition")
EVERY_FAILURE = N_("fails in every condition")


def _prim_module():
    """EMA Workbench's PRIM, imported when needed (the package takes seconds to import and
    warns about optional parts it does not find)."""
    logging.getLogger("EMA").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    return prim


def prim_box(features: pd.DataFrame, fails: np.ndarray) -> tuple[pd.DataFrame, dict] | None:
    """The chosen PRIM box for `fails` (a bool per row of `features`): its limits (rows 0 and 1:
    lower and upper, a column per variable) and its statistics; None with fewer than one
    failure or one success (nothing to tell apart)."""
    fails = np.asarray(fails, dtype=bool)
    if fails.all() or not fails.any():
        return None
    prim = _prim_module()
    x = features.astype(float).reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(x, fails, peel_alpha=PEEL_ALPHA, paste_alpha=PASTE_ALPHA,
                           mass_min=0.0)
        box = finder.find_box()
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory["density"] >= DENSITY_TARGET]
    if len(dense):
        chosen = int(dense.sort_values(["coverage", "density"], ascending=False).index[0])
    else:
        chosen = int(trajectory.sort_values(["density", "coverage"], ascending=False).index[0])
    limits = box.box_lims[chosen]
    row = trajectory.loc[chosen]
    inside = _inside(x, limits)
    stats = {"coverage": float(row["coverage"]), "density": float(row["density"]),
             "conditions_in_box": int(inside.sum()), "failures_in_box": int(fails[inside].sum())}
    return limits, stats


def _inside(x: pd.DataFrame, limits: pd.DataFrame) -> np.ndarray:
    inside = np.ones(len(x), dtype=bool)
    for column in x.columns:
        inside &= (x[column] >= limits.loc[0, column]).to_numpy()
        inside &= (x[column] <= limits.loc[1, column]).to_numpy()
    return inside


def prim_boxes(features: pd.DataFrame, fails: dict[str, np.ndarray]) -> pd.DataFrame:
    """`prim_boxes.csv`: per policy (`fails[policy]`, a bool per row of `features`) a row per
    variable of its box (`restricted` where the box narrows the variable's range), or one row
    with a note when the policy fails in no condition or in all."""
    rows = []
    total = len(features)
    for policy, failed in fails.items():
        failed = np.asarray(failed, dtype=bool)
        base = {"policy": policy, "failures": int(failed.sum()), "conditions": total}
        found = prim_box(features, failed)
        if found is None:
            note = NO_FAILURE if not failed.any() else EVERY_FAILURE
            rows.append({**base, "box": 0, "variable": "", "low": np.nan, "high": np.nan,
                         "restricted": False, "coverage": np.nan, "density": np.nan,
                         "conditions_in_box": total if failed.all() else 0,
                         "failures_in_box": int(failed.sum()), "note": note})
            continue
        limits, stats = found
        for variable in features.columns:
            low = round(float(limits.loc[0, variable]), 6)
            high = round(float(limits.loc[1, variable]), 6)
            restricted = (low > features[variable].min()) or (high < features[variable].max())
            rows.append({**base, "box": 1, "variable": variable, "low": low, "high": high,
                         "restricted": bool(restricted), **stats, "note": ""})
    return pd.DataFrame(rows, columns=PRIM_COLUMNS)


def describe_box(policy_rows: pd.DataFrame, features: pd.DataFrame, tr=ENGLISH) -> str:
    """A policy's box in words (in the language of `tr`): "fails when outage_days >= 4.69 and
    outage_start_day <= 2.1 (3 of its 3 failures, 3 of the 3 conditions in the box)"."""
    first = policy_rows.iloc[0]
    if first["note"]:
        return tr("{note} ({failures} of {conditions})").format(
            note=tr(first["note"]), failures=int(first["failures"]),
            conditions=int(first["conditions"]))
    clauses = []
    for _, row in policy_rows[policy_rows["restricted"]].iterrows():
        low_cut = row["low"] > features[row["variable"]].min()
        high_cut = row["high"] < features[row["variable"]].max()
        if low_cut and high_cut:
            clauses.append(tr("{variable} between {low:g} and {high:g}").format(
                variable=row["variable"], low=row["low"], high=row["high"]))
        elif low_cut:
            clauses.append(f"{row['variable']} >= {row['low']:g}")
        else:
            clauses.append(f"{row['variable']} <= {row['high']:g}")
    where = (tr(" and ").join(clauses) if clauses
             else tr("anywhere in the ensemble (no box narrower)"))
    if int(first["failures"]) == 1:
        where += tr(" (a single failing condition: any one of its values sets it apart, so the "
                    "box does not say which of them matters)")
    return tr("fails when {where} ({in_box} of its {failures} failures, coverage {coverage:.0%}; "
              "{in_box} of the {conditions} conditions in the box fail, density "
              "{density:.0%})").format(
                  where=where, in_box=int(first["failures_in_box"]),
                  failures=int(first["failures"]), coverage=first["coverage"],
                  conditions=int(first["conditions_in_box"]), density=first["density"])
