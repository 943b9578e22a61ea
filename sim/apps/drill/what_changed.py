"""A decision's effect as the after-action report says it: the objective's figure with the
decision and in the same drill without it (`shadow_runs.py`), and whether that difference is
an effect at all, judged against the run's own noise.

Leaving a decision out reshuffles later events a little on its own (another courier takes an
order first, a store restocks a minute later), by an amount no fixed margin can know: a town
with few orders moves its fill rate by points, a large one by hundredths. So the pair, with and
without, is run on a few seeds (`[drill] shadow_seeds`: the drill's own and others derived from
it), each pair on its own common random numbers, and the paired differences' mean and its 95%
interval (Student's t) are the effect: an effect beyond the noise when the interval leaves 0
out, "no measurable effect" when it holds 0. The report says the interval, and on how many
seeds the difference went the same way, so a reader sees how sure it is.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from scipy import stats

from sim.core.i18n import N_
from sim.core.phrase import Phrase, Phrases

CONFIDENCE = 0.95
LEVEL = f"{CONFIDENCE:.0%}"  # as the report writes it
# which way is better for each objective's figure
BETTER = {"fill_rate": "up", "urgent_pickup": "up", "lead_time": "down", "channel_open": "down"}
FIGURE_NAMES = {"fill_rate": N_("fill rate"), "lead_time": N_("lead time p90"),
                "urgent_pickup": N_("urgent calls reached in time"),
                "channel_open": N_("slowest village's channels open")}
# how each figure is written: its format and unit; a mean difference and its interval one digit finer
_FORMATS = {"fill_rate": "{:.4f}", "lead_time": "{:.0f} min", "urgent_pickup": "{:.0%}", "channel_open": "{:.1f} min"}
_FINER = {"fill_rate": "{:.4f}", "lead_time": "{:.1f} min", "urgent_pickup": "{:.1%}", "channel_open": "{:.2f} min"}
_NO_DIFFERENCE = 1e-12  # a mean difference this small is the same figure, computed twice


@dataclass(frozen=True)
class PairedEffect:
    """The with-minus-without differences of one objective over the seeds: their mean, its
    95% interval, how many seeds, and on how many the difference had the mean's sign."""

    mean: float
    low: float
    high: float
    seeds: int
    same_way: int

    @property
    def beyond_noise(self) -> bool:
        """The interval leaves 0 out (and the mean is not 0)."""
        return self.seeds >= 2 and abs(self.mean) > _NO_DIFFERENCE and (self.low > 0 or self.high < 0)


def paired_effect(differences: list[float]) -> PairedEffect:
    """The mean of `differences` and its Student's t interval (a point when they are all equal)."""
    n = len(differences)
    mean = statistics.fmean(differences)
    if n < 2:
        low, high = -math.inf, math.inf
    else:
        half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * statistics.stdev(differences) / math.sqrt(n)
        low, high = mean - half, mean + half
    same_way = sum(1 for d in differences if (d > 0) == (mean > 0) and d != 0)
    return PairedEffect(mean, low, high, n, same_way)


def _differences(figures: dict) -> list[float]:
    """The paired differences of a comparison (one, the played seed's, if the record has no others)."""
    return list(figures.get("differences") or [figures["with"] - figures["without"]])


def change(objective: str, figures: dict) -> str:
    """"better", "worse" or "none" (not beyond the run's own noise) for one objective's figures."""
    effect = paired_effect(_differences(figures))
    if not effect.beyond_noise:
        return "none"
    return "better" if (effect.mean > 0) == (BETTER[objective] == "up") else "worse"


def _shown(objective: str, value: float) -> str:
    return _FORMATS[objective].format(value)


def _signed(objective: str, diff: float, formats: dict = _FORMATS) -> str:
    return ("+" if diff > 0 else "") + formats[objective].format(diff)


def changes(record: dict) -> dict[str, str]:
    """Objective -> "better", "worse" or "none", for a record the shadows have compared."""
    return {objective: change(objective, figures) for objective, figures in record["without_it"].items()}


def _compared(objective: str, figures: dict) -> Phrase:
    """One objective's figures with and without the decision, and how sure the difference is."""
    differences = _differences(figures)
    effect = paired_effect(differences)
    values = {"figure": Phrase(FIGURE_NAMES[objective]), "with_it": _shown(objective, figures["with"]),
              "without_it": _shown(objective, figures["without"])}
    if effect.seeds >= 2 and not any(differences):
        return Phrase("{figure} {with_it} with it, {without_it} without it: no effect (the same with and without "
                      "it on all {seeds} seeds)", seeds=effect.seeds, **values)
    if effect.seeds < 2:
        return Phrase("{figure} {with_it} with it, {without_it} without it: no measurable effect (one seed "
                      "only, so the run's own noise is not known)", **values)
    spread = {"seeds": effect.seeds, "level": LEVEL, **{name: _signed(objective, value, _FINER) for name, value in
                                                        (("mean", effect.mean), ("low", effect.low),
                                                         ("high", effect.high))}}
    if change(objective, figures) == "none":
        return Phrase("{figure} {with_it} with it, {without_it} without it: no measurable effect (over {seeds} "
                      "seeds {mean} on average, {level} interval {low} to {high}, which holds 0)", **values, **spread)
    return Phrase("{figure} {with_it} with it, {without_it} without it ({difference}); over {seeds} seeds {mean} "
                  "on average, {level} interval {low} to {high}, {same_way} of {seeds} the same way: an effect beyond "
                  "the run's own noise", difference=_signed(objective, figures["with"] - figures["without"]),
                  same_way=effect.same_way, **values, **spread)


def shadow_effect_text(record: dict) -> Phrase | None:
    """What the decision changed against the same drill without it; None before the shadows ran."""
    compared = record.get("without_it")
    if compared is None:
        return None
    if not compared:
        return Phrase("against the same drill without it: no objective's figure to compare")
    parts = [_compared(objective, figures) for objective, figures in compared.items()]
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


def shadow_method(seeds: int) -> Phrase:
    """How the report judged what each decision changed, said once beside the findings."""
    return Phrase("What each decision or action changed: the drill replayed without it on the same random "
                  "numbers, on {seeds} seeds (the drill's own and {others} more); an effect is counted when "
                  "the {level} interval of the paired differences leaves 0 out.", seeds=seeds, others=seeds - 1,
                  level=LEVEL)
