"""A busy model, as the players see it in the real headless Chromium: while one role's large
action holds the model, every page says the model is catching up and the player whose request
waits is told it will be taken when the model is free, in English and in Chinese, at phone and
desktop widths; once the model is free the notice goes and the request's answer shows."""

from __future__ import annotations

import threading
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import served
from tests.support.drill_town import write_drill, zh_drill

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
WORDS = {
    "en": {"catching_up": "The model is catching up", "yours": "Your request is waiting for the model",
           "when_free": "it will be taken when the model is free", "others": "Requests waiting for the model: 1",
           "done": "100 more couriers onboarding"},
    "zh": {"catching_up": "模型正在追赶进度", "yours": "您的请求正在等待模型", "when_free": "模型空闲后即会处理",
           "others": "等待模型处理的请求：1 个", "done": "100"},
}


@pytest.fixture(scope="module", params=["en", "zh"])
def room(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"busy-{request.param}")
    spec = write_drill(folder) if request.param == "en" else zh_drill(folder)
    for session, server, browser, _ in served(spec, folder):
        yield request.param, session, server, browser, folder


def _open(browser, server, role, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(server.links()[role])
    expect(page.locator("#clock-time")).not_to_have_text("--")
    page.wait_for_function("document.querySelector('#map').children.length > 0")
    return page


@pytest.mark.parametrize("player,other", [(PHONE, DESKTOP), (DESKTOP, PHONE)], ids=["phone", "desktop"])
def test_the_players_pages_say_the_model_is_busy_and_the_request_waits(room, monkeypatch, player, other):
    lang, session, server, browser, folder = room
    words = WORDS[lang]
    group = type(session.model.delivery_group)
    add_courier = group.add_courier
    holding = threading.Event()

    def slow_add_courier(self, *args, **kwargs):  # a town where each new courier takes 40 ms: 4 s in all
        holding.set()
        time.sleep(0.04)
        return add_courier(self, *args, **kwargs)

    monkeypatch.setattr(group, "add_courier", slow_add_courier)
    delivery = _open(browser, server, "delivery_group", player)
    supply = _open(browser, server, "supply_group", other)
    for page in (delivery, supply):
        expect(page.locator("#busy")).to_be_hidden()
    before = len(session.model.delivery_group.couriers)
    form = delivery.locator("#action-whitelist_couriers")
    form.locator("input[name=couriers]").fill("100")
    form.locator("button[type=submit]").click()
    assert holding.wait(5)
    # the player who sent it: its request waits, and is taken when the model is free
    notice = delivery.locator("#busy")
    expect(notice).to_be_visible(timeout=1500)
    expect(notice).to_contain_text(words["yours"])
    expect(notice).to_contain_text(words["when_free"])
    # another player's page: the model is catching up, one request waits for it
    expect(supply.locator("#busy")).to_contain_text(words["catching_up"], timeout=2500)
    expect(supply.locator("#busy")).to_contain_text(words["others"])
    expect(delivery.locator("#busy")).to_contain_text(words["catching_up"], timeout=2500)
    width = player["width"]
    delivery.screenshot(path=str(folder / f"busy-{lang}-delivery-{width}.png"))
    supply.screenshot(path=str(folder / f"busy-{lang}-supply-{other['width']}.png"))
    # the model free again: the notices go, the action is done and its answer shows
    expect(notice).to_be_hidden(timeout=15_000)
    expect(supply.locator("#busy")).to_be_hidden(timeout=5_000)
    expect(delivery.locator("#log")).to_contain_text(words["done"])
    assert len(session.model.delivery_group.couriers) == before + 100
    delivery.close()
    supply.close()
