"""Names and texts in the reader's language, from what a scenario or drill file wrote.

A village is known everywhere by its `name` (lockdowns, drill targets, CSV columns, KPI keys),
whatever language that name is in; `name_zh` and `name_en` give the name to show in the other
language. A store is known by its `id`; `name_zh`/`name_en` give a name to show beside it. A
drill's texts work the same way: `message` as written, `message_en` or `message_zh` for a
reader of that language. What the file does not give in a language falls back to what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def text_in(entity, field: str, lang: str | None) -> str | None:
    """`entity.<field>_<lang>` when the file gives it, else `entity.<field>` as written."""
    if lang:
        translated = getattr(entity, f"{field}_{lang}", None)
        if translated:
            return translated
    return getattr(entity, field, None)


def display_name(entity, lang: str | None) -> str:
    """A village's or store's name for a reader of `lang`: its `name_<lang>` if given, else its
    `name` (a village) or its id (a store); a store with a name in `lang` shows "name (id)"."""
    if getattr(entity, "name", None) is not None and not hasattr(entity, "id"):
        return text_in(entity, "name", lang)
    own = getattr(entity, f"name_{lang}", None) if lang else None
    if not own:
        return entity.id
    return f"{own}（{entity.id}）" if lang == "zh" else f"{own} ({entity.id})"


def display_names(scenario, lang: str | None) -> Callable[[str], str]:
    """name or id -> what a reader of `lang` sees, for every village, store and supplier of
    `scenario` (anything else is shown as it is)."""
    shown = {v.name: display_name(v, lang) for v in scenario.villages}
    shown.update({s.id: display_name(s, lang) for s in scenario.ledger.stores})
    shown.update({s.name: display_name(s, lang) for s in scenario.suppliers})
    return lambda name: shown.get(name, name)


def joined(names: Iterable[str], show: Callable[[str], str], lang: str | None) -> str:
    """Names shown and joined as the language lists them (、 in Chinese)."""
    return ("、" if lang == "zh" else ", ").join(show(n) for n in names)
