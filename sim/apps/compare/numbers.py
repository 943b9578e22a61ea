"""How a comparison's reports print a figure."""

from __future__ import annotations

import math


def number(x) -> str:
    """Four significant digits, without exponent for the sizes KPIs take."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    digits = max(0, 3 - int(math.floor(math.log10(abs(x)))))
    return f"{x:.{digits}f}"


def short_number(x) -> str:
    """Up to four significant digits, without trailing zeros: an indifference zone of 5
    minutes reads `5`, not `5.000`."""
    text = number(x)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
