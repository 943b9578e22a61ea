"""Streaming statistics: memory that does not grow with the horizon.

Lead times go into a fixed-width histogram (exact to its bin width), counts by key go into
small dicts, and time-weighted quantities (e.g. stores out of stock) are integrated at the
moments they change rather than polled.
"""

from __future__ import annotations

import numpy as np


class StreamingHistogram:
    """Quantiles of a non-negative quantity from fixed bins of `bin_width` up to `limit`."""

    def __init__(self, bin_width: float = 0.5, limit: float = 30 * 1440):
        self.bin_width = bin_width
        self.counts = [0] * (int(limit / bin_width) + 1)  # a list: cheaper per add than numpy
        self.n = 0
        self.total = 0.0
        self.maximum = 0.0

    def add(self, value: float) -> None:
        counts = self.counts
        i = int(value / self.bin_width)
        if i >= len(counts):
            i = len(counts) - 1
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
