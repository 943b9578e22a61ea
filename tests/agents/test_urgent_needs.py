"""Urgent needs follow the rules: purchases only at qualified pharmacies outside other sealed
villages, several calls of a village on one trip, and urgent care trips to the hospital."""

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from sim.scenario import Scenario


def _town(pharmacies: list[dict], locked: list[str], store_staff=None, **command_centre) -> TownModel:
    scenario = small_town(villages=3, population=200, horizon_days=2, stores_per_kind=1,
                          command_centre=command_centre, store_staff=store_staff or {},
                          households={"chronic_medicine_share": 0.0})  # only the calls a test makes
    data = scenario.model_dump(by_alias=True)
    data["ledger"]["stores"] = [s for s in data["ledger"]["stores"] if s["kind"] != "pharmacy"] + [
        {"kind": "pharmacy", "floor_m2": 60, **p} for p in pharmacies]
    data["lockdowns"] = [{"village": v, "start_day": 0.0, "days": None} for v in locked]
    return TownModel(Scenario.model_validate(data))


def test_urgent_medicine_is_bought_only_at_a_qualified_pharmacy_outside_other_sealed_villages():
    model = _town([{"id": "own-unlicensed", "village": "V0", "licensed": False},
                   {"id": "sealed-next-door", "village": "V1"},
                   {"id": "open-far", "village": "V2"}], locked=["V0", "V1"],
                  store_staff={"sealed_in_stores_serve_outside": True})  # so V1's serves V0
    model.env.run(until=60)
    urgent = model.command_centre.urgent
    v0, v1 = model.villages["V0"], model.villages["V1"]
    sealed = model.stores_by_id["sealed-next-door"]
    assert v0 in sealed.serves  # V0's emergency pharmacy: staff may buy there
    assert urgent.pharmacy_for(v0) is sealed
    sealed.stand_down(v0)  # not V0's: inside another sealed village, so the farther open one
    assert urgent.pharmacy_for(v0).store_id == "open-far"
    assert urgent.pharmacy_for(v1) is sealed  # its own village
    model.stores_by_id["open-far"].close("test")
    assert urgent.pharmacy_for(v0) is None  # never the unlicensed one at the caller's door


def test_calls_of_a_village_waiting_when_staff_leave_go_together():
    model = _town([{"id": "ph", "village": "V1"}], locked=["V0"], urgent_staffing="town_pool",
                  urgent_staff=1, urgent_calls_per_trip=3, urgent_care_share=0.0)
    model.env.run(until=600)
    centre = model.command_centre
    trips = []
    leave = centre.urgent._to_the_village
    centre.urgent._to_the_village = lambda village, *args: (trips.append(village), leave(village, *args))[1]
    callers = model.villages["V0"].households[:7]
    for household in callers:
        centre.urgent_request(household)
    model.env.run(until=1200)
    assert len(trips) == 3  # 3 + 3 + 1 calls
    done = sorted(model.stats.urgent)[-7:]
    assert len(done) == 7 and all(d is not None and 0 < p < d for _, p, d in done)
    pickups = sorted(p for _, p, _ in done)
    assert pickups[0] < pickups[1] < pickups[2]  # each household's pickup at its own door


def test_a_share_of_urgent_calls_are_care_trips_to_the_hospital():
    scenario = small_town(villages=1, population=400, horizon_days=3,
                          households={"chronic_medicine_share": 1.0, "refill_ordered_share": 0.0},
                          # every call a care trip of hours: the town's six staff, not a village's two
                          command_centre={"urgent_care_share": 1.0, "hospital_x_km": 8.0,
                                          "hospital_minutes": 120, "urgent_staffing": "town_pool"})
    model = TownModel(scenario)
    kpis = model.run_episode()
    assert kpis["urgent_requests"] > 10
    assert kpis["urgent_care_trips"] == kpis["urgent_requests"]
    assert model.stats.urgent_medicine_units == 0 and not model.stats.urgent
    assert all(home >= pickup + 120 for _, pickup, home in model.stats.urgent_care)
    assert kpis["urgent_care_door_minutes_p50"] <= 30 < 120 <= kpis["urgent_care_home_minutes_p50"]
    none = TownModel(small_town(villages=1, population=400, horizon_days=3,
                                households={"chronic_medicine_share": 1.0, "refill_ordered_share": 0.0},
                                command_centre={"urgent_care_share": 0.0})).run_episode()
    assert none["urgent_care_trips"] == 0 and none["urgent_care_home_minutes_p50"] is None


def test_a_pharmacy_sealed_in_another_village_is_not_used_when_it_cannot_serve_outside():
    model = _town([{"id": "sealed-next-door", "village": "V1"}, {"id": "open-far", "village": "V2"}],
                  locked=["V0", "V1"])
    model.env.run(until=60)
    v0 = model.villages["V0"]
    assert v0 not in model.stores_by_id["sealed-next-door"].serves
    assert model.command_centre.urgent.pharmacy_for(v0).store_id == "open-far"
