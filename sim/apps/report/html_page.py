"""A self-contained HTML page: styles inline, images embedded as base64, so it opens from a
file, can be mailed, and still shows everything years later."""

from __future__ import annotations

import base64
import html
from pathlib import Path

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { border-bottom: 2px solid #b03030; padding-bottom: .2em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.met { color: #1a7f37; font-weight: bold; }
.missed { color: #b03030; font-weight: bold; }
img { max-width: 100%; border: 1px solid #eee; margin: .5em 0; }
.note { color: #555; font-size: 0.9em; }
"""


def esc(text: object) -> str:
    return html.escape(str(text))


def img(path: Path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<img alt="{esc(alt)}" src="data:image/png;base64,{data}">'


def table(header: list[str], rows: list[list[object]], classes: list[list[str]] | None = None) -> str:
    """A table; cells are escaped, numbers right-aligned; `classes` styles single cells."""
    out = ["<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"]
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            cls = classes[r][c] if classes and classes[r][c] else (
                "num" if isinstance(value, (int, float)) and not isinstance(value, bool) else "")
            cells.append(f'<td class="{cls}">{esc(value)}</td>' if cls else f"<td>{esc(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def page(title: str, sections: list[tuple[str, str]], subtitle: str = "", lang: str = "en") -> str:
    """The page; `lang` is its language tag (`zh-CN` for a Chinese report)."""
    body = [f"<h1>{esc(title)}</h1>"]
    if subtitle:
        body.append(f'<p class="note">{esc(subtitle)}</p>')
    for heading, content in sections:
        body.append(f"<h2>{esc(heading)}</h2>\n{content}")
    return (f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
