"""Lead-time statistics: the histogram keeps only the bins up to its largest value, and the
Kaplan-Meier estimate over them is the product-limit estimate over every bin of the month (the
bins past the last value are empty and change nothing)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.core.statistics import StreamingHistogram

WIDTH, LIMIT = 0.5, 600.0
minutes = st.floats(min_value=0.0, max_value=700.0, allow_nan=False)  # some past the limit


def _dense_product_limit(done: list[float], waiting: list[float], q: float) -> float | None:
    """The textbook product-limit estimate on the full grid of bins, as a quantile."""
    bins = int(LIMIT / WIDTH) + 1
    deaths, lost = np.zeros(bins), np.zeros(bins)
    for value in done:
        deaths[min(int(value / WIDTH), bins - 1)] += 1
    for value in waiting:
        lost[min(int(value / WIDTH), bins - 1)] += 1
    if deaths.sum() + lost.sum() == 0:
        return None
    survival, at_risk = [], deaths.sum() + lost.sum()
    s = 1.0
    for d, c in zip(deaths, lost, strict=True):
        if at_risk > 0:
            s *= 1.0 - d / at_risk
        survival.append(s)
        at_risk -= d + c
    survival = np.array(survival)
    longest = max([0.0, *done, *waiting])
    below = np.nonzero(survival <= (1.0 - q) + 1e-12)[0]
    if len(below) == 0:
        return longest
    i = int(below[0])
    before = survival[i - 1] if i > 0 else 1.0
    drop = before - survival[i]
    return min((i + ((before - (1.0 - q)) / drop if drop > 0 else 0.0)) * WIDTH, longest)


@given(st.lists(minutes, max_size=40), st.lists(minutes, max_size=15),
       st.sampled_from([0.1, 0.5, 0.9, 0.95]))
def test_kaplan_meier_on_the_bins_in_use_is_the_product_limit_on_all_bins(done, waiting, q):
    events = StreamingHistogram(WIDTH, LIMIT)
    for value in done:
        events.add(value)
    found = events.survival_with_censored(iter(waiting)).quantile(q)  # a generator, as runs pass
    expected = _dense_product_limit(done, waiting, q)
    if expected is None:
        assert found is None
    else:
        assert found is not None and abs(found - expected) < 1e-9


@given(st.lists(minutes, min_size=1, max_size=60))
def test_the_histogram_holds_no_bin_past_its_largest_value(values):
    histogram = StreamingHistogram(WIDTH, LIMIT)
    for value in values:
        histogram.add(value)
    assert len(histogram.counts) == min(int(max(values) / WIDTH), int(LIMIT / WIDTH)) + 1
    assert sum(histogram.counts) == len(values)
    assert histogram.count_below(LIMIT) == sum(v < LIMIT for v in values)
    median = histogram.quantile(0.5)
    assert median is not None and 0.0 <= median <= max(values)
