"""A scenario's JSON, which sweeps and comparisons hash into their fingerprints, stays what it
was as the schema grows: fields added later are left out while they hold their defaults, and
what only people read (language, display names) is not part of what decides a run."""

from __future__ import annotations

from sim.inputs.small_town import small_town
from sim.scenario import Scenario, Supplier, decisive_part

ADDED_LATER = ("roads", "group_buying", "push_packs")


def test_fields_added_later_stay_out_of_a_scenarios_json_at_their_defaults():
    town = small_town()
    assert not set(ADDED_LATER) & set(town.model_dump(mode="json", by_alias=True))
    assert set(ADDED_LATER) <= set(town.model_dump(by_alias=True))  # Python dumps keep them
    for supplier in town.model_dump(mode="json")["suppliers"]:
        assert "bulk_orders_only" not in supplier


def test_fields_added_later_are_written_once_set():
    data = small_town().model_dump(by_alias=True)
    data["roads"] = {"detour_factor": 1.5}
    data["group_buying"] = {"share": 0.2}
    data["push_packs"] = [{"village": "all", "day": 1, "content": {"staples": 2}}]
    data["suppliers"].append({"name": "farms", "categories": ["vegetables"], "bulk_orders_only": True})
    written = Scenario.model_validate(data).model_dump(mode="json", by_alias=True)
    assert written["roads"]["detour_factor"] == 1.5
    assert written["group_buying"]["share"] == 0.2
    assert written["push_packs"][0]["content"] == {"staples": 2.0}
    assert written["suppliers"][-1]["bulk_orders_only"] is True
    assert "bulk_orders_only" not in written["suppliers"][0]


def test_a_supplier_alone_writes_bulk_orders_only_when_it_is():
    assert "bulk_orders_only" not in Supplier(name="m", categories=["staples"]).model_dump(mode="json")
    assert Supplier(name="m", categories=["staples"], bulk_orders_only=True).model_dump(
        mode="json")["bulk_orders_only"] is True


def test_language_and_display_names_decide_no_run():
    data = small_town().model_dump(by_alias=True)
    plain = decisive_part(Scenario.model_validate(data).model_dump(mode="json", by_alias=True))
    data["run"]["lang"] = "zh"
    data["villages"][0]["name_zh"] = "北藏"
    data["ledger"]["stores"][0]["name_en"] = "The market"
    data["suppliers"][0]["name_zh"] = "批发市场"
    named = Scenario.model_validate(data).model_dump(mode="json", by_alias=True)
    assert named != Scenario.model_validate(small_town().model_dump(by_alias=True)).model_dump(
        mode="json", by_alias=True)
    assert decisive_part(named) == plain
