"""The language a drill is played in: its messages from the catalogue, the file's own texts in
that language (`message_zh`, `label_en`, ...), and villages and stores by their display names.

The language is `--lang`, else the drill file's `[drill] lang`, else the scenario's `[run]
lang`, else English. It changes what people read, never what the drill does or saves.
"""

from __future__ import annotations

import re
from functools import cached_property

from sim.core.display_names import display_names, joined, text_in
from sim.core.i18n import DEFAULT_LANGUAGE, N_, translator
from sim.core.phrase import category_word, said

KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")  # a scenario's key: a store kind, a category, an action
DEFAULT_SENDER = N_("exercise control")  # spec.Inject.sender's default, as a reader hears it

# words the drill shows from its own keys (kind.replace("_", " ") and the like), for the catalogue
WORDS = (
    # inject kinds
    N_("village locked"), N_("village released"), N_("store closed"), N_("supplier outage"),
    N_("courier quarantine"), N_("demand shock"), N_("urgent request"), N_("road closed"),
    # objectives
    N_("channel open"), N_("urgent pickup"), N_("fill rate"), N_("lead time"),
    # roles, and who did something
    N_("facilitator"), N_("command centre"), N_("supply group"), N_("delivery group"), N_("urgent desk"),
    N_("model"), N_("players"),
    # couriers' states
    N_("idle"), N_("on trip"), N_("testing"), N_("removed"), N_("onboarding"), N_("off duty"),
    N_("locked in"), N_("isolating"),
    # units of goods
    N_("units"), N_("kg"), N_("packs"),
    # actions (an option's `action`, as a verdict names it)
    N_("activate reserve store"), N_("whitelist couriers"), N_("release depot stock"), N_("cap orders"),
    N_("move volunteers"), N_("order from supplier"),
)


def drill_language(spec_lang: str | None, scenario) -> str:
    """The drill's own language: the drill file's, else its scenario's, else English."""
    return spec_lang or scenario.run.lang or DEFAULT_LANGUAGE


class Speaker:
    """Says things in one language for one drill's scenario."""

    def __init__(self, scenario, lang: str):
        self.lang = lang
        self.tr = translator(lang)  # knows its language: a file's own texts (message_zh, ...) follow it
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
        if translated != kind:
            return translated
        return kind if KEY.fullmatch(value) else value  # a key ("vegetable_shop") is never shown as one

    def say(self, text) -> str:
        """A Phrase (or a catalogue message) in this language; names shown as this language does."""
        return said(text, self.tr, self.show)

    def text(self, entity, field: str) -> str:
        """A text the drill file wrote (message, expected_action, decision, label, ...) in this
        language, falling back to what it wrote."""
        return text_in(entity, field, self.lang) or ""

    def names(self, names) -> str:
        return joined(names, self.show, self.lang)

    def clock(self, when, year: bool = False) -> str:
        """A date and time as a page shows it ("Fri 11 Nov 14:24"; in Chinese 11月11日 14:24)."""
        if self.zh:
            return f"{when:%Y年%-m月%-d日 %H:%M}" if year else f"{when:%-m月%-d日 %H:%M}"
        return f"{when:%a %d %b %Y %H:%M}" if year else f"{when:%a %d %b %H:%M}"

    def page_names(self, scenario, goods) -> dict[str, str]:
        """Every name a page may show, with what this language shows for it (only those that differ)."""
        keys = [v.name for v in scenario.villages] + [s.id for s in scenario.ledger.stores] + \
            [s.name for s in scenario.suppliers] + list(goods.categories) + list(goods.kinds) + ["couriers"]
        return {key: shown for key in keys if (shown := self.show(key)) != key}

    def kind(self, inject_kind: str) -> str:
        """An inject's kind ("village locked") in this language."""
        return self.tr(inject_kind.replace("_", " "))
