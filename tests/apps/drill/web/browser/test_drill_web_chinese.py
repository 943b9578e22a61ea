"""A Chinese drill played in a room, in the real headless Chromium: the pages, their buttons
and menus, the messages the server sends and the script's own words are Chinese, from the
catalogue; an action taken in Chinese acts on the model as in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sim.apps.drill.web.page_text import page_catalogue, page_html, script_messages
from tests.support.browser import served
from tests.support.drill_town import zh_drill
from tests.support.paths import ROOT

SCRIPT = ROOT / "sim" / "apps" / "drill" / "web" / "static" / "drill.js"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("room-zh")
    yield from served(zh_drill(folder), folder)


def _open(browser, server, role):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server.links()[role])
    expect(page.locator("#clock-time")).not_to_have_text("--")
    return page


def english_sentences_shown(page) -> list[str]:
    """The script's messages of three words or more that the page shows in English."""
    text = page.locator("body").inner_text()
    return [m for m in script_messages() if len(re.sub(r"\{\w+\}", "", m).split()) >= 3
            and re.sub(r"\{\w+\}", "", m).strip() in text]


def _keep_screenshot(page, path) -> None:
    """The whole page as a PNG beside the test's drill, to look at; then the page closes."""
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000
    page.close()


def test_every_message_of_the_script_is_found_and_translated():
    written = set(re.findall(r'\btr\("((?:[^"\\]|\\.)*)"', SCRIPT.read_text(encoding="utf-8")))
    assert set(script_messages()) == written and len(written) > 100
    catalogue = page_catalogue("zh")
    assert [m for m in script_messages() if m not in catalogue] == []
    assert page_catalogue("en") == {}
    assert '<html lang="zh-CN">' in page_html("zh") and '<html lang="en">' in page_html("en")


def test_the_facilitator_page_is_in_chinese(room):
    session, server, browser, _ = room
    page = _open(browser, server, "facilitator")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator("#role-title")).to_have_text("导调员")
    expect(page.locator("#clock-time")).to_have_text("2022年11月10日 00:00")
    expect(page.locator("#btn-play")).to_have_text("开始")
    expect(page.locator("#title-messages")).to_have_text("收到的信息")
    page.click("#btn-next")  # the first inject: V0 is locked
    expect(page.locator("#messages")).to_contain_text("演练导调组 → 指挥部：“零村即刻起临时封控。”")
    expect(page.locator("#facilitator")).to_contain_text("村庄封控：零村")
    expect(page.locator("#facilitator")).to_contain_text("演练注入清单")
    assert english_sentences_shown(page) == []
    page.close()


def test_a_role_page_is_in_chinese_and_its_action_works(room):
    session, server, browser, folder = room
    if not session.model.villages["V0"].locked:
        session.jump_to_next_inject()
    page = _open(browser, server, "command_centre")
    expect(page.locator("#role-title")).to_have_text("指挥部")
    expect(page.locator("#setup-V0")).to_contain_text("开通下单渠道：零村")
    expect(page.locator("#setup-V0 button.stage-groups")).to_have_text("建立工作群")
    form = page.locator("#action-cap_orders")
    expect(form).to_contain_text("限购")
    form.locator("input[name=orders_per_household_day]").fill("2")
    form.locator("button[type=submit]").click()
    expect(page.locator("#log")).to_contain_text("限购：每户每天订单数：2")
    expect(page.locator("#log")).to_contain_text("平台限购：每户每天最多 2 单食品订单")
    assert session.model.platform.food_order_cap_per_day == 2
    assert session.hook.actions[-1]["label"] == "Cap orders: orders per household day 2"  # the log is English
    # a refused request is told in Chinese
    said = page.evaluate("""async () => {
        const r = await fetch(api('/api/decide'), {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({inject: 'nope'})});
        return (await r.json()).error; }""")
    assert said.startswith("'nope' 没有待决策事项")
    assert english_sentences_shown(page) == []
    _keep_screenshot(page, folder / "drill-zh-command_centre.png")


def test_a_screenshot_of_the_chinese_facilitator_page(room):
    session, server, browser, folder = room
    session.advance_to(9 * 60 + 10)  # the rumour's decision is open; stores are busy
    page = _open(browser, server, "facilitator")
    page.wait_for_function("document.querySelectorAll('#charts polyline').length > 0")
    expect(page.locator("#decisions")).to_contain_text("待指挥部决策")
    expect(page.locator("#decisions")).to_contain_text("订单激增，怎么办？")
    assert english_sentences_shown(page) == []
    _keep_screenshot(page, folder / "drill-zh-facilitator.png")


def test_a_decision_taken_in_chinese_is_logged_as_the_file_wrote_it(room):
    session, server, browser, _ = room
    if "v0-rumour" not in session.pending:
        session.advance_to(9 * 60 + 10)
    page = _open(browser, server, "command_centre")
    page.locator("#decision-v0-rumour button.option", has_text="每户每天限一单（默认）").click()
    expect(page.locator("#log")).to_contain_text("决策 [v0-rumour]：每户每天限一单（指挥部）")
    decision = session.hook.decisions[-1]
    assert (decision["inject"], decision["choice"], decision["by"]) == ("v0-rumour", "cap", "command centre")
    assert decision["label"] == "每户每天限一单" and decision["result"].startswith("platform caps food orders")
    page.close()
