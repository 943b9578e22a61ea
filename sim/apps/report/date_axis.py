"""Dates as a reader of each language writes them: on the plots' time axes (matplotlib's
concise date ticks, `10 Nov` / `11月10日`) and as a day's label in the report's tables.

Chinese dates are written by rule, not by the machine's locale: `11月10日`, `2022年11月`,
without a leading zero on the month or day, whatever locale the report is made under.
"""

from __future__ import annotations

import re

import matplotlib.dates as mdates

# ConciseDateFormatter's (formats, zero_formats, offset_formats) for each tick level:
# years, months, days, hours, minutes, seconds
CHINESE_FORMATS = (
    ["%Y年", "%m月", "%d日", "%H:%M", "%H:%M", "%S.%f"],
    ["", "%Y年", "%m月", "%m月%d日", "%H:%M", "%H:%M"],
    ["", "%Y年", "%Y年%m月", "%Y年%m月%d日", "%Y年%m月%d日", "%Y年%m月%d日 %H:%M"],
)
_LEADING_ZERO = re.compile(r"(?<!\d)0(\d)(?=[月日])")


def _chinese(text: str) -> str:
    """`09月05日` -> `9月5日`."""
    return _LEADING_ZERO.sub(r"\1", text)


class ChineseDateFormatter(mdates.ConciseDateFormatter):
    """Concise date ticks in Chinese: `11月10日`, `12:00`, the offset `2022年11月10日`."""

    def __init__(self, locator):
        formats, zero_formats, offset_formats = CHINESE_FORMATS
        super().__init__(locator, formats=formats, zero_formats=zero_formats,
                         offset_formats=offset_formats)

    def format_ticks(self, values):
        return [_chinese(label) for label in super().format_ticks(values)]

    def get_offset(self):
        return _chinese(super().get_offset())

    def __call__(self, x, pos=None):
        return _chinese(super().__call__(x, pos))


def date_formatter(locator, lang: str) -> mdates.ConciseDateFormatter:
    """The tick formatter of a time axis in `lang`."""
    return ChineseDateFormatter(locator) if lang == "zh" else mdates.ConciseDateFormatter(locator)


def day_label(when, lang: str) -> str:
    """A day as a table's row label: `10 Nov` in English, `11月10日` in Chinese."""
    return f"{when.month}月{when.day}日" if lang == "zh" else f"{when:%d %b}"


def day_time_label(when, lang: str) -> str:
    """A moment on a plot: `10 Nov 02:24` in English, `11月10日 02:24` in Chinese."""
    return f"{day_label(when, lang)} {when:%H:%M}"
