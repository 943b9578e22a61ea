"""Expansion: what makes the supply group activate a reserve store for the villages a store
serves (`command_centre.expansion`). A policy looks at one active store on a monitoring round
and gives the reason to expand, or None. Replacing a store sealed in another village is not
expansion: it happens under every policy.
"""

from __future__ import annotations


def backlog_threshold(store) -> str | None:
    """Today's orders filled, or a queue longer than `backlog_threshold_minutes` to clear."""
    if not store.saturated():
        return None
    return "today's orders filled" if store.full_today() else f"backlog {store.pickers.backlog}"


def stockout(store) -> str | None:
    """A category on the shelf ran out: another store brings stock of its own."""
    if not store.out_of_stock:
        return None
    return f"out of {', '.join(sorted(store.out_of_stock))}"


def no_expansion(store) -> str | None:
    """The stores assigned at set-up serve to the end."""
    return None


EXPANSION = {"backlog_threshold": backlog_threshold, "stockout": stockout, "none": no_expansion}
