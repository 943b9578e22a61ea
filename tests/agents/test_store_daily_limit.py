"""A store closes its day's ordering when it is full ("today's orders are filled")."""

from sim.inputs.scenario_loading import scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import OrderRecorder


def _town(per_picker_day: float, days: float = 3, population: int = 800):
    scenario = small_town(villages=1, population=population, stores_per_kind=2, horizon_days=days)
    return scenario_with_overrides(scenario, {
        "store_kinds.supermarket.stores_per_village": 2,
        "store_kinds.supermarket.max_orders_per_picker_day": per_picker_day,
        "store_kinds.supermarket.min_pickers": 1,
        "store_kinds.supermarket.max_pickers": 1,
    })


def test_a_full_store_takes_no_more_orders_and_the_other_store_takes_them_first():
    model = TownModel(_town(per_picker_day=15))
    orders = OrderRecorder(model).orders
    kpis = model.run_episode()
    supermarkets = model.villages["V0"].stores_by_kind["supermarket"]
    assert all(s.daily_order_limit == 15 for s in supermarkets)
    for store in supermarkets:
        assert max(store.orders_by_day.values()) <= 15
    # refusals come only once both stores have filled the day
    assert kpis["orders_refused_store_full"] > 0
    assert all(s.orders_by_day[0] == 15 for s in supermarkets)
    placed = [o for o in orders if o.kind == "supermarket"]
    assert len(placed) == sum(sum(s.orders_by_day.values()) for s in supermarkets)


def test_a_refused_household_tries_again_the_next_day():
    model = TownModel(_town(per_picker_day=10, days=2.5))
    orders = OrderRecorder(model).orders
    platform = model.platform
    refused = []
    refuses = platform.refuses
    trying = {}  # the household whose attempt the platform is answering

    def watch(village, kind):
        answer = refuses(village, kind)
        if answer and trying.get("household") is not None:
            refused.append((trying["household"], model.env.now))
        return answer

    platform.refuses = watch
    for village in model.villages.values():
        for household in village.households:
            household._food_order_due = _remembering(household, household._food_order_due, trying)
    model.run_episode()
    day_one = [(h, t) for h, t in refused if t < 1440]
    assert day_one
    # each came back the next day (taken, or refused again), at an hour of the ordering rhythm
    came_back = {o.household for o in orders if 1440 <= o.placed_minute < 2 * 1440}
    came_back |= {h for h, t in refused if 1440 <= t < 2 * 1440}
    assert all(h in came_back for h, _ in day_one)
    assert all(t >= 1440 + 5 * 60 for _, t in refused if 1440 <= t < 2 * 1440)


def _remembering(household, due, trying):
    def wrapped(event):
        trying["household"] = household
        try:
            due(event)
        finally:
            trying["household"] = None
    return wrapped


def test_without_a_limit_no_order_is_refused():
    scenario = scenario_with_overrides(_town(per_picker_day=15), {
        "store_kinds.supermarket.max_orders_per_picker_day": None})
    model = TownModel(scenario)
    kpis = model.run_episode()
    assert kpis["orders_refused_store_full"] == 0
    assert all(s.daily_order_limit is None for s in model.stores if s.kind == "supermarket")


def test_a_household_refused_again_asks_nothing_new_and_tries_the_next_day():
    """Refused once, a household's next day's try that meets the same kind's filled stores is
    refused without working out its basket again: the refusal is counted, nothing more is
    counted as needed (what it asked the first time is carried), and it tries again the day
    after."""
    model = TownModel(_town(per_picker_day=5, days=3.5))
    seen = []  # (refusals counted, need counted, baskets worked out, day, day before) per repeat
    last_refused_day = {}
    for village in model.villages.values():
        for household in village.households:
            household._food_order_due = _watching_repeats(model, household, seen, last_refused_day)
    model.run_episode()
    assert len(seen) > 20
    for refusals, need, baskets, day, day_before in seen:
        assert refusals == 1 and need == 0 and baskets == 0
        assert day == day_before + 1  # the try after a refusal is the next day's


def _watching_repeats(model, household, seen, last_refused_day):
    due, basket = household._food_order_due, household._basket
    counted = {"baskets": 0}

    def counting_basket(*args):
        counted["baskets"] += 1
        return basket(*args)

    household._basket = counting_basket

    def wrapped(event):
        kind_before, early = household.refused_kind, household.orders_early
        refusals, need = model.stats.orders_refused_store_full, model.stats.units_needed
        placed = model.stats.orders_placed
        counted["baskets"] = 0
        due(event)
        day = model.clock.day_index(model.env.now)
        refused = model.stats.orders_refused_store_full > refusals and model.stats.orders_placed == placed
        # refused again by the kind that refused it the day before (an early order asks afresh)
        if kind_before is not None and refused and household.refused_kind == kind_before and not early:
            seen.append((model.stats.orders_refused_store_full - refusals,
                         model.stats.units_needed - need, counted["baskets"], day,
                         last_refused_day[household]))
        if refused:
            last_refused_day[household] = day
    return wrapped
