"""Urgent staff scale with the lockdown: a desk posted at each locked village (the source: a
dedicated worker for each locked area, at the door within half an hour), or one per so many
households, or the command centre's pool for the whole town; staff rest on a rota."""

import math

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

HOUR = 60


def _town(villages: int = 6, **command_centre) -> TownModel:
    """`villages` locked at the start, and one more, open, with the town's pharmacies."""
    scenario = small_town(villages=villages + 1, population=300, horizon_days=3.0,
                          lockdown_days=[0.0] * (villages + 1),
                          households={"chronic_medicine_share": 0.0},  # only the calls a test makes
                          command_centre={"urgent_care_share": 0.0, **command_centre})
    data = scenario.model_dump(by_alias=True)
    data["lockdowns"] = data["lockdowns"][:villages]
    for store in data["ledger"]["stores"]:
        if store["kind"] == "pharmacy":
            store["village"] = f"V{villages}"
    return TownModel(type(scenario).model_validate(data))


def _call_from_every_village(model, at: float) -> list[float]:
    """One call from each locked village at minute `at`; the minutes until staff were at each
    door."""
    model.env.run(until=at)
    calls = [v.households[0] for v in model.villages.values() if v.locked]
    for household in calls:
        model.command_centre.urgent_request(household)
    model.env.run(until=at + 20 * HOUR)
    return sorted(pickup for called, pickup, _ in model.stats.urgent if called == at)


def test_staff_posted_in_each_locked_village_reach_calls_from_every_village_at_once():
    per_village = _town(urgent_staffing="per_locked_village", urgent_staff_per_village=1)
    reached = _call_from_every_village(per_village, 10 * HOUR)
    assert len(reached) == 6 and max(reached) <= 30
    assert per_village.command_centre.urgent.desks.posted_max == 6
    one_for_the_town = _town(urgent_staffing="town_pool", urgent_staff=1)
    queued = _call_from_every_village(one_for_the_town, 10 * HOUR)
    assert len(queued) == 6 and queued[-1] > 60  # the sixth waits for five trips


def test_staff_per_households_follow_each_villages_size():
    model = _town(villages=3, urgent_staffing="per_households", urgent_households_per_staff=40)
    model.env.run(until=HOUR)
    desks = model.command_centre.urgent.desks
    locked = [v for v in model.villages.values() if v.locked]
    for village in locked:
        assert desks.desk_for(village).size == math.ceil(len(village.households) / 40)
    assert desks.posted_max == sum(math.ceil(len(v.households) / 40) for v in locked)


def test_a_call_on_the_only_staff_members_rest_day_waits_for_the_next_day():
    model = _town(villages=1, urgent_staff_per_village=1,
                  urgent_staff_rota={"days_on": 1, "days_off": 1})  # works day 0, rests day 1
    first = _call_from_every_village(model, 10 * HOUR)
    assert first[0] <= 30
    second = _call_from_every_village(model, 24 * HOUR + 10 * HOUR)
    assert second[0] >= 14 * HOUR  # at the door after midnight, when day 2 begins


def test_a_released_villages_desk_stands_down():
    scenario = small_town(villages=2, population=200, horizon_days=2.0, lockdown_days=[0.0, 0.0],
                          lockdown_lengths_days=[0.5, None])
    model = TownModel(scenario)
    kpis = model.run_episode()
    desks = model.command_centre.urgent.desks
    assert [d.active for d in desks.by_village.values()] == [False, True]
    assert kpis["urgent_staff_posted_max"] == 2 * scenario.command_centre.urgent_staff_per_village
