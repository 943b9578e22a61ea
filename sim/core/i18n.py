"""The languages of what people read: gettext catalogues under `sim/locale/`, English as the
source text and the fallback.

`translator(lang)` gives the gettext function of a language; `N_` marks a constant for
extraction without translating it (it is translated where it is shown). The catalogues are
made with Babel (`make i18n`: extract to `sim/locale/rehearse.pot`, update each `.po`, compile
each `.mo`); the compiled `.mo` files are committed, so a fresh clone reads them without a build
step. KPI keys, file names and column names are never translated.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

DOMAIN = "rehearse"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "zh")  # the source language first
DEFAULT_LANGUAGE = "en"

# how a report writes a date and time (strftime) in each language
DATE_TIME_FORMAT = {"en": "%d %b %Y %H:%M", "zh": "%Y年%-m月%-d日 %H:%M"}  # 11月5日, no zero (glibc)
# what a page declares in <html lang="..."> for each language
HTML_LANG = {"en": "en", "zh": "zh-CN"}


class LanguageError(ValueError):
    """A language the catalogues do not have (a user's mistake: exit 2)."""


def N_(message: str) -> str:
    """Marks `message` for the catalogue; it is translated where it is shown."""
    return message


def check_language(lang: str | None) -> str:
    """`lang` if the catalogues have it (None gives the default), else LanguageError."""
    if lang is None:
        return DEFAULT_LANGUAGE
    if lang not in LANGUAGES:
        raise LanguageError(f"--lang {lang}: no such language; allowed: {', '.join(LANGUAGES)}")
    return lang


def translator(lang: str | None = None) -> Callable[[str], str]:
    """The gettext function of `lang`: a message's translation, or the English message itself
    where the catalogue has none (English needs no catalogue). Its `lang` attribute names the
    language, for what is written by rule rather than by message (dates)."""
    lang = check_language(lang)
    if lang == DEFAULT_LANGUAGE:
        lookup = gettext.NullTranslations().gettext
    else:
        lookup = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang]).gettext

    def tr(message: str) -> str:
        return lookup(message)

    tr.lang = lang
    return tr


def language_of(tr: Callable[[str], str]) -> str:
    """The language of a gettext function made by `translator` (English for any other)."""
    return getattr(tr, "lang", DEFAULT_LANGUAGE)
