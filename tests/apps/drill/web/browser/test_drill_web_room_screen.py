"""The room's screens in the real headless Chromium: the link's token leaves the address bar
for a cookie, the projector shows the drill with no control and no answer key, and every page
works on a phone (390 px) as on a desktop, the decisions first on the phone."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.support.browser import served
from tests.support.drill_town import write_drill

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    made = tmp_path_factory.mktemp("room-screen")
    for session, server, browser, folder in served(write_drill(made), made):
        session.advance_to(2 * 60 + 5)  # V0 locked at 02:00: its channels from V1's stores
        prefixes = {"supermarket": "SUP", "vegetable_shop": "VEG", "pharmacy": "PHA", "catering": "CAT"}
        picks = {kind: [f"{prefixes[kind]}-1"] for kind in session.model.spec.standard_kinds}
        for stage in ("groups", "stores", "confirm", "publish"):
            session.set_up("command_centre", "V0", 1, stage, picks if stage == "stores" else None)
        session.advance_to(9 * 60 + 10)  # a decision is open for the command centre; stores are busy
        yield session, server, browser, folder


def _open(browser, server, role, viewport=DESKTOP, query=""):
    page = browser.new_page(viewport=viewport)
    page.goto(server.links()[role] + query)
    expect(page.locator("#clock-time")).not_to_have_text("--")
    page.wait_for_function("document.querySelector('#map').children.length > 0")
    return page


def _state(base, **how) -> tuple[int, dict]:
    query, headers = how.get("query", ""), how.get("headers", {})
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{base}/api/state{query}", headers=headers)) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_the_token_leaves_the_address_bar_for_a_cookie(room):
    session, server, browser, _ = room
    page = _open(browser, server, "supply_group")
    token = session.tokens["supply_group"]
    assert token not in page.url and page.url.endswith("/?as=supply_group")
    cookie, = [c for c in page.context.cookies() if c["name"] == "drill_supply_group"]
    assert cookie["value"] == token and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    expect(page.locator("#menu form.action").first).to_be_visible()  # the page acts with the cookie
    assert _state(server.base, query="?as=supply_group")[0] == 403  # naming a role is not a token
    assert _state(server.base, query="?as=facilitator", headers={"Cookie": f"drill_facilitator={token}"})[0] == 403
    assert _state(server.base, headers={"X-Drill-Token": token})[0] == 200  # scripts and tests
    page.close()


@pytest.mark.parametrize("how", ["projector", "facilitator?view=projector"])
def test_the_projector_shows_the_drill_with_no_control_and_no_answer_key(room, how):
    session, server, browser, _ = room
    role, _, view = how.partition("?")
    page = _open(browser, server, role, query="&" + view if view else "")
    expect(page.locator("#role-title")).to_have_text("Projector")
    assert page.locator("#clock-controls").is_hidden() and page.locator("form.action").count() == 0
    assert page.locator("#decisions button, #set-ups button, #facilitator *, #evaluator *").count() == 0
    expect(page.locator("#messages")).to_contain_text("V0 is sealed.")
    page.wait_for_function("document.querySelectorAll('#charts polyline').length > 0")
    assert page.locator("#log-box").is_hidden()
    state = page.evaluate("fetch(api('/api/state')).then((r) => r.json())")
    assert state["role"] == "projector"
    text = json.dumps(state)
    for key in ("next_inject", "expected_action", "objectives", "injects", "options", "tokens"):
        assert f'"{key}"' not in text
    answer = page.evaluate("post('/api/clock', {do: 'play'})")
    assert "refused" in answer["error"] and not session.playing
    page.close()


@pytest.mark.parametrize("role", ["command_centre", "facilitator", "supply_group"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_page_fits_a_phone_and_a_desktop_with_the_decisions_in_view(room, role, viewport):
    """The command centre's decision (the facilitator sees it too), else the role's first action."""
    session, server, browser, _ = room
    page = _open(browser, server, role, viewport)
    page.wait_for_timeout(300)  # the state drawn once more: its tables and cards
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
    card = page.locator(".decision, form.action").first
    box = card.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"]
    if viewport is PHONE:  # the decisions and actions before the map on a narrow screen
        assert box["y"] < page.locator("#map").bounding_box()["y"]
    page.close()


def test_the_map_draws_stores_where_they_serve_labels_apart_and_charts_with_axes(room):
    session, server, browser, _ = room
    page = _open(browser, server, "facilitator")
    page.wait_for_function("document.querySelectorAll('#charts polyline').length > 0")
    stores = {st["id"]: st for st in page.evaluate("state.map.stores")}
    centres = page.evaluate("""Object.fromEntries([...document.querySelectorAll('#map circle.village')].map(
        (c) => [c.dataset.village, [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]]))""")
    drawn = page.evaluate("""[...document.querySelectorAll('#map rect.store')].map((r) => [r.dataset.store,
        Number(r.getAttribute('x')) + 6, Number(r.getAttribute('y')) + 6])""")
    away = 0
    for store, x, y in drawn:
        serves = stores[store]["serves"][0]
        cx, cy = centres[serves]
        assert ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 < 45, f"{store} is drawn away from {serves}, which it serves"
        away += serves != stores[store]["village"]
    assert away >= 2  # V1's supermarket and vegetable shop, at V0
    boxes = page.evaluate("""[...document.querySelectorAll('#map text')].map((t) => {
        const b = t.getBBox(); return [t.textContent, b.x, b.y, b.width, b.height]; })""")
    for i, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[i + 1:]:
            apart = ax + aw <= bx + 0.5 or bx + bw <= ax + 0.5 or ay + ah <= by + 0.5 or by + bh <= ay + 0.5
            assert apart, f"the map's labels {a!r} and {b!r} overlap"
    charts = page.locator("#charts svg.chart")
    assert charts.count() == 4
    for i in range(4):
        chart = charts.nth(i)
        assert chart.get_attribute("data-unit")
        assert chart.locator(".axis-x text").count() >= 3 and chart.locator(".axis-y text").count() >= 3
    expect(charts.first.locator(".axis-y")).to_contain_text("100%")
    page.close()
