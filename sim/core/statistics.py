"""Streaming statistics: memory that does not grow with the horizon.

Lead times go into a fixed-width histogram (exact to its bin width), counts by key go into
small dicts, and time-weighted quantities (e.g. stores out of stock) are integrated at the
moments they change rather than polled.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from sim.core.units import MINUTES_PER_DAY


class StreamingHistogram:
    """Quantiles of a non-negative quantity from fixed bins of `bin_width` up to `limit`."""

    def __init__(self, bin_width: float = 0.5, limit: float = 30 * MINUTES_PER_DAY):
        self.bin_width = bin_width
        self.bins = int(limit / bin_width) + 1  # the last holds everything from `limit` up
        # a list, cheaper per add than numpy, grown to the largest value's bin: a month of half
        # minutes is 86,401 bins, and a run makes dozens of histograms that stay short
        self.counts: list[int] = []
        self.n = 0
        self.total = 0.0
        self.maximum = 0.0

    def add(self, value: float) -> None:
        counts = self.counts
        i = int(value / self.bin_width)
        if i >= len(counts):
            i = min(i, self.bins - 1)
            counts.extend([0] * (i + 1 - len(counts)))
        counts[i] += 1
        self.n += 1
        self.total += value
        if value > self.maximum:
            self.maximum = value

    def quantile(self, q: float) -> float | None:
        """The q-quantile, linearly interpolated inside its bin; None when empty."""
        if self.n == 0:
            return None
        target = q * self.n
        counts = np.asarray(self.counts, dtype=np.int64)
        cumulative = np.cumsum(counts)
        i = int(np.searchsorted(cumulative, target, side="left"))
        i = min(i, len(counts) - 1)
        before = cumulative[i - 1] if i > 0 else 0
        inside = counts[i]
        frac = (target - before) / inside if inside else 0.0
        return float(min((i + frac) * self.bin_width, self.maximum))

    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    def bin_of(self, value: float) -> int:
        return min(int(value / self.bin_width), self.bins - 1)

    def counts_up_to(self, bins: int) -> np.ndarray:
        """The first `bins` counts as floats (zero past the largest value)."""
        counts = np.zeros(bins)
        held = self.counts[:bins]
        counts[:len(held)] = held
        return counts

    def survival_with_censored(self, censored) -> KaplanMeier:
        """The Kaplan-Meier estimate from these values (events) and `censored` ones (still
        waiting at their age: their time is at least that)."""
        return KaplanMeier(self, censored)

    def count_below(self, bound: float) -> int:
        """How many values are below `bound` (exact when `bound` is a bin edge)."""
        return sum(self.counts[:int(bound / self.bin_width)])


class KaplanMeier:
    """Kaplan-Meier survival from an event histogram and censored values, on the same bins.

    An open order at the end of a run has waited `age` minutes and will wait longer: it is a
    censored observation. Kaplan-Meier keeps it at risk up to its age, so the quantiles do not
    hide it (leaving it out would make lead times look shorter). With nothing censored the
    quantiles are the histogram's own."""

    def __init__(self, events: StreamingHistogram, censored):
        width = events.bin_width
        censored = list(censored)
        censored_bins = [events.bin_of(value) for value in censored]
        maximum = max([events.maximum, *censored])
        # the bins past the last event or censored value change nothing: the survival stays flat
        used = max([len(events.counts), *(b + 1 for b in censored_bins)])
        deaths = events.counts_up_to(used)
        lost = np.bincount(censored_bins, minlength=used).astype(np.float64)
        at_risk = deaths.sum() + lost.sum() - np.concatenate(([0.0], np.cumsum(deaths + lost)[:-1]))
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(at_risk > 0, 1.0 - deaths / at_risk, 1.0)
        self.survival = np.cumprod(factor)  # at each bin's end
        self.width = width
        self.maximum = maximum
        self.n = int(deaths.sum() + lost.sum())

    def quantile(self, q: float) -> float | None:
        """The time by which a share `q` has happened, linear inside its bin; when the estimate
        never falls that low (too many still waiting), the longest time seen, a lower bound."""
        if self.n == 0:
            return None
        target = 1.0 - q
        below = np.nonzero(self.survival <= target + 1e-12)[0]
        if len(below) == 0:
            return float(self.maximum)
        i = int(below[0])
        before = self.survival[i - 1] if i > 0 else 1.0
        drop = before - self.survival[i]
        frac = (before - target) / drop if drop > 0 else 0.0
        return float(min((i + frac) * self.width, self.maximum))

    def restricted_mean(self) -> float | None:
        """The area under the survival curve up to the longest time seen (a lower bound of the
        mean when orders are still waiting then)."""
        if self.n == 0:
            return None
        before = np.concatenate(([1.0], self.survival[:-1]))
        last = min(int(self.maximum / self.width), len(self.survival) - 1)
        area = ((before + self.survival) / 2 * self.width)[:last].sum()
        return float(area + before[last] * (self.maximum - last * self.width))


class TimeWeightedCount:
    """Integral over time of a count that changes in steps (e.g. stores out of stock)."""

    __slots__ = ("value", "since", "area")

    def __init__(self, now: float = 0.0, value: float = 0.0):
        self.value = value
        self.since = now
        self.area = 0.0

    def set(self, now: float, value: float) -> None:
        self.area += self.value * (now - self.since)
        self.since = now
        self.value = value

    def add(self, now: float, delta: float) -> None:
        self.set(now, self.value + delta)

    def integral(self, now: float) -> float:
        return self.area + self.value * (now - self.since)


class PastDueCount:
    """How many keys are past their due minute now (e.g. households whose food has run out),
    without waking anything at the due minutes: due minutes wait in a heap and are counted
    when a reading passes them. Readings must not go back in time."""

    __slots__ = ("_due", "_heap", "_past", "_pushed")

    def __init__(self):
        self._due: dict = {}    # key -> its current due minute
        self._heap: list = []   # (due minute, push number, key); stale entries are skipped
        self._past: set = set()
        self._pushed = 0

    def set_due(self, key, minute: float) -> None:
        """`key` falls due at `minute` (math.inf: never); a key past due is no longer."""
        self._past.discard(key)
        self._due[key] = minute
        if minute < math.inf:
            self._pushed += 1
            heapq.heappush(self._heap, (minute, self._pushed, key))

    def count(self, now: float) -> int:
        heap, due, past = self._heap, self._due, self._past
        while heap and heap[0][0] <= now + 1e-6:  # a due minute off by rounding is past
            minute, _, key = heapq.heappop(heap)
            if due.get(key) == minute:
                past.add(key)
        return len(past)


def rounded(x: float | None, digits: int = 3) -> float | None:
    """A KPI's value as `kpis.json` keeps it: rounded so that it prints and compares cleanly;
    None (nothing to measure) stays None."""
    return None if x is None else round(float(x), digits)


def small_quantile(values: list[float], q: float) -> float | None:
    """Linear-interpolated q-quantile of a short list (one value per village); None if empty."""
    if not values:
        return None
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)
