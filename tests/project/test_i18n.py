"""Reports in Chinese: every message of the catalogue has its translation, the compiled catalogue
matches its source, a Chinese run report and KPI table read in Chinese with the KPI keys and file
names unchanged, and Chinese text in plots is drawn with a font that has its characters."""

from __future__ import annotations

import gettext
import io
import json
import re
import warnings

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from sim.apps.report import cjk_font
from sim.apps.report.cjk_font import fonts_for
from sim.cli.commands import main
from sim.core.i18n import LOCALE_DIR, LanguageError, check_language, translator
from tests.support.drill_town import write_town
from tests.support.i18n_catalogue import messages_in_code

PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "rehearse.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="zh")


def untranslated(catalog: Catalog, wanted: set[str]) -> list[str]:
    """Messages of `wanted` that `catalog` lacks, leaves empty or marks fuzzy."""
    return sorted(m for m in wanted
                  if m not in catalog or not catalog[m].string or catalog[m].fuzzy)


def test_every_message_in_the_code_has_its_chinese_translation():
    wanted = messages_in_code()
    assert len(wanted) > 100 and "Key figures" in wanted
    assert untranslated(zh_catalog(), wanted) == []


def test_a_missing_or_empty_translation_is_found():
    catalog = zh_catalog()
    catalog["Key figures"].string = ""
    del catalog["Lead time"]
    assert untranslated(catalog, messages_in_code()) == ["Key figures", "Lead time"]


def test_the_committed_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, zh_catalog())
    compiled.seek(0)
    from_po = gettext.GNUTranslations(compiled)
    with MO.open("rb") as f:
        committed = gettext.GNUTranslations(f)
    for message in messages_in_code():
        assert committed.gettext(message) == from_po.gettext(message) != message, message


def test_translator_gives_chinese_and_falls_back_to_english():
    assert translator("zh")("Key figures") == "主要指标"
    assert translator("en")("Key figures") == "Key figures"
    assert translator(None)("Couriers") == "Couriers"
    assert translator("zh")("a message the catalogue does not have") == "a message the catalogue does not have"
    with pytest.raises(LanguageError, match="allowed: en, zh"):
        check_language("fr")


def test_an_unknown_language_is_a_user_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(write_town(tmp_path)), "--lang", "fr", "--out", str(tmp_path / "run")])
    assert exit_.value.code == 2
    assert "--lang: invalid choice: 'fr'" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_without_a_cjk_font_a_chinese_run_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cjk_font, "cjk_font_family", lambda: None)
    assert main(["run", str(write_town(tmp_path)), "--lang", "zh", "--quiet",
                 "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert "apt-get install -y fonts-noto-cjk" in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()


@pytest.fixture
def runs(tiny_town_runs):
    """The small town run in English and in Chinese, seed 5, with the printed tables (the
    session's, tests/conftest.py)."""
    return tiny_town_runs


def headings(html: str) -> list[str]:
    return re.findall(r"<(?:h1|h2|th)>([^<]*)</(?:h1|h2|th)>", html)


def test_a_chinese_run_report_has_chinese_headings_and_no_english_ones(runs):
    folder, _ = runs
    html = (folder / "zh" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    found = headings(html)
    for heading in ("主要指标", "配送的瓶颈", "封控与订购渠道", "断顿住户", "骑手", "紧急购药需求",
                    "下单、送达与待送订单"):
        assert heading in found, heading
    assert "<h1>运行报告：tiny-town</h1>" in html
    english = {m for m in messages_in_code() if translator("zh")(m) != m}
    assert [h for h in found if h in english] == []
    assert [h for h in found if not CJK.search(h)] == []
    # the English report has the English headings (so the check above would see them)
    assert "Key figures" in headings((folder / "en" / "report.html").read_text(encoding="utf-8"))


def test_a_chinese_run_keeps_kpi_keys_and_file_names(runs):
    folder, printed = runs
    kpis = {lang: json.loads((folder / lang / "kpis.json").read_text()) for lang in ("en", "zh")}
    assert kpis["zh"] == kpis["en"]
    files = {lang: sorted(p.relative_to(folder / lang).as_posix() for p in (folder / lang).rglob("*"))
             for lang in ("en", "zh")}
    assert files["zh"] == files["en"] and "plots/couriers.png" in files["zh"]
    header, *rows = printed["zh"].splitlines()
    assert header.split() == ["指标键（英文）", "数值", "指标"]
    placed = next(r for r in rows if r.startswith("orders_placed "))
    assert placed.split()[1] == f"{kpis['zh']['orders_placed']:,}" and placed.endswith("下单数")
    assert "运行结果文件夹: " in printed["zh"]
    assert printed["en"].splitlines()[0].split()[0] == next(iter(kpis["en"]))  # English: no heading line


def _font_file(text) -> str:
    return font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)


def _has_glyph(path: str, char: str) -> bool:
    return FT2Font(path).get_char_index(ord(char)) != 0


def test_chinese_plot_labels_are_drawn_with_a_cjk_font(tmp_path):
    with fonts_for("zh"):
        fig = Figure()
        ax = fig.add_subplot()
        title = ax.set_title(translator("zh")("Couriers"))
        label = ax.set_xlabel(translator("zh")("date and time (local)"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "zh.png")
    assert [w for w in caught if "missing from font" in str(w.message)] == []
    for text in (title, label):
        path = _font_file(text)
        assert all(_has_glyph(path, c) for c in CJK.findall(text.get_text())), path
    assert cjk_font.cjk_font_family() in {f.name for f in font_manager.fontManager.ttflist
                                          if f.fname == _font_file(title)}
    # matplotlib's own default has no Chinese characters: the font above is what draws them
    plain = Figure().add_subplot().set_title("骑手")
    assert not _has_glyph(_font_file(plain), "骑")
