"""A drill played in a room, in a real headless browser: the system's Chromium driven by
Playwright. The clock stays paused where a test needs exact minutes; the test advances it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import served, set_up_channels
from tests.support.drill_town import write_drill

ROLES = ("facilitator", "command_centre", "supply_group", "delivery_group", "urgent_desk")


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("room")
    yield from served(write_drill(folder), folder)


def _open(browser, server, role):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server.links()[role])
    expect(page.locator("#role-title")).to_contain_text(role.replace("_", " ").split()[0].capitalize())
    return page


def test_a_request_without_a_token_is_refused(room):
    session, server, browser, _ = room
    page = browser.new_page()
    assert page.goto(server.base + "/").status == 403
    assert page.goto(server.base + "/?t=not-a-token").status == 403
    assert page.goto(server.base + "/api/state").status == 403
    page.close()


def test_the_facilitator_page_loads_and_its_clock_advances(room):
    session, server, browser, _ = room
    page = _open(browser, server, "facilitator")
    expect(page.locator("#clock-time")).to_have_text("Thu 10 Nov 2022 00:00")
    page.fill("#speed", "1800")
    page.click("#btn-speed")
    page.click("#btn-play")
    page.wait_for_function("Number(document.querySelector('#clock-time').dataset.minute) > 0", timeout=30_000)
    page.click("#btn-pause")
    page.wait_for_function("document.querySelector('#clock-state').textContent.startsWith('paused')")
    assert 0 < session.model.env.now < 120  # before the first inject: 02:00
    assert session.speed == 1800 and not session.playing
    page.click("#btn-next")  # jump to the next inject: V0 is locked
    expect(page.locator("#messages")).to_contain_text("V0 is sealed.")
    assert session.model.villages["V0"].locked
    page.close()


def test_the_command_centre_sets_up_a_channel_in_its_page(room):
    session, server, browser, _ = room
    village = session.model.villages["V0"]
    page = _open(browser, server, "command_centre")
    card = page.locator("#setup-V0")
    expect(card).to_contain_text("Channel set-up: V0")
    set_up_channels(session, card, (4, 3, 2, 1.5))
    expect(page.locator("#setup-V0")).to_have_count(0)
    taken = session.model.env.now - village.lock_minute
    assert taken == pytest.approx(10.5, abs=1e-6)
    assert session.model.stats.channel_open_minutes["V0"] == pytest.approx(taken)
    assert set(village.channel_open_minute) == set(session.model.spec.standard_kinds)
    expect(page.locator("#log")).to_contain_text("channels open 10.5 min after the lockdown")
    page.close()


def test_an_action_in_a_role_page_reaches_the_model_and_the_facilitator(room):
    session, server, browser, _ = room
    before = len(session.model.delivery_group.couriers)
    page = _open(browser, server, "delivery_group")
    form = page.locator("#action-whitelist_couriers")
    form.locator("input[name=couriers]").fill("5")
    form.locator("button[type=submit]").click()
    expect(page.locator("#log")).to_contain_text("5 more couriers onboarding")
    assert len(session.model.delivery_group.couriers) == before + 5
    facilitator = _open(browser, server, "facilitator")
    expect(facilitator.locator("#log")).to_contain_text("Whitelist couriers: couriers 5")
    expect(facilitator.locator("#log")).to_contain_text("delivery group")
    page.close()
    facilitator.close()


def test_a_screenshot_of_each_page(room):
    session, server, browser, folder = room
    session.advance_to(9 * 60 + 10)  # a decision is open for the command centre; stores are busy
    for role in ROLES:
        page = _open(browser, server, role)
        page.wait_for_function("document.querySelector('#map').children.length > 0")
        if role == "facilitator":
            page.wait_for_function("document.querySelectorAll('#charts polyline').length > 0")
        path = folder / f"drill-{role}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 20_000
        page.close()
    assert (folder / "drill-command_centre.png").exists()
