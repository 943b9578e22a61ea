"""The manual's Markdown as MkDocs renders it (the extensions mkdocs.yml names), and the pieces of
the HTML the reference pages' tests look at: a table row by the id in it, a page's sections."""

from __future__ import annotations

import html
import re

import markdown
import yaml

from tests.support.paths import ROOT

MKDOCS_YML = ROOT / "mkdocs.yml"


class _MkdocsLoader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml: `!relative $config_dir` is the checkout's root."""


_MkdocsLoader.add_constructor("!relative", lambda loader, node: str(ROOT))


def mkdocs_config() -> dict:
    return yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_MkdocsLoader)


def render(text: str) -> str:
    """`text` in HTML, by Python-Markdown with mkdocs.yml's extensions and their settings."""
    names, configs = [], {}
    for extension in mkdocs_config()["markdown_extensions"]:
        if isinstance(extension, dict):
            (name, settings), = extension.items()
            names.append(name)
            configs[name] = settings or {}
        else:
            names.append(extension)
    return markdown.markdown(text, extensions=names, extension_configs=configs)


def row_with_id(page_html: str, element_id: str) -> str | None:
    """The text of the table row holding the element `element_id` (tags dropped, spaces
    collapsed), or None."""
    for row in re.findall(r"<tr>(.*?)</tr>", page_html, flags=re.S):
        if f'id="{element_id}"' in row:
            return plain(row)
    return None


def plain(fragment: str) -> str:
    text = re.sub(r"<br\s*/?>|</t[dh]>|</?(p|li|h\d)\b[^>]*>", " ", fragment)  # between cells and lines
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
