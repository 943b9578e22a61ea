"""A drill in Chinese: the language comes from --lang, the drill file or the scenario; the
table's screens and the after-action report read in Chinese, with the file's own Chinese texts
and the villages' Chinese names; what the drill does and saves does not change with the
language; and the shipped Chinese Beizang drill is the English one, inject for inject."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import sync_playwright

from sim.apps.drill.choosers import InteractiveChooser
from sim.apps.drill.loading import load_drill
from sim.apps.drill.msel import export_msel, import_msel
from sim.apps.drill.runner import DrillHook
from sim.cli.commands import main
from sim.core.display_names import display_name, display_names, text_in
from sim.core.i18n import LOCALE_DIR, translator
from sim.core.phrase import Phrase, Phrases
from sim.inputs.scenario_loading import ScenarioError
from sim.model.town_model import TownModel
from tests.support.browser import chromium_path
from tests.support.drill_town import write_drill, zh_drill
from tests.support.paths import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
HEADINGS_ZH = ("演练复盘报告", "演练目标", "时间线：注入、决策、效果", "做得好的方面", "待改进之处", "改进计划")


def long_messages() -> set[str]:
    """The catalogue's messages of four words or more: English sentences of the code, which a
    Chinese report must not show as they are."""
    with (LOCALE_DIR / "zh" / "LC_MESSAGES" / "rehearse.po").open("rb") as f:
        catalog = read_po(f, locale="zh")
    return {m.id.strip() for m in catalog
            if m.id and len(re.sub(r"\{[^}]*\}", "", m.id).split()) >= 4}


def untranslated_sentences(text: str) -> list[str]:
    """Catalogue sentences (their text between {fields}) that appear in `text` as they are."""
    found = []
    for message in long_messages():
        pieces = [p.strip() for p in re.split(r"\{[^}]*\}", message) if len(p.strip().split()) >= 3]
        found += [p for p in pieces if p in text]
    return sorted(set(found))


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """The tiny Chinese drill played with its defaults, in Chinese and (--lang en) in English."""
    folder = tmp_path_factory.mktemp("zh-drill")
    spec = zh_drill(folder)
    out = {}
    for lang in ("zh", "en"):
        printed = io.StringIO()
        from contextlib import redirect_stdout

        with redirect_stdout(printed):
            assert main(["drill", str(spec), "--lang", lang, "--quiet", "--out", str(folder / lang)]) == 0
        out[lang] = printed.getvalue()
    return folder, spec, out


def test_the_language_comes_from_the_command_line_the_drill_file_or_the_scenario(tmp_path):
    for name in ("plain", "by-scenario", "bad"):
        (tmp_path / name).mkdir()
    assert load_drill(write_drill(tmp_path / "plain")).lang == "en"
    assert load_drill(zh_drill(tmp_path / "zh")).lang == "zh"
    spec = write_drill(tmp_path / "by-scenario")
    town = tmp_path / "by-scenario" / "tiny-town.toml"
    town.write_text(town.read_text(encoding="utf-8").replace('name = "tiny-town"', 'name = "tiny-town"\nlang = "zh"'),
                    encoding="utf-8")
    assert load_drill(spec).lang == "zh"


def test_a_bad_language_is_a_users_mistake(tmp_path, capsys):
    spec = write_drill(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["drill", str(spec), "--lang", "fr", "--out", str(tmp_path / "out")])
    assert exit_.value.code == 2 and "--lang: invalid choice: 'fr'" in capsys.readouterr().err
    (tmp_path / "bad").mkdir()
    bad = write_drill(tmp_path / "bad", replace={'name = "tiny-drill"': 'name = "tiny-drill"\nlang = "fr"'})
    assert main(["drill", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "tiny-drill.toml:4: drill.lang" in err and "'en' or 'zh'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_text_in_an_unknown_language_is_a_located_error(tmp_path):
    bad = write_drill(tmp_path, replace={
        'message = "V0 is sealed."': 'message = "V0 is sealed."\nmessage_fr = "V0 bouclé."'})
    with pytest.raises(ScenarioError) as error:
        load_drill(bad)
    problem = error.value.problems[0]
    assert (problem.line, problem.field) == (14, "injects[0].message_fr")


def test_a_chinese_drill_at_the_terminal_speaks_chinese(tmp_path):
    drill = load_drill(zh_drill(tmp_path))
    model = TownModel(drill.scenario, seed=drill.seed)
    screen = io.StringIO()
    hook = DrillHook(drill, InteractiveChooser(io.StringIO("2\n\n"), screen, drill.speaker), drill.seed)
    hook(model)
    model.run_episode()
    text = screen.getvalue()
    assert text.count("决策点") == 3 and "DECISION POINT" not in text
    assert "“零村即刻起临时封控。”" in text and "问题：订单激增，怎么办？" in text
    assert "  1. [cap] 每户每天限一单  （默认）" in text
    assert "2022年11月10日 09:00 的态势" in text and "零村：已封控 7.0 小时" in text
    assert "没有更多输入：按默认选项 [reserve] 处理" in text
    assert [(d["inject"], d["choice"], d["by"]) for d in hook.decisions] == [
        ("v0-rumour", "none", "trainee"), ("couriers-out", "none", "trainee"), ("sup-closed", "reserve", "default")]
    assert untranslated_sentences(text) == []


def test_the_after_action_report_reads_in_chinese(played):
    folder, _, printed = played
    md = (folder / "zh" / "after-action.md").read_text(encoding="utf-8")
    html = (folder / "zh" / "after-action.html").read_text(encoding="utf-8")
    for heading in HEADINGS_ZH:
        assert heading in md and heading in html
    assert '<html lang="zh-CN">' in html
    assert "村民群里传言：明天超市关门。" in md and "发布权威通知；限制恐慌性下单" in md
    assert "v0-locked（村庄封控：零村）" in md and "零村封控；指挥部开通下单渠道" in md
    assert "选择了“每户每天限一单”" in md or "每户每天限一单（默认选项）" in md
    assert re.search(r"[PSMU]：(顺利完成|基本完成|勉强完成|未能完成)", md)
    assert untranslated_sentences(md) == [] and untranslated_sentences(html) == []
    assert "演练结果文件夹：" in printed["zh"] and "共 9 条注入，3 项决策：" in printed["zh"]
    report = (folder / "zh" / "report.html").read_text(encoding="utf-8")
    assert "演练运行报告：tiny-drill" in report and "主要指标" in report
    assert "<h2>封控与订购渠道</h2>" in report and "<h2>配送时长</h2>" in report  # its figures


def test_the_same_drill_in_english_shows_the_english_texts(played):
    folder, _, printed = played
    md = (folder / "en" / "after-action.md").read_text(encoding="utf-8")
    assert not CJK.search(md), CJK.findall(md)[:10]
    assert "## Objectives" in md and "Rumour: shops close tomorrow." in md and "V0 is sealed." in md
    assert "drill folder:" in printed["en"]


def test_the_language_changes_what_people_read_not_what_the_drill_does(played):
    folder, spec, _ = played
    for name in ("decisions.json", "kpis.json"):
        assert (folder / "zh" / name).read_bytes() == (folder / "en" / name).read_bytes(), name
    # a replay in the other language gives the same log again, byte for byte
    assert main(["drill", str(spec), "--lang", "en", "--decisions", str(folder / "zh"), "--quiet",
                 "--out", str(folder / "replayed")]) == 0
    replayed = (folder / "replayed" / "decisions.json").read_text(encoding="utf-8")
    assert replayed == (folder / "zh" / "decisions.json").read_text(encoding="utf-8").replace('"default"', '"replay"')


def test_a_screenshot_of_the_chinese_after_action_report(played):
    folder, _, _ = played
    path = folder / "after-action-zh.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto((folder / "zh" / "after-action.html").as_uri())
        assert page.locator("h1").inner_text().startswith("演练复盘报告")
        # the page's Chinese is drawn with a font that has it: its width is not that of empty boxes
        assert page.evaluate("document.fonts.check('16px sans-serif', '演练')")
        page.screenshot(path=str(path), full_page=True)
        browser.close()
    assert path.stat().st_size > 50_000


def test_the_chinese_beizang_drill_is_the_english_one(tmp_path):
    en = load_drill(ROOT / "experiments" / "drill-beizang.toml")
    zh = load_drill(ROOT / "experiments" / "drill-beizang.zh.toml")
    assert (en.lang, zh.lang) == ("en", "zh")
    assert en.inject_minutes == zh.inject_minutes
    assert en.spec.objectives == zh.spec.objectives and en.spec.web == zh.spec.web
    assert en.spec.drill.overrides == zh.spec.drill.overrides
    assert en.spec.drill.horizon_days == zh.spec.drill.horizon_days
    same = ("id", "day", "clock", "kind", "target", "objective", "to", "lockdown_days", "hours", "couriers",
            "share", "extra_basket_days", "over_hours", "requests", "detour_factor", "edges",
            "default_option", "expected_actions")
    for a, b in zip(en.spec.injects, zh.spec.injects, strict=True):
        assert [getattr(a, f) for f in same] == [getattr(b, f) for f in same], a.id
        assert [o.model_dump(exclude={"label", "label_en", "label_zh"}) for o in a.options] == \
            [o.model_dump(exclude={"label", "label_en", "label_zh"}) for o in b.options], a.id
        # the Chinese file says it in Chinese, and keeps the English drill's words as _en
        assert (b.message_en, b.expected_action_en, b.decision_en) == (a.message, a.expected_action, a.decision)
        assert [o.label_en for o in b.options] == [o.label for o in a.options]
        assert CJK.search(b.message) and CJK.search(b.expected_action)
        assert all(CJK.search(o.label) for o in b.options)
    said = " ".join(i.message for i in zh.spec.injects)
    for village in ("马村", "八家村", "西王庄村", "西大营村"):
        assert village in said


def test_beizang_villages_have_their_chinese_names_from_the_source():
    scenario = load_drill(ROOT / "experiments" / "drill-beizang.toml").scenario
    names = display_names(scenario, "zh")
    assert [names(v) for v in ("Ma", "Bajia", "Xiwangzhuang", "Xidaying")] == ["马村", "八家村", "西王庄村", "西大营村"]
    assert all(CJK.search(names(v.name)) for v in scenario.villages)
    assert names("XDY-01") == "西大营村会长店超市（XDY-01）" and names("MA-01") == "MA-01"
    assert display_names(scenario, "en")("Ma") == "Ma"


def test_msel_carries_the_texts_in_the_other_language(tmp_path):
    csv_path = tmp_path / "msel.csv"
    export_msel(ROOT / "experiments" / "drill-beizang.zh.toml", csv_path)
    header = csv_path.read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",message en,expected action en")
    out = tmp_path / "back.toml"
    shutil.copy(ROOT / "experiments" / "drill-beizang.zh.toml", tmp_path / "drill.toml")
    shutil.copy(ROOT / "experiments" / "beizang-2022.toml", tmp_path / "beizang-2022.toml")
    import_msel(csv_path, tmp_path / "drill.toml", out)
    back = load_drill(out)
    original = load_drill(ROOT / "experiments" / "drill-beizang.zh.toml")
    assert [(i.message, i.message_en, i.expected_action_en, i.decision_en) for i in back.spec.injects] == \
        [(i.message, i.message_en, i.expected_action_en, i.decision_en) for i in original.injects_in_time_order()]


class _Village:
    def __init__(self, name, name_zh=None, name_en=None):
        self.name, self.name_zh, self.name_en = name, name_zh, name_en


def test_display_names_fall_back_to_what_the_file_wrote():
    assert display_name(_Village("Ma", name_zh="马村"), "zh") == "马村"
    assert display_name(_Village("Ma", name_zh="马村"), "en") == "Ma"
    assert display_name(_Village("马村", name_en="Ma"), "en") == "Ma"
    assert display_name(_Village("马村", name_en="Ma"), "zh") == "马村"
    assert text_in(_Village("x"), "name", "zh") == "x"


words = st.text(alphabet="abcdefghij -", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=4), st.integers(0, 10_000), st.floats(0, 1e6, allow_nan=False))
def test_a_phrase_is_its_english_text_and_said_again_the_same_in_english(parts, count, amount):
    phrase = Phrase("{count:,} of {amount:.1f} ({what})", count=count, amount=amount,
                    what=Phrases([Phrase("{village} never", village=p) for p in parts]))
    english = f"{count:,} of {amount:.1f} ({'; '.join(p + ' never' for p in parts)})"
    assert phrase == english and isinstance(phrase, str)
    assert phrase.said(translator("en")) == english
    chinese = phrase.said(translator("zh"), str)
    assert chinese.count("始终未开通") == len(parts)
    assert ("；" in chinese) == (len(parts) > 1)


def test_a_towns_spreadsheets_may_give_the_chinese_names(tmp_path):
    (tmp_path / "v.csv").write_text("name,x_km,y_km,population,name_zh\nMa,0,0,900,马村\nBajia,1,0,800,\n",
                                    encoding="utf-8")
    (tmp_path / "s.csv").write_text("id,village,kind,floor_m2,name_zh\nM1,Ma,supermarket,100,马村超市\n"
                                    "M2,Ma,vegetable_shop,60,\nM3,Ma,pharmacy,50,\nM4,Ma,catering,50,\n",
                                    encoding="utf-8")
    assert main(["town", "init", "--villages", str(tmp_path / "v.csv"), "--stores", str(tmp_path / "s.csv"),
                 "--out", str(tmp_path / "t.toml")]) == 0
    from sim.inputs.scenario_loading import load_scenario

    names = display_names(load_scenario(tmp_path / "t.toml"), "zh")
    assert [names("Ma"), names("Bajia"), names("M1"), names("M2")] == ["马村", "Bajia", "马村超市（M1）", "M2"]


def test_a_branch_of_a_chinese_drill_is_told_in_chinese(played, monkeypatch):
    from matplotlib.figure import Figure

    folder, spec, _ = played
    titles = []
    save = Figure.savefig

    def keep_titles(figure, path, *args, **kwargs):
        if "branch_compare" in str(path):
            titles.append(figure.get_suptitle())
            titles.extend(ax.get_ylabel() for ax in figure.axes)
        return save(figure, path, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep_titles)
    alternative = folder / "alt.json"
    alternative.write_text('{"decisions": [{"inject": "sup-closed", "choice": "none"}]}', encoding="utf-8")
    assert main(["drill", str(spec), "--from", "2022-11-10T15:00", "--branch-of", str(folder / "zh"),
                 "--decisions", str(alternative), "--quiet", "--out", str(folder / "branch")]) == 0
    html = (folder / "branch" / "after-action.html").read_text(encoding="utf-8")
    assert "决策带来的变化：原推演与分支推演" in html
    assert '分支点之前的时间序列与原推演完全一致： <strong class="met">是</strong>' in html
    md = (folder / "branch" / "after-action.md").read_text(encoding="utf-8")
    assert "## 分支推演" in md and "在此之前与原推演完全一致：是" in md
    assert untranslated_sentences(html) == [] and untranslated_sentences(md) == []
    # the side-by-side plot too
    assert titles[0] == "原推演（实线）与分支（虚线）：随机种子相同，决策不同"
    assert "待送订单（全镇）" in titles


def test_a_verdict_is_said_in_chinese_with_the_files_chinese_texts():
    from sim.apps.drill.judgement import judge_decision
    from sim.apps.drill.language import Speaker
    from sim.apps.drill.spec import Inject

    inject = Inject.model_validate({
        "id": "x", "day": 1, "kind": "demand_shock", "target": "Ma", "share": 0.3,
        "message": "马村订单激增。", "message_en": "Orders surge in Ma.",
        "expected_action": "限制恐慌性下单", "expected_action_en": "Cap panic orders", "objective": "fill_rate",
        "decision": "怎么办？", "default_option": "cap", "expected_actions": ["cap_orders"],
        "options": [{"key": "cap", "label": "限购", "label_en": "Cap orders", "action": "cap_orders",
                     "orders_per_household_day": 1},
                    {"key": "more", "label": "增补骑手", "label_en": "More couriers", "action": "whitelist_couriers",
                     "couriers": 5}]})
    decision = {"inject": "x", "choice": "more", "label": "增补骑手", "action": "whitelist_couriers",
                "acted": True, "result": Phrase("{couriers} more couriers onboarding (commitment and first test "
                                                "before their first trip)", couriers=5)}
    verdict = judge_decision(decision, inject)
    assert verdict.text == "chose '增补骑手' (whitelist couriers); the inject expected: 限制恐慌性下单"
    assert Speaker(None, "zh").say(verdict.text) == (
        "选择了“增补骑手”（增补白名单骑手）；该注入的预期行动是：限制恐慌性下单")
    assert Speaker(None, "en").say(verdict.text) == (
        "chose 'More couriers' (whitelist couriers); the inject expected: Cap panic orders")


def test_without_a_cjk_font_a_chinese_drill_says_what_to_install(tmp_path, capsys, monkeypatch):
    from sim.apps.report import cjk_font

    monkeypatch.setattr(cjk_font, "cjk_font_family", lambda: None)
    spec = zh_drill(tmp_path)
    assert main(["drill", str(spec), "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "apt-get install -y fonts-noto-cjk" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert main(["drill", str(spec), "--check"]) == 0  # checking a file draws nothing


def test_a_road_closure_is_said_in_chinese_and_logged_in_english():
    from sim.core.i18n import translator
    from sim.core.phrase import said
    from sim.model.town_model import TownModel

    model = TownModel("experiments/small-town-roads.toml")
    effect = model.road_closures.close([("bridge", "V1")], 6, "drill")
    assert effect == "road bridge-V1 closed for 6 h; cut off: V1"
    chinese = said(effect, translator("zh"))
    assert chinese == "道路 bridge-V1 封闭 6 小时；被隔断：V1"


def test_columns_that_share_an_english_word_get_their_own_chinese_word():
    """The improvement plan's "by" is a deadline and its "observation" a problem found; the
    clock's column says who did it and the evaluators' what they saw: four Chinese words."""
    from types import SimpleNamespace

    from sim.apps.drill.clock_log import clock_section
    from sim.apps.drill.evaluator_report import observations_table
    from sim.apps.drill.language import Speaker

    sp = Speaker(None, "zh")
    hook = SimpleNamespace(clock_actions=[{"wall_time": "09:00:00", "time": "day 0 08:00", "by": "facilitator",
                                           "action": "pause", "speed": 60, "speed_while_open": 1}])
    _, _, clock_md = clock_section(hook, sp)
    header, _ = observations_table([], sp.tr)
    plan_by, plan_observation = sp.tr("by"), sp.tr("observation")
    assert plan_by == "完成时限" and plan_observation == "发现的问题"
    assert plan_by not in clock_md.splitlines()[0] and "角色" in clock_md.splitlines()[0]
    assert plan_observation not in header and header[-1] == "评估员观察到的情况"
