"""The depot's standing staples reserve (issue 25): with `depot.staples_release =
"when_homes_low"` a household of a locked village gets a pack of rice and flour when it has
less than the threshold's days of them at home, not before; and in a long lockdown with the
market shut, renters who hold a few days' staples go hungry far less than without it."""

from agents.pantry import PantryTally
from sim.engine import run_until
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

# half the households rent a room and hold 3 to 5 days of staples, the rest weeks of them
TYPES = {"renters": {"share": 0.5,
                     "stock_days_at_lockdown": {"staples": {"dist": "uniform", "low": 3, "high": 5}}},
         "families": {"share": 0.5,
                      "stock_days_at_lockdown": {"staples": {"dist": "uniform", "low": 20, "high": 40}}}}
THRESHOLD_DAYS = 2.0
DAYS = 14


def _town(rule: str) -> TownModel:
    """Two villages locked for two weeks, the market shut from midday on (its only supplier),
    a depot of ten days of the town's staples."""
    return TownModel(small_town(
        villages=2, population=150, horizon_days=DAYS, couriers=4, households={"types": TYPES},
        depot={"cover_days": {"staples": 10}, "release": "hold_for_outage", "staples_release": rule,
               "staples_release_at_home_days": THRESHOLD_DAYS},
        disruptions=[{"kind": "supplier_outage", "supplier": "wholesale market", "start_day": 0.5,
                      "days": 30, "capacity_share": 0}]))


def test_a_pack_goes_to_each_household_low_on_staples_and_to_none_before():
    model = _town("when_homes_low")
    release = model.depot.staples
    staples = model.goods.pantry.index("staples")
    checks_without_low = checks_with_low = 0
    for check in model.clock.clock_times(9, 0):  # the community's morning roll
        if check > (DAYS - 1) * 1440:
            break
        waiting = {h for h, order in release.pack_orders.items()
                   if order.delivered_minute != order.delivered_minute}  # NaN: still open
        sent_before = release.packs_sent
        run_until(model.env, check + 1)
        low = {h for v in model.villages.values() for h in v.households
               if h.pantry.days_left(staples, check) < THRESHOLD_DAYS} - waiting
        got = {h for h, order in release.pack_orders.items() if order.placed_minute == check}
        assert got == low  # every household short of staples, and none other
        assert release.packs_sent - sent_before == len(low)
        if low:
            checks_with_low += 1
        elif release.packs_sent == 0:
            checks_without_low += 1
    # the renters' rice lasted the first mornings: nothing went out until it ran low
    assert checks_without_low >= 1 and checks_with_low >= 3


def _renters_short(model) -> tuple[float, float]:
    """The renters' energy gone without (kcal) and days with no staples at home."""
    kcal = days = 0.0
    staples = model.goods.pantry.index("staples")
    for village in model.villages.values():
        for household in village.households:
            if household.household_type != "renters":
                continue
            tally = PantryTally(len(household.pantry.stock))
            tally.add(household.pantry.tally)
            tally.add(household.pantry.pending(model.env.now))
            kcal += tally.energy_short_kcal
            days += tally.minutes_without[staples] / 1440
    return kcal, days


def test_with_the_staples_reserve_renters_in_a_long_lockdown_go_hungry_less():
    without, with_rule = _town("never"), _town("when_homes_low")
    kpis_without, kpis_with = without.run_episode(), with_rule.run_episode()
    short_without, days_without = _renters_short(without)
    short_with, days_with = _renters_short(with_rule)
    assert days_without > 5 and short_without > 0  # the renters ran out of staples
    assert short_with < 0.25 * short_without
    assert days_with < 0.25 * days_without
    assert kpis_with["unmet_energy_person_days"] < kpis_without["unmet_energy_person_days"]
    assert kpis_with["depot_staples_packs"] > 0 and "depot_staples_packs" not in kpis_without
    # the packs were given: the lockdown cost at least their purchase value
    given = 6.0 * sum(with_rule.depot.units_given.values())
    assert kpis_with["depot_cost_per_lockdown"] >= round(given)
    assert kpis_without["depot_cost_per_lockdown"] < 0.05 * given


def _small_reserve_town(cover_days: float) -> TownModel:
    """The same town with a reserve of `cover_days` of its staples, far too little for all."""
    return TownModel(small_town(
        villages=2, population=150, horizon_days=DAYS, couriers=4, households={"types": TYPES},
        depot={"cover_days": {"staples": cover_days}, "release": "hold_for_outage",
               "staples_release": "when_homes_low", "staples_release_at_home_days": THRESHOLD_DAYS},
        disruptions=[{"kind": "supplier_outage", "supplier": "wholesale market", "start_day": 0.5,
                      "days": 30, "capacity_share": 0}]))


def test_a_reserve_too_small_for_all_sends_whole_packs_to_the_shortest_first():
    """A tenth of a day of the town's staples cannot give every short household a week's pack:
    it sends whole packs, as many as its stock fills, the shortest first; the rest wait for the
    next morning. No crumbs: every pack brings what it was made up for."""
    model = _small_reserve_town(0.1)
    release = model.depot.staples
    staples = model.goods.pantry.index("staples")
    seen_waiting = False
    for check in model.clock.clock_times(9, 0):
        if check > (DAYS - 1) * 1440:
            break
        run_until(model.env, check - 1)
        stock = model.depot.stock.get("staples", 0.0)
        run_until(model.env, check + 1)
        sent = [(h, o) for h, o in release.pack_orders.items() if o.placed_minute == check]
        asked = sum(o.units_requested for _, o in sent)
        assert asked <= stock + 1e-6  # never more packs than the stock fills
        waiting = {h for h, o in release.pack_orders.items() if o.placed_minute < check
                   and o.delivered_minute != o.delivered_minute}  # NaN: still on its way
        left_out = {h for v in model.villages.values() for h in v.households
                    if h.pantry.days_left(staples, check) < THRESHOLD_DAYS} - {h for h, _ in sent} - waiting
        if sent and left_out:
            seen_waiting = True
            # the shortest went first: none left out is shorter than every one served
            assert min(h.pantry.days_left(staples, check) for h in left_out) >= min(
                h.pantry.days_left(staples, check) for h, _ in sent) - 1e-9
    run_until(model.env, DAYS * 1440)
    delivered = [o for o in release.pack_orders.values() if o.delivered_minute == o.delivered_minute]
    assert delivered and all(abs(o.units_filled - o.units_requested) < 1e-6 for o in delivered)
    assert seen_waiting  # the reserve was too small for everyone at least once
