"""The evaluator's page in the real headless Chromium: an evaluator picks a rating (P, S, M, U)
for an objective, writes what it saw, records it, sees it in its page's table at once, and the
facilitator's after-action report sets it beside the model's figures once the drill ends. What
another objective's form holds, not recorded yet, stays when the page is drawn again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import served
from tests.support.drill_town import write_drill

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
SEEN = "Groups set up before the stores were picked; <b>not</b> bold"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    made = tmp_path_factory.mktemp("evaluator-page")
    yield from served(write_drill(made), made)


def _open(browser, server, role, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(server.links()[role])
    expect(page.locator("#clock-time")).not_to_have_text("--")
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_evaluator_records_a_rating_and_an_observation_in_its_page(room, viewport):
    session, server, browser, folder = room
    session.advance_to(3 * 60 + 10 * (viewport is DESKTOP))
    page = _open(browser, server, "evaluator", viewport)
    other = page.locator("#evaluator .card").filter(has_text="Lead time")
    other.locator("textarea.eval-observation").fill("a draft, not recorded yet")
    card = page.locator("#evaluator .card").filter(has_text="Ordering channels open")
    expect(card).to_contain_text("Guide:")
    card.locator("select.eval-rating").select_option("S")
    card.locator("textarea.eval-observation").fill(SEEN)
    card.locator("button.eval-record").click()
    recorded = page.locator("#evaluator table")
    expect(recorded).to_contain_text(SEEN)  # the page's table shows it at once, the text escaped
    expect(recorded).to_contain_text("Ordering channels open")
    assert session.hook.evaluations[-1]["rating"] == "S"
    assert session.hook.evaluations[-1]["observation"] == SEEN
    assert card.locator("textarea.eval-observation").count() == 1  # the form is drawn again, empty
    expect(card.locator("textarea.eval-observation")).to_have_value("")
    expect(other.locator("textarea.eval-observation")).to_have_value("a draft, not recorded yet")
    expect(page.locator("#log")).to_contain_text("channel open: S")
    page.screenshot(path=str(folder / f"evaluator-{viewport['width']}.png"), full_page=True)
    page.close()


def test_the_evaluator_s_rating_reaches_the_after_action_report(room):
    session, server, browser, _ = room
    page = _open(browser, server, "evaluator", DESKTOP)
    card = page.locator("#evaluator .card").filter(has_text="Fill rate")
    card.locator("select.eval-rating").select_option("M")
    card.locator("textarea.eval-observation").fill("Restocking came too late for V0")
    card.locator("button.eval-record").click()
    expect(page.locator("#evaluator table")).to_contain_text("Restocking came too late for V0")
    page.close()
    session.advance_to(session.model.horizon_minutes)
    assert session.done.wait(120) and session.error is None, session.error
    facilitator = _open(browser, server, "facilitator", DESKTOP)
    link = facilitator.locator("#ended a")
    expect(link).to_have_text("after-action report")
    with facilitator.context.expect_page() as opened:
        link.click()
    report = opened.value
    report.wait_for_load_state()
    observations = report.locator("table").filter(has_text="Restocking came too late for V0")
    expect(observations).to_contain_text("M: performed with major challenges")
    expect(observations).to_contain_text(SEEN)
    expect(observations).to_contain_text("S: performed with some challenges")
    facilitator.close()
