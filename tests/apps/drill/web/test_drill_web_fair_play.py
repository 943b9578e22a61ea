"""Fair play: a player's page carries nothing of the drill's answer key (what each inject expects
of the table, the objective it tests, which inject comes next and when); the facilitator's
does. Asserted on the JSON the server sends and on the pages Chromium draws from it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from sim.apps.drill.spec import PLAYER_ROLES
from tests.support.browser import served
from tests.support.drill_town import write_drill
from tests.support.live_drill import Client

EXPECTED = ("Open channels within 15 minutes", "Calm notice; cap panic orders", "Second set-up",
            "Whitelist more couriers")
pytestmark = pytest.mark.browser  # the second test drives Chromium
NEXT = "sup-closed"  # at 16:00, after the drill below has played to 13:05


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fair")
    for session, server, browser, _ in served(write_drill(folder), folder):
        session.set_played("command_centre", False)  # the model sets the villages up
        session.advance_to(13 * 60 + 5)  # four injects heard; couriers-out's decision is open
        yield session, server, browser


def _state(session, client, role) -> tuple[dict, str]:
    status, text = client.get(f"/api/state?t={session.tokens[role]}")
    assert status == 200
    return json.loads(text), text


def test_a_player_s_state_has_no_answer_key_and_the_facilitator_s_has(room):
    session, _, _ = room
    client = Client(session)
    try:
        heard = 0
        for role in PLAYER_ROLES:
            data, text = _state(session, client, role)
            heard += len(data["messages"])
            assert "next_inject" not in data["clock"] and NEXT not in text
            assert all("expected_action" not in m and "objective" not in m for m in data["messages"])
            assert not any(expected in text for expected in EXPECTED), role
        assert heard == 4
        assert [m["inject"] for m in _state(session, client, "delivery_group")[0]["messages"]] == ["couriers-out"]
        truth, text = _state(session, client, "facilitator")
        assert truth["clock"]["next_inject"]["id"] == NEXT
        assert {m["expected_action"] for m in truth["messages"]} == set(EXPECTED)
        assert {m["objective"] for m in truth["messages"]} == {"channel_open", "fill_rate", "lead_time"}
    finally:
        client.server.stop()


def test_a_player_s_page_shows_no_next_inject_and_the_facilitator_s_does(room):
    session, server, browser = room
    pages = {}
    for role in ("facilitator", "delivery_group", "command_centre"):
        page = pages[role] = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.links()[role])
        expect(page.locator("#clock-time")).not_to_have_text("--")
    expect(pages["facilitator"].locator("#next-inject")).to_contain_text(f"next inject: {NEXT}")
    expect(pages["facilitator"].locator("#messages")).to_contain_text("expected: Whitelist more couriers")
    for role in ("delivery_group", "command_centre"):
        expect(pages[role].locator("#messages li").first).to_be_visible()
        expect(pages[role].locator("#next-inject")).to_be_hidden()
        shown = pages[role].locator("body").inner_text()
        assert NEXT not in shown and "no inject left" not in shown
        assert not any(expected in shown for expected in EXPECTED), role
    for page in pages.values():
        page.close()
