"""Objectives no choice at the table could have met in this run, whatever it chose.

The lead time's 90th percentile cannot fall below the 90th percentile of the hours orders
waited for their store to open (each order's lead time holds its closed hours), and no drill
option changes a store's opening hours. When that floor alone is past the target, the objective
is marked beyond the table's options and its miss goes to whoever sets the target, not to the
table.
"""

from __future__ import annotations

from sim.core.phrase import Phrase


def beyond_the_options(model, targets) -> dict[str, Phrase]:
    """Objective -> why no option could meet it in this run (only those none could)."""
    beyond = {}
    closed_p90 = model.stats.lead_time_store_closed.quantile(0.9)
    if closed_p90 is not None and closed_p90 > targets.lead_time_p90_minutes:
        beyond["lead_time"] = Phrase(
            "beyond the table's options: the hours orders waited for their store to open alone reach "
            "{closed:.0f} min at the 90th percentile (target {target:g}), and no option changes opening hours",
            closed=closed_p90, target=targets.lead_time_p90_minutes)
    return beyond
