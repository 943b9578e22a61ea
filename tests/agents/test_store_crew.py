"""Who of a store's pickers is at work (`agents/store_crew.py`): rest days by the rota,
pickers living outside a sealed village, closed-loop passes and their exposure, drafted
volunteers."""

from __future__ import annotations

from sim.engine.callbacks import call_later
from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel


def _town(days: float = 7, crew: int = 3, population: int = 800, villages: int = 1, **staff):
    """Villages sealed at once, a store of each kind in each, supermarkets with `crew` pickers."""
    scenario = small_town(villages=villages, population=population, stores_per_kind=villages,
                          horizon_days=days, lockdown_days=[0.0] * villages,
                          store_staff={"positive_probability_per_day": 0, **staff})
    return scenario_with_overrides(scenario, {"store_kinds.supermarket.min_pickers": crew,
                                              "store_kinds.supermarket.max_pickers": crew})


def _at_noon(model, days: int):
    """Each store's pickers picking (servers) at noon of each day: {store id: [servers]}."""
    seen: dict[str, list[int]] = {s.store_id: [] for s in model.stores}

    def look(_event):
        for store in model.stores:
            seen[store.store_id].append(store.pickers.servers)

    for day in range(days):
        call_later(model.env, model.clock.day_start_minute(day) + 12 * 60, look)
    return seen


def test_pickers_rest_by_their_rota_staggered_so_a_store_never_closes_for_it():
    """Six days on, one off: a crew of three has two at work on three days of seven, never
    fewer; a one-person pharmacy's owner works every day; stores rest on different days."""
    scenario = _town(days=7, villages=3, local_share=1.0, rota={"days_on": 6, "days_off": 1})
    model = TownModel(scenario_with_overrides(scenario, {"store_kinds.pharmacy.max_pickers": 1}))
    noon = _at_noon(model, 7)
    kpis = model.run_episode()
    supermarkets = [s for s in model.stores if s.kind == "supermarket"]
    for store in supermarkets:
        assert sorted(noon[store.store_id]) == [2, 2, 2, 3, 3, 3, 3]
    assert len({tuple(noon[s.store_id]) for s in supermarkets}) > 1  # not all on the same days
    pharmacies = [s for s in model.stores if s.kind == "pharmacy"]
    for store in pharmacies:
        assert store.picker_crew == 1 and noon[store.store_id] == [1] * 7
    assert kpis["picker_days_resting"] > 0
    assert kpis["picker_days_sealed_out"] == 0


def test_without_rest_days_everyone_works_every_day():
    model = TownModel(_town(days=3, local_share=1.0, rota={"days_on": 6, "days_off": 0}))
    noon = _at_noon(model, 3)
    kpis = model.run_episode()
    assert noon["SUP-0"] == [3, 3, 3]
    assert kpis["picker_days_resting"] == 0


def test_a_sealed_store_keeps_its_pickers_living_outside_with_closed_loop_passes():
    no_rest = {"days_on": 6, "days_off": 0}
    without = TownModel(_town(days=2, local_share=0.5, rota=no_rest))
    with_passes = TownModel(_town(days=2, local_share=0.5, rota=no_rest, closed_loop_passes=True,
                                  pass_exposure_probability_per_day=0.0))
    seen = [_at_noon(without, 2), _at_noon(with_passes, 2)]
    kpis = [without.run_episode(), with_passes.run_episode()]
    assert seen[0]["SUP-0"] == [2, 2] and seen[1]["SUP-0"] == [3, 3]
    assert kpis[0]["picker_days_sealed_out"] > 0 and kpis[1]["picker_days_sealed_out"] == 0
    book = [m.stores_by_id["SUP-0"].book for m in (without, with_passes)]
    assert book[1].most_today == round(book[0].most_today * 3 / 2)


def test_a_pass_holder_exposed_isolates_at_home_for_the_days_set_then_comes_back():
    model = TownModel(_town(days=5, local_share=0.5, rota={"days_on": 6, "days_off": 0},
                            closed_loop_passes=True, pass_exposure_probability_per_day=1.0,
                            pass_isolation_days=2))
    noon = _at_noon(model, 5)
    kpis = model.run_episode()
    # day 0: all three (exposure is drawn from the first morning); isolated on days 1 and 2,
    # back on day 3 and exposed again that morning
    assert noon["SUP-0"] == [3, 2, 2, 2, 2]
    isolated = [e for e in model.events if e["kind"] == "pass_holder_isolated" and e["who"] == "SUP-0"]
    assert [e["minute"] / 1440 for e in isolated] == [1.0, 3.0]
    assert kpis["picker_days_isolated"] > 0


def test_a_store_short_of_pickers_gets_slower_volunteers_after_the_delay():
    model = TownModel(_town(days=3, local_share=0.5, rota={"days_on": 6, "days_off": 0},
                            drafted_pickers=2, drafted_after_hours=20, drafted_pick_rate_share=0.5))
    noon = _at_noon(model, 3)
    kpis = model.run_episode()
    store = model.stores_by_id["SUP-0"]
    assert noon["SUP-0"] == [2, 4, 4]  # two locals, then two volunteers from 20:00 on day 0
    assert store.crew.pick_slowdown() == 4 / 3  # four people picking as three pickers
    drafted = [e for e in model.events if e["kind"] == "pickers_drafted"]
    assert {e["who"] for e in drafted} >= {"SUP-0"}
    assert store.book.most_by_day[2] == int(3 * 12 * 60 / store.pick_minutes_mean)
    assert kpis["drafted_picker_days"] > 0


def test_no_volunteers_for_a_store_whose_whole_crew_can_come():
    model = TownModel(_town(days=2, local_share=1.0, drafted_pickers=2, drafted_after_hours=1))
    kpis = model.run_episode()
    assert not [e for e in model.events if e["kind"] == "pickers_drafted"]
    assert kpis["drafted_picker_days"] == 0


def test_the_crew_at_work_is_counted_once_until_who_can_come_changes():
    """Asked at every order routed, the count is kept until another day, a seal or a release
    of the store's village, or an isolation starting or ending: a pass holder isolating half a
    day from the morning is back at noon, and counted back then."""
    model = TownModel(_town(days=2, local_share=0.5, rota={"days_on": 6, "days_off": 0},
                            closed_loop_passes=True, pass_exposure_probability_per_day=1.0,
                            pass_isolation_days=0.5))
    crew = model.stores_by_id["SUP-0"].crew
    asked, seen = [], []
    can_come = crew.can_come

    def counting_can_come(picker, now):
        asked.append(picker)
        return can_come(picker, now)

    crew.can_come = counting_can_come

    def look(_event):
        now = model.env.now
        first = crew.regulars_at_work(now)
        asked.clear()
        seen.append((first, crew.regulars_at_work(now), len(asked)))

    for hour in (11, 13):
        call_later(model.env, model.clock.day_start_minute(1) + hour * 60, look)
    model.run_episode()
    assert seen == [(2, 2, 0), (3, 3, 0)]
