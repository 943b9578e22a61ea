"""How the README words a measured figure: its rounding, intervals, lists and line width.

One place for these, so every fragment reads alike and a fragment's text depends only on the
figures (the check compares text)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

LINE_WIDTH = 100  # the README's prose is wrapped at 100 columns
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def paragraph(text: str) -> str:
    """`text` wrapped as the README's prose is, never breaking a figure or a `name`."""
    return textwrap.fill(" ".join(text.split()), LINE_WIDTH, break_long_words=False,
                         break_on_hyphens=False) + "\n"


def same_words(a: str, b: str) -> bool:
    """Equal but for line breaks and spacing: a re-wrapped fragment still matches."""
    return a.split() == b.split()


def decimals(value: float, places: int) -> str:
    """A figure to `places` decimals, with a real minus sign for negatives."""
    return f"{value:,.{places}f}".replace("-", "\u2212")


def signed(value: float, places: int) -> str:
    """A difference with its sign: "+167", "−521"."""
    return ("+" if value > 0 else "") + decimals(value, places)


def about(value: float, step: int = 100) -> str:
    """A large count rounded to `step`: "about 10,000" reads better than 10,004.33."""
    return decimals(round(value / step) * step, 0)


def interval(low: float, high: float, places: int) -> str:
    """A 95% interval: "(0.45–0.50)", or "(−181 to 515)" when a dash would read as a minus."""
    separator = " to " if low < 0 or high < 0 else "\u2013"
    return f"({decimals(low, places)}{separator}{decimals(high, places)})"


def span(values: Sequence[float], places: int) -> str:
    """The range of `values` over seeds: "11.5–14.8"."""
    return f"{decimals(min(values), places)}\u2013{decimals(max(values), places)}"


def and_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def count_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))
