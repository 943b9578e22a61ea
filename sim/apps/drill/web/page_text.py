"""The drill page in its language: the HTML with the page's `lang` and, inside it, the
catalogue's translations of every message the page's script says (`tr("...")` in drill.js,
found as `make i18n` finds them) and of the words it makes from the drill's keys.

The script has no dictionary of its own: in English it gets an empty one and shows its
messages as written; in Chinese it gets the `.po` file's translations.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from babel.messages.extract import extract

from sim.apps.drill.language import WORDS
from sim.core.i18n import HTML_LANG, translator

STATIC = "static"


def _static(name: str) -> str:
    return (resources.files("sim.apps.drill.web") / STATIC / name).read_text(encoding="utf-8")


@cache
def script_messages() -> tuple[str, ...]:
    """The messages drill.js translates, extracted with Babel's JavaScript extractor."""
    with (resources.files("sim.apps.drill.web") / STATIC / "drill.js").open("rb") as f:
        found = extract("javascript", f, keywords={"tr": None}, options={"parse_template_string": True})
        return tuple(dict.fromkeys(message for _, message, _, _ in found))


def page_catalogue(lang: str) -> dict[str, str]:
    """message -> its translation, for every message of the page that `lang` says differently."""
    tr = translator(lang)
    return {m: tr(m) for m in (*script_messages(), *WORDS) if tr(m) != m}


def page_html(lang: str) -> str:
    """The one page of every role, in `lang`."""
    catalogue = json.dumps(page_catalogue(lang), ensure_ascii=False).replace("</", "<\\/")
    return (_static("page.html").replace("/*LANG*/", HTML_LANG[lang])
            .replace("/*I18N*/", catalogue)
            .replace("/*STYLE*/", _static("drill.css"))
            .replace("/*SCRIPT*/", _static("drill.js")))
