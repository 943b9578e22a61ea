"""A line of text the model writes once, in English, and a reader may read in another language.

A `Phrase` is the English text itself (a `str`: logs, decisions.json and the event log keep it
byte for byte, whatever language a drill was played in) and remembers its catalogue message and
values, so a report or a drill page can say it again in the reader's language with `said`.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.core.i18n import N_

# goods categories as a reader sees them ("category: " + the scenario's category name)
CATEGORY_MESSAGES = (N_("category: staples"), N_("category: vegetables"), N_("category: meat_eggs"),
                     N_("category: goods"), N_("category: medicine"), N_("category: meals"))


class Phrase(str):
    """English text made from `message` (a catalogue msgid with {fields}) and its values."""

    def __new__(cls, message: str, **values):
        text = super().__new__(cls, message.format(**values))
        text.message = message
        text.values = values
        return text

    def said(self, tr: Callable[[str], str], show: Callable[[str], str] = str) -> str:
        """This phrase in the language of `tr`; text values go through `show` (a village's or
        store's name in that language, a category's word) and phrases inside are said too."""
        values = {k: said(v, tr, show) if isinstance(v, str) else v for k, v in self.values.items()}
        return tr(self.message).format(**values)


def said(text, tr: Callable[[str], str], show: Callable[[str], str] = str) -> str:
    """Any text in the language of `tr`: a Phrase is said again; a plain text goes through
    `show` (names) and the catalogue (a fixed message), or stays as it is."""
    if isinstance(text, Phrase):
        return text.said(tr, show)
    if text is None:
        return ""
    shown = show(text)
    return shown if shown != text else tr(text)


def category_word(category: str, tr: Callable[[str], str]) -> str:
    """A goods category as the reader's language names it (the catalogue's "category: X")."""
    message = f"category: {category}"
    word = tr(message)
    return category if word == message else word


class Phrases(Phrase):
    """Phrases joined by `sep` in English; said again, each part is said and they are joined as
    the reader's language does (a Chinese reader's "；" for "; ")."""

    def __new__(cls, parts, sep: str = "; "):
        parts = list(parts)
        text = str.__new__(cls, sep.join(parts))
        text.message, text.values, text.parts, text.sep = sep, {}, parts, sep
        return text

    def said(self, tr, show=str) -> str:
        sep = tr(self.sep) if self.sep.strip() else self.sep
        return sep.join(said(p, tr, show) for p in self.parts)


def listed(names) -> Phrase:
    """Names or keys as a list the reader's language says, each shown by its display name
    ("vegetable shop", 蔬菜店), or "none"."""
    names = [str(n) for n in names]
    return Phrases(names, ", ") if names else Phrase("none")


# how a reader's language joins the parts of a line ("; " and ", " become "；" and "，")
SEPARATORS = (N_("; "), N_(", "))
