"""What a page shows is in its reader's words: display names, never a scenario's raw keys
(`vegetable_shop`), a dict (`{'medicine': 50.0}`) or Python's own text (`unhashable type`,
pydantic's "Input should be"), and a refusal on a Chinese page is Chinese."""

from __future__ import annotations

import json
import re

import pytest

from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.session import LiveDrill
from sim.apps.drill.web.views import page_names
from tests.support.drill_town import write_drill, zh_drill
from tests.support.live_drill import Client

RAW = re.compile(r"[a-z]+_[a-z_]+|\{'|Input should|unhashable|needs \[|Traceback")
LATIN_WORDS = re.compile(r"[A-Za-z]{4,}")
SCENARIO_NAMES = ("wholesale market", "medicine distributor", "'nope'")  # the town's own names, the request's


@pytest.fixture(scope="module")
def rooms(tmp_path_factory):
    made = []
    for name, write in (("en", write_drill), ("zh", zh_drill)):
        folder = tmp_path_factory.mktemp(f"names-{name}")
        session = LiveDrill(load_drill(write(folder)), folder / "out")
        session.start()
        session.advance_to(9 * 60 + 10)
        made.append((session, Client(session)))
    yield dict(zip(("en", "zh"), made))
    for session, client in made:
        client.server.stop()
        session.stop()


BAD = [
    ("supply_group", "/api/act", {"action": "release_depot_stock", "fields": {"store": "SUP-0"}}),
    ("supply_group", "/api/act", {"action": "release_depot_stock", "fields": {"store": "SUP-0", "category": "staples",
                                                                              "units": "a"}}),
    ("supply_group", "/api/act", {"action": "order_from_supplier", "fields": {
        "supplier": "wholesale market", "store": "SUP-0", "category": "medicine", "units": 5}}),
    ("supply_group", "/api/act", {"action": "cap_orders", "fields": {}}),
    ("command_centre", "/api/act", {"action": "cap_orders", "fields": {"orders_per_household_day": 0.5}}),
    ("command_centre", "/api/set_up", {"village": "V0", "stage": "nope"}),
    ("facilitator", "/api/roles", {"role": "nope", "played": True}),
    ("evaluator", "/api/evaluate", {"objective": "nope", "rating": "P"}),
]


@pytest.mark.parametrize("role, path, body", BAD)
def test_a_refusal_says_names_not_keys_and_on_a_chinese_page_in_chinese(rooms, role, path, body):
    for lang, (session, client) in rooms.items():
        status, text = client.post(path, body, {"X-Drill-Token": session.tokens[role]})
        error = json.loads(text)["error"]
        assert status == 400 and not RAW.search(error), (lang, error)
        if lang == "zh":
            for name in SCENARIO_NAMES:
                error = error.replace(name, "")
            assert not LATIN_WORDS.search(error.replace("SUP-0", "")), error


def test_store_kinds_and_categories_have_display_names_in_english(rooms):
    session, _ = rooms["en"]
    names = page_names(session)
    assert names["vegetable_shop"] == "vegetable shop" and names["meat_eggs"] == "meat eggs"


def test_a_purchase_elsewhere_is_told_in_words_not_a_dict(rooms, monkeypatch):
    session, _ = rooms["zh"]
    supplier = session.model.suppliers_by_name["medicine distributor"]
    monkeypatch.setattr(type(supplier), "ship", lambda self, store, wants, *a, **k: {})
    monkeypatch.setattr(session.model.stores_by_id["PHA-0"], "room_for", lambda category: 1000.0)
    monkeypatch.setattr("sim.apps.drill.actions.procure", lambda model, store, wants, reason: {"medicine": 50.0})
    record = session.act("urgent_desk", "order_from_supplier", {
        "supplier": "medicine distributor", "store": "PHA-0", "category": "medicine", "units": 50})
    shown = session.speaker.say(record["result"])
    assert "{'" not in shown and "50" in shown and "药品" in shown, shown
