"""The messages the code marks for translation, as `make i18n` finds them (the catalogue tests and
the commands' own message checks read them)."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir

from tests.support.paths import ROOT


def messages_in_code() -> set[str]:
    """Every message the code marks for translation, found as `make i18n` finds them: `tr`,
    `N_` and `Phrase` in the Python of sim/ and agents/, `tr` in the drill page's script."""
    found = set()
    for folder in ("sim", "agents"):
        found |= {message for _, _, message, _, _ in extract_from_dir(
            str(ROOT / folder), method_map=[("**.py", "python"), ("**.js", "javascript")],
            options_map={"**.js": {"parse_template_string": True}},
            keywords={"tr": None, "N_": None, "Phrase": None})}
    return found
