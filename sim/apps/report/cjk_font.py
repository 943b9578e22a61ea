"""A font with Chinese characters for the plots, found through matplotlib's font manager.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws each one as an empty
box. A Chinese report draws its figures with the first CJK font found here; when there is none
it stops with a message saying what to install rather than drawing boxes.
"""

from __future__ import annotations

import contextlib
import re

from matplotlib import font_manager, rc_context

from sim.core.atomic_files import OutputError

# families with Chinese glyphs, best first (Debian's fonts-noto-cjk gives the Noto ones)
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR",
                "Noto Sans CJK HK", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC",
                "Droid Sans Fallback", "SimHei", "Microsoft YaHei", "PingFang SC")
# file names of such fonts, for a font installed after matplotlib cached its list of fonts
CJK_FILES = re.compile(r"(NotoSansCJK|NotoSerifCJK|SourceHan|wqy|DroidSansFallback|simhei|msyh)",
                       re.IGNORECASE)
INSTALL_HINT = ("Chinese plots need a font with Chinese characters and none was found: install "
                "one (Debian/Ubuntu: apt-get install -y fonts-noto-cjk) and run again, or use "
                "--lang en")


class MissingFontError(OutputError):
    """No CJK font for a Chinese report (a set-up problem the user fixes: exit 2)."""


def _known_family() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


def cjk_font_family() -> str | None:
    """The name of a CJK font family matplotlib can use, or None. A CJK font installed after
    matplotlib built its font cache is added from the system's font folders."""
    family = _known_family()
    if family is None:
        for path in font_manager.findSystemFonts():
            if CJK_FILES.search(path):
                with contextlib.suppress(Exception):  # a font file matplotlib cannot read
                    font_manager.fontManager.addfont(path)
        family = _known_family()
    return family


def require_cjk_font() -> str:
    """The CJK font family, or MissingFontError saying what to install."""
    family = cjk_font_family()
    if family is None:
        raise MissingFontError(INSTALL_HINT)
    return family


def fonts_for(lang: str):
    """A context in which figures are drawn with the fonts `lang` needs: for Chinese a CJK
    font first (DejaVu Sans after it for any glyph it lacks); English keeps matplotlib's."""
    if lang != "zh":
        return contextlib.nullcontext()
    # named, not the generic sans-serif: each text keeps the CJK font even when drawn later
    return rc_context({"font.family": [require_cjk_font(), "DejaVu Sans"],
                       "axes.unicode_minus": False})
