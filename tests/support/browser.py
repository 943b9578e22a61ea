"""The browser tests' room: the system's Chromium (Debian's package: Playwright cannot download
its own browser here), a drill served to it, and a player working through a set-up card."""

from __future__ import annotations

import shutil

from playwright.sync_api import expect, sync_playwright

from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.server import DrillServer
from sim.apps.drill.web.session import LiveDrill


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)"
    return path


def served(spec, folder):
    """A drill served to the system's Chromium: (session, server, browser, folder), paused."""
    session = LiveDrill(load_drill(spec), folder / "out")
    session.start()
    server = DrillServer(session, "127.0.0.1", 0)
    server.start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield session, server, browser, folder
        browser.close()
    server.stop()
    session.stop()


def set_up_channels(session, card, minutes: tuple[float, float, float, float]) -> None:
    """The command centre's player works through a village's set-up card, the clock moving
    `minutes` before each stage: groups, the first store of each kind, confirm, publish."""
    before_groups, before_stores, before_confirm, before_publish = minutes
    session.advance(before_groups)
    card.locator("button.stage-groups").click()
    expect(card.locator("button.stage-stores")).to_be_visible()
    session.advance(before_stores)
    for kind in session.model.spec.standard_kinds:
        card.locator(f"input[name=pick][data-kind={kind}]").first.check()
    card.locator("button.stage-stores").click()
    expect(card.locator("button.stage-confirm")).to_be_visible()
    session.advance(before_confirm)
    card.locator("button.stage-confirm").click()
    expect(card.locator("button.stage-publish")).to_be_visible()
    session.advance(before_publish)
    card.locator("button.stage-publish").click()
