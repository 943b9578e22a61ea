"""The language a drill is played in: its messages from the catalogue, the file's own texts in
that language (`message_zh`, `label_en`, ...), and villages and stores by their display names.

The language is `--lang`, else the drill file's `[drill] lang`, else the scenario's `[run]
lang`, else English. It changes what people read, never what the drill does or saves.
"""

from __future__ import annotations

from functools import cached_property

from sim.display_names import display_names, joined, text_in
from sim.i18n import DEFAULT_LANGUAGE, N_, translator
from sim.phrase import category_word, said

DEFAULT_SENDER = N_("exercise control")  # spec.Inject.sender's default, as a reader hears it


def drill_language(spec_lang: str | None, scenario) -> str:
    """The drill's own language: the drill file's, else its scenario's, else English."""
    return spec_lang or scenario.run.lang or DEFAULT_LANGUAGE


class Speaker:
    """Says things in one language for one drill's scenario."""

    def __init__(self, scenario, lang: str):
        self.lang = lang
        gettext = translator(lang)

        def tr(message: str) -> str:
            return gettext(message)
        tr.language = lang  # a file's own texts (message_zh, ...) are chosen by it
        self.tr = tr
        self._names = display_names(scenario, lang) if scenario is not None else str

    @cached_property
    def zh(self) -> bool:
        return self.lang == "zh"

    def show(self, value: str) -> str:
        """A village's or store's display name, a category's or store kind's word, else `value`."""
        shown = self._names(value)
        if shown != value:
            return shown
        word = category_word(value, self.tr)
        if word != value:
            return word
        kind = value.replace("_", " ")
        translated = self.tr(kind)
        return translated if translated != kind else value

    def say(self, text) -> str:
        """A Phrase (or a catalogue message) in this language; names shown as this language does."""
        return said(text, self.tr, self.show)

    def text(self, entity, field: str) -> str:
        """A text the drill file wrote (message, expected_action, decision, label, ...) in this
        language, falling back to what it wrote."""
        return text_in(entity, field, self.lang) or ""

    def names(self, names) -> str:
        return joined(names, self.show, self.lang)

    def kind(self, inject_kind: str) -> str:
        """An inject's kind ("village locked") in this language."""
        return self.tr(inject_kind.replace("_", " "))
