"""Comparisons, sweep summaries and the run report's last English pieces in Chinese: the same
comparison in English and Chinese gives the same tables byte for byte, its Chinese reports have
Chinese headings and no English sentence of the catalogue, its plots draw Chinese with a font
that has the characters, `sweep summarize --lang zh` prints and plots in Chinese, the run
report's binding constraints and dates read in Chinese, and a bad language is exit 2.
Headless-Chromium screenshots of the Chinese run report and comparison report are saved beside
the reports (their paths are printed)."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import matplotlib.figure
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from sim.apps.compare.runner import run_comparison
from sim.apps.report import cjk_font
from sim.cli.commands import main
from sim.core.i18n import translator
from tests.support.browser import chromium_path
from tests.support.i18n_catalogue import messages_in_code
from tests.support.sweep_fixtures import SMALL_TOWN, write_spec

CJK = re.compile(r"[\u4e00-\u9fff]")
# a robust study: a depot or none, under three drawn outages of the wholesale market, with a
# threshold and the depot's cost (so the recommendation, PRIM boxes and the cost plot appear)
STUDY = f"""base_scenario = "{SMALL_TOWN}"
root_seed = 5
replications = 2
horizon_days = 1
baseline = "no_depot"
kpis = [
    {{ name = "unmet_energy_person_days", goal = "min" }},
    {{ name = "fill_rate", goal = "max" }},
    {{ name = "depot_cost_total", goal = "min" }},
]
thresholds = {{ fill_rate = {{ min = 0.8 }} }}

[[policies]]
name = "no_depot"
set = {{}}

[[policies]]
name = "depot_2d"
set = {{ "depot.cover_days" = 2 }}

[ensemble]
size = 3
seed = 3
set = {{ disruptions = [
    {{ kind = "supplier_outage", supplier = "wholesale market", start_day = 0.1, days = 1, capacity_share = 0 }},
] }}
variables = [
    {{ name = "outage_days", low = 0.1, high = 0.9, paths = ["disruptions.0.days"], digits = 6 }},
    {{ name = "capacity_share", low = 0, high = 0.6, paths = ["disruptions.0.capacity_share"] }},
]
"""
TABLES = ("comparison.csv", "best.csv", "regret.csv", "robust.csv", "prim_boxes.csv")


def english_fragments() -> list[str]:
    """The text of each catalogue message that Chinese translates, between its placeholders,
    where that text is a phrase of four words or more (a sentence left in English)."""
    zh = translator("zh")
    fragments = set()
    for message in messages_in_code():
        if zh(message) == message:
            continue
        for part in re.split(r"\{[^{}]*\}|`[^`]*`|\n", message):
            part = part.strip(" .,;:()")
            if len(re.findall(r"[A-Za-z]+", part)) >= 4:
                fragments.add(part)
    return sorted(fragments)


def english_left_in(text: str) -> list[str]:
    return [f for f in english_fragments() if f in text]


def _cjk_text_fonts(fig) -> list[tuple[str, str]]:
    """(text, font file matplotlib chose) of every text in `fig` that has Chinese characters."""
    found = []
    for text in fig.findobj(matplotlib.text.Text):
        if CJK.search(text.get_text()):
            found.append((text.get_text(), font_manager.findfont(text.get_fontproperties(),
                                                                 fallback_to_default=False)))
    return found


@contextmanager
def cjk_fonts_drawn():
    """The (text, font file) of every Chinese text in the figures saved within."""
    fonts = []
    original = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        fonts.extend(_cjk_text_fonts(fig))
        return original(fig, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matplotlib.figure.Figure, "savefig", savefig)
        yield fonts


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """The same robust study in English and in Chinese, each in its own folder; the Chinese
    one's plots' texts with their fonts."""
    folder = tmp_path_factory.mktemp("compare-i18n")
    spec = folder / "study.toml"
    spec.write_text(STUDY, encoding="utf-8")
    run_comparison(spec, folder / "en", workers=2, progress=False, lang="en")
    with cjk_fonts_drawn() as fonts:
        outcome = run_comparison(spec, folder / "zh", workers=2, progress=False, lang="zh")
    return folder, outcome, fonts


def test_a_comparison_gives_the_same_tables_in_either_language(compared):
    folder, outcome, _ = compared
    assert outcome.complete and outcome.finished == 12
    for name in TABLES:
        assert (folder / "zh" / name).read_bytes() == (folder / "en" / name).read_bytes(), name
    columns = pd.read_csv(folder / "zh" / "comparison.csv").columns
    assert {"scenario", "policy", "kpi", "diff_mean", "p_holm"} <= set(columns)
    files = {lang: sorted(p.relative_to(folder / lang).as_posix()
                          for p in (folder / lang).rglob("*") if "runs" not in p.parts)
             for lang in ("en", "zh")}
    assert files["zh"] == files["en"] and "plots/cost_against_service.png" in files["zh"]


def test_a_chinese_comparison_report_reads_in_chinese(compared):
    folder, _, _ = compared
    md = (folder / "zh" / "report.md").read_text(encoding="utf-8")
    html = (folder / "zh" / "report.html").read_text(encoding="utf-8")
    headings = re.findall(r"^#+ (.+)$", md, re.MULTILINE)
    for heading in ("方案比较：study", "比较了什么、如何比较", "重复运行次数及理由",
                    "简明结论", "兼顾各种情形的稳健选择", "分指标结果", "最优子集", "方法",
                    "各情形下的达标情况", "抽样得到的情形"):
        assert heading in headings, heading
        assert heading == "分指标结果" or f">{heading}</h" in html, heading  # HTML: a section per KPI
    assert '<html lang="zh-CN">' in html
    # a KPI's heading shows its Chinese name beside the key, which stays English
    assert "draw-01情形：满足率（送达数量 / 订购数量，含全部订单）（fill_rate）" in headings
    assert "draw-02情形：未满足的能量需求（人·天）（unmet_energy_person_days）" in headings
    assert "建议：`" in md and "注意：以上是模型中的差异" in md
    assert "在任何情形中都达标" in md and "帕累托前沿" in md  # the PRIM note, the evidence
    assert english_left_in(md) == [] and english_left_in(html) == []
    # the check sees English where it is: the English report is full of these phrases
    english = (folder / "en" / "report.md").read_text(encoding="utf-8")
    assert len(english_left_in(english)) > 20
    assert "What was compared and how" in english and "方案" not in english


def test_chinese_comparison_plots_are_drawn_with_a_cjk_font(compared):
    _, _, fonts = compared
    assert len(fonts) > 20  # titles, axes, ticks and legends of every plot
    assert any("MORE图" in text for text, _ in fonts)
    assert any("帕累托前沿" in text for text, _ in fonts)  # the cost against service plot
    family = cjk_font.cjk_font_family()
    for text, path in fonts:
        assert all(FT2Font(path).get_char_index(ord(c)) for c in CJK.findall(text)), (text, path)
        assert family in {f.name for f in font_manager.fontManager.ttflist if f.fname == path}


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep-i18n")
    spec = write_spec(folder, """
design = "full_factorial"
replications = 2
root_seed = 7
horizon_days = 0.5
kpis = ["orders_delivered", "lead_time_minutes_mean", "urgent_pickup_minutes_p90"]

[[parameters]]
path = "couriers.whitelist_size"
values = [2, 10]
policy = true
""")
    out = folder / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--quiet", "--workers", "2"]) == 0
    return out


def _summarize(out: Path, *lang: str) -> str:
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["sweep", "summarize", str(out), *lang]) == 0
    return printed.getvalue()


def test_sweep_summarize_prints_and_plots_in_chinese(small_sweep):
    english = _summarize(small_sweep)
    points = (small_sweep / "summary" / "points.csv").read_bytes()
    with cjk_fonts_drawn() as fonts:
        chinese = _summarize(small_sweep, "--lang", "zh")
    assert chinese.splitlines()[0] == "计划的4次运行中已保存4次（失败0次）"
    assert "均值及95%置信区间（± 半宽；不对称时为 [下限, 上限]）：" in chinese
    assert "与第一个方案的配对差值" in chinese and "警告：有2个设计点（共2个）的重复运行少于5次（最少2次）" in chinese
    assert "说明：urgent_pickup_minutes_p90：没有任何运行有数值；未绘图" in chinese
    assert "couriers.whitelist_size=10 对比 2" in chinese
    assert english_left_in(chinese) == [] and len(english_left_in(english)) >= 3
    # the numbers and the tables are those of the English summary
    numbers = re.compile(r"-?\d[\d,.]*")
    assert numbers.findall(chinese.split("\n", 2)[2]) == numbers.findall(english.split("\n", 2)[2])
    assert (small_sweep / "summary" / "points.csv").read_bytes() == points
    assert any("各次重复运行的均值及95%置信区间" in text for text, _ in fonts)
    family = cjk_font.cjk_font_family()
    assert {p for _, p in fonts} and all(
        family in {f.name for f in font_manager.fontManager.ttflist if f.fname == p}
        for _, p in fonts)


def test_the_sweep_spec_can_ask_for_chinese(tmp_path):
    from sim.apps.sweep.plan import plan_sweep
    from sim.apps.sweep.spec import load_sweep_spec

    body = ('design = "full_factorial"\nroot_seed = 7\nkpis = ["orders_delivered"]\n'
            '[[parameters]]\npath = "couriers.whitelist_size"\nvalues = [2, 10]\n')
    plain = plan_sweep(load_sweep_spec(write_spec(tmp_path, body, "plain")))
    chinese = plan_sweep(load_sweep_spec(write_spec(tmp_path, 'lang = "zh"\n' + body, "zh")))
    assert chinese["spec"]["lang"] == "zh"
    # the language decides no run: the same runs and fingerprint
    assert chinese["fingerprint"] == plain["fingerprint"] and chinese["runs"] == plain["runs"]


@pytest.mark.parametrize("command", ["compare", "summarize"])
def test_an_unknown_language_is_exit_2(tmp_path, capsys, command):
    args = (["compare", str(tmp_path / "spec.toml")] if command == "compare"
            else ["sweep", "summarize", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--lang", "fr"])
    assert exit_.value.code == 2
    assert "--lang: invalid choice: 'fr'" in capsys.readouterr().err


def test_a_bad_lang_in_a_compare_spec_names_file_line_and_field(tmp_path, capsys):
    spec = tmp_path / "compare-bad.toml"
    spec.write_text(STUDY.replace("root_seed = 5", 'root_seed = 5\nlang = "fr"'), encoding="utf-8")
    assert main(["compare", str(spec), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{spec}:3" in err and "lang" in err and "'en' or 'zh'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_the_compare_spec_language_is_the_default(tmp_path):
    from sim.apps.compare.plan import plan_comparison
    from sim.apps.compare.spec import load_compare_spec

    plain = tmp_path / "plain.toml"
    plain.write_text(STUDY, encoding="utf-8")
    chinese = tmp_path / "chinese.toml"
    chinese.write_text('lang = "zh"\n' + STUDY, encoding="utf-8")
    assert load_compare_spec(plain).report_language == "en"
    assert load_compare_spec(chinese).report_language == "zh"
    # a base scenario that says its language gives it, unless the spec says another
    town = tmp_path / "town-zh.toml"
    town.write_text(Path(SMALL_TOWN).read_text(encoding="utf-8").replace("[run]\n", '[run]\nlang = "zh"\n', 1),
                    encoding="utf-8")
    from_town = tmp_path / "from-town.toml"
    from_town.write_text(STUDY.replace(str(SMALL_TOWN), str(town)), encoding="utf-8")
    assert load_compare_spec(from_town).report_language == "zh"
    english = tmp_path / "english.toml"
    english.write_text('lang = "en"\n' + STUDY.replace(str(SMALL_TOWN), str(town)), encoding="utf-8")
    assert load_compare_spec(english).report_language == "en"
    # the same runs whatever the language: a report in another language reuses them
    assert (plan_comparison(load_compare_spec(chinese), 3)["fingerprint"]
            == plan_comparison(load_compare_spec(plain), 3)["fingerprint"])


def test_a_chinese_comparison_without_a_cjk_font_says_what_to_install(tmp_path, capsys,
                                                                       monkeypatch):
    monkeypatch.setattr(cjk_font, "cjk_font_family", lambda: None)
    spec = tmp_path / "compare-tiny.toml"
    spec.write_text(STUDY, encoding="utf-8")
    assert main(["compare", str(spec), "--lang", "zh", "--out", str(tmp_path / "out"),
                 "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "apt-get install -y fonts-noto-cjk" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "runs").exists()  # stopped before any run


@pytest.fixture
def chinese_run(tiny_town_runs):
    """The tiny town's run in Chinese (the session's, tests/conftest.py, which test_i18n.py reads
    too)."""
    folder, _ = tiny_town_runs
    return folder / "zh"


def test_the_chinese_run_report_has_no_english_sentence_left(chinese_run):
    html = (chinese_run / "report.html").read_text(encoding="utf-8")
    assert english_left_in(html) == []
    # its binding constraints and days are in Chinese too
    assert re.search(r"<td>11月10日</td>", html) and "均未接近满负荷" in html


def test_the_screenshots_of_the_chinese_reports(chinese_run, compared, tmp_path):
    from playwright.sync_api import sync_playwright

    reports = {"run-report-zh.png": chinese_run / "report.html",
               "compare-report-zh.png": compared[0] / "zh" / "report.html"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        for name, report in reports.items():
            page.goto(report.as_uri())
            assert page.locator("html").get_attribute("lang") == "zh-CN"
            heading = page.locator("h1").inner_text()
            assert CJK.search(heading), heading
            path = tmp_path / name  # not in the run folders, which other tests read
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 50_000
            print(f"screenshot: {path}")
        browser.close()


def test_a_sweep_grows_whatever_language_its_spec_asks_for(tmp_path):
    from sim.apps.sweep.growth import compare_plans
    from sim.apps.sweep.plan import plan_sweep
    from sim.apps.sweep.spec import load_sweep_spec

    body = ('design = "full_factorial"\nroot_seed = 7\nkpis = ["orders_delivered"]\n'
            '[[parameters]]\npath = "couriers.whitelist_size"\nvalues = [2, 10]\n')
    stored = plan_sweep(load_sweep_spec(write_spec(tmp_path, "replications = 1\n" + body, "one")))
    grown = plan_sweep(load_sweep_spec(write_spec(tmp_path, 'lang = "zh"\nreplications = 2\n' + body,
                                                  "two")))
    growth = compare_plans(tmp_path, stored, grown)
    assert growth.changes == ("replications 1 -> 2",) and growth.new_runs == 2


def test_a_scenario_s_language_and_names_in_chinese_leave_a_comparison_s_fingerprint(tmp_path):
    """What only changes what people read does not make stored runs stale; what decides a run does."""
    from sim.apps.compare.plan import plan_comparison
    from sim.apps.compare.spec import load_compare_spec

    town = tmp_path / "town.toml"
    text = Path(SMALL_TOWN).read_text(encoding="utf-8")
    town.write_text(text, encoding="utf-8")
    spec = tmp_path / "study.toml"
    spec.write_text(STUDY.replace(str(SMALL_TOWN), "town.toml"), encoding="utf-8")

    def fingerprint():
        return plan_comparison(load_compare_spec(spec), 3)["fingerprint"]

    before = fingerprint()
    village = re.search(r'name = "(V0)"\n', text)
    assert village
    town.write_text(text.replace("[run]\n", '[run]\nlang = "zh"\n', 1).replace(
        village.group(0), village.group(0) + 'name_zh = "零号村"\n', 1), encoding="utf-8")
    assert fingerprint() == before
    town.write_text(text.replace("[run]\n", '[run]\nrandom_numbers = "per_village"\n', 1), encoding="utf-8")
    assert fingerprint() != before


def test_a_sweep_folder_with_an_unknown_language_is_a_located_error(small_sweep, tmp_path, capsys):
    import json
    import shutil

    folder = tmp_path / "sweep"
    shutil.copytree(small_sweep, folder)
    manifest = json.loads((folder / "sweep.json").read_text())
    manifest["spec"]["lang"] = "fr"
    (folder / "sweep.json").write_text(json.dumps(manifest))
    assert main(["sweep", "summarize", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "sweep.json: spec.lang 'fr'" in err and "--lang" in err and "Traceback" not in err
