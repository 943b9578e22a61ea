"""A decision's effect as the after-action report says it: the objective's figure with the
decision and in the same drill without it (`shadow_runs.py`), and whether that difference is
an effect at all.

The indifference per objective is the smallest difference counted as an effect. Leaving a
decision out reshuffles later events a little on its own (another courier takes an order first,
a store restocks a minute later), so a difference within it reads "no measurable effect":
- fill rate: 0.002 (a fifth of a point);
- lead time, 90th percentile: 5 min;
- urgent calls reached in time: 0.01 (one point of the share);
- channels open, slowest village: 0.5 min.
"""

from __future__ import annotations

from sim.core.i18n import N_
from sim.core.phrase import Phrase, Phrases

INDIFFERENCE = {"fill_rate": 0.002, "lead_time": 5.0, "urgent_pickup": 0.01, "channel_open": 0.5}
# which way is better for each objective's figure
BETTER = {"fill_rate": "up", "urgent_pickup": "up", "lead_time": "down", "channel_open": "down"}
FIGURE_NAMES = {"fill_rate": N_("fill rate"), "lead_time": N_("lead time p90"),
                "urgent_pickup": N_("urgent calls reached in time"),
                "channel_open": N_("slowest village's channels open")}
# how each figure is written: its format and unit
_FORMATS = {"fill_rate": "{:.4f}", "lead_time": "{:.0f} min", "urgent_pickup": "{:.0%}", "channel_open": "{:.1f} min"}


def change(objective: str, figures: dict) -> str:
    """"better", "worse" or "none" (within the indifference) for one objective's two figures."""
    diff = figures["with"] - figures["without"]
    if abs(diff) <= INDIFFERENCE[objective] + 1e-12:
        return "none"
    return "better" if (diff > 0) == (BETTER[objective] == "up") else "worse"


def _shown(objective: str, value: float) -> str:
    return _FORMATS[objective].format(value)


def _signed(objective: str, diff: float) -> str:
    return ("+" if diff > 0 else "") + _FORMATS[objective].format(diff)


def changes(record: dict) -> dict[str, str]:
    """Objective -> "better", "worse" or "none", for a record the shadows have compared."""
    return {objective: change(objective, figures) for objective, figures in record["without_it"].items()}


def shadow_effect_text(record: dict) -> Phrase | None:
    """What the decision changed against the same drill without it; None before the shadows ran."""
    compared = record.get("without_it")
    if compared is None:
        return None
    if not compared:
        return Phrase("against the same drill without it: no objective's figure to compare")
    parts = []
    for objective, figures in compared.items():
        values = {"figure": Phrase(FIGURE_NAMES[objective]), "with_it": _shown(objective, figures["with"]),
                  "without_it": _shown(objective, figures["without"])}
        if change(objective, figures) == "none":
            parts.append(Phrase("{figure} {with_it} with it, {without_it} without it: no measurable effect "
                                "(within {indifference})", indifference=_shown(objective, INDIFFERENCE[objective]),
                                **values))
        else:
            parts.append(Phrase("{figure} {with_it} with it, {without_it} without it ({difference})",
                                difference=_signed(objective, figures["with"] - figures["without"]), **values))
    return Phrase("against the same drill without it: {parts}", parts=Phrases(parts, "; "))


def shadow_verdict(record: dict) -> str | None:
    """"better" (some objective better, none worse), "worse" (some worse) or "none" (no
    measurable effect); None before the shadows ran."""
    if record.get("without_it") is None:
        return None
    found = set(changes(record).values())
    if "worse" in found:
        return "worse"
    return "better" if "better" in found else "none"
