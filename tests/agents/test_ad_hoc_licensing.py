"""Ad hoc licensing (`agents/ad_hoc_licensing.py`): with no qualified store left to add, the
command centre has a ledger shop inspected and licensed, and it serves."""

from __future__ import annotations

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import Scenario


def _town(licensing: bool) -> Scenario:
    """One village whose one qualified supermarket (a single picker) cannot keep up; beside it
    on the ledger an unlicensed shop, one flagged an infection risk, and an unlicensed one too
    small to qualify."""
    scenario = small_town(villages=1, population=1500, stores_per_kind=1, horizon_days=3,
                          lockdown_days=[0.0],
                          store_selection={"ad_hoc_licensing": licensing, "inspection_hours": 6},
                          store_staff={"positive_probability_per_day": 0})
    data = scenario.model_dump(by_alias=True)
    data["store_kinds"]["supermarket"].update(min_pickers=1, max_pickers=1)
    data["ledger"]["stores"] += [
        {"id": "UNL", "village": "V0", "kind": "supermarket", "floor_m2": 120, "licensed": False},
        {"id": "RISK", "village": "V0", "kind": "supermarket", "floor_m2": 100,
         "infection_risk": True},
        {"id": "TINY", "village": "V0", "kind": "supermarket", "floor_m2": 20, "licensed": False},
    ]
    return Scenario.model_validate(data)


def test_a_ledger_shop_is_licensed_after_its_inspection_and_serves():
    model = TownModel(_town(licensing=True))
    kpis = model.run_episode()
    inspections = [e for e in model.events if e["kind"] == "inspection"]
    licensed = [e for e in model.events if e["kind"] == "licensed_ad_hoc"]
    assert inspections and licensed
    # the larger of the two licensable shops first, six hours after its inspection began
    assert inspections[0]["who"] == licensed[0]["who"] == "UNL"
    assert licensed[0]["minute"] == inspections[0]["minute"] + 6 * 60
    unl = model.stores_by_id["UNL"]
    assert unl.qualified and unl.orders_by_day
    assert model.villages["V0"] in unl.serves
    assert not model.stores_by_id["TINY"].qualified  # an inspection does not enlarge a shop
    assert kpis["stores_licensed_ad_hoc"] == len(licensed) >= 1
    assert kpis["stores_used"] >= 5  # the four kinds' stores and the licensed shop


def test_without_the_lever_only_qualified_stores_ever_serve():
    model = TownModel(_town(licensing=False))
    kpis = model.run_episode()
    assert not [e for e in model.events if e["kind"] in ("inspection", "licensed_ad_hoc")]
    assert not any(model.stores_by_id[i].orders_by_day for i in ("UNL", "RISK", "TINY"))
    assert kpis["stores_licensed_ad_hoc"] == 0 and kpis["stores_used"] == 4


def test_the_example_comparison_swaps_each_capacity_lever_on_the_whole_town():
    from sim.apps.compare.spec import load_compare_spec

    loaded = load_compare_spec("experiments/compare-store-capacity.toml")
    arms = {arm.policy_name: arm.scenario for arm in loaded.arms}
    base = arms["as_in_2022"]
    assert not (base.store_staff.closed_loop_passes or base.store_staff.drafted_pickers
                or base.store_selection.ad_hoc_licensing)
    assert arms["closed_loop_passes"].store_staff.closed_loop_passes
    assert arms["drafted_pickers"].store_staff.drafted_pickers == 2
    assert arms["ad_hoc_licensing"].store_selection.ad_hoc_licensing
    both = arms["all_three"]
    assert both.store_staff.closed_loop_passes and both.store_selection.ad_hoc_licensing
    assert "stores_used" in loaded.kpi_names


def test_validate_counts_a_licensable_shop_and_passes_among_what_can_serve():
    """`validate`'s warning of channels that never open (sim/inputs/channel_coverage.py) agrees
    with the levers: an unlicensed supermarket can be licensed, a tiny one cannot; pickers
    living outside come in with passes."""
    from sim.inputs.channel_coverage import unserved_villages

    def missing(scenario):
        return {(u.village, m.kind) for u in unserved_villages(scenario) for m in u.missing}

    data = small_town(villages=1, stores_per_kind=1).model_dump(by_alias=True)
    data["ledger"]["stores"][0].update(licensed=False)  # the only supermarket
    unlicensed = Scenario.model_validate(data)
    assert ("V0", "supermarket") in missing(unlicensed)
    data["store_selection"] = {"ad_hoc_licensing": True}
    assert ("V0", "supermarket") not in missing(Scenario.model_validate(data))
    data["ledger"]["stores"][0].update(floor_m2=20)
    assert ("V0", "supermarket") in missing(Scenario.model_validate(data))

    nobody_inside = small_town(villages=1, stores_per_kind=1, store_staff={"local_share": 0.0})
    assert ("V0", "supermarket") in missing(nobody_inside)
    with_passes = small_town(villages=1, stores_per_kind=1,
                             store_staff={"local_share": 0.0, "closed_loop_passes": True})
    assert not missing(with_passes)
