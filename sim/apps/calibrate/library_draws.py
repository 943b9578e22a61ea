"""pyabc's draws as a named stream of ours, for the span of a call.

pyabc draws only from NumPy's (and Python's) global generators and takes no generator of its
own. So for exactly the span of its work, the global generators are set to a state made from
one of our seeds (a named stream under the root seed) and put back as they were afterwards:
nothing outside that span draws from, or is moved by, what pyabc drew.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


@contextmanager
def library_draws_from(seed: int) -> Iterator[None]:
    """The global generators drawn from `seed` inside the block, restored after it."""
    saved_numpy, saved_python = np.random.get_state(), random.getstate()
    np.random.set_state(np.random.RandomState(seed).get_state())
    random.setstate(random.Random(seed).getstate())
    try:
        yield
    finally:
        np.random.set_state(saved_numpy)
        random.setstate(saved_python)
