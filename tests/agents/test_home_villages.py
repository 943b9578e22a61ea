"""A sealed village's own people: its couriers are locked in, its stores keep only the staff who
live inside and serve only it; infections among couriers and store staff come in clusters."""

from __future__ import annotations

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.world_checks import WhitelistWatcher


def run_to(model, minute):
    while model.running and model.env.now < minute:
        model.step()


def test_couriers_living_in_a_sealed_village_are_locked_in_until_its_release():
    model = TownModel(small_town(villages=2, population=200, horizon_days=2, lockdown_days=[0.3, 0.4],
                                 lockdown_lengths_days=[0.5, None],
                                 couriers={"whitelist_size": 30, "living_outside_town_share": 0.0}))
    watcher = WhitelistWatcher(model)
    v0 = model.villages["V0"]
    locals_ = [c for c in model.delivery_group.couriers if c.home is v0]
    assert locals_ and all(c.home is not None for c in model.delivery_group.couriers)
    run_to(model, 0.5 * 1440)  # V0 sealed from 0.3 to 0.8 days
    assert all(c.state in ("locked_in", "on_trip", "testing") for c in locals_)
    run_to(model, 0.85 * 1440)  # released at 19:12, still in the shift
    assert not any(c.state == "locked_in" for c in locals_)
    model.run_episode()
    home_of = {c.courier_id: c.home for c in model.delivery_group.couriers}
    sealed = model.villages["V0"]
    assert all(state == "idle" for _, _, state, _ in watcher.trips)
    # no trip started by a V0 courier while V0 was sealed
    assert all(not (home_of[cid] is sealed and 0.3 * 1440 <= minute < 0.8 * 1440)
               for cid, minute in watcher.trip_minutes)


def test_a_store_inside_a_sealed_village_keeps_its_local_staff_and_serves_only_that_village():
    """Every store is in V0. V1 is sealed first and served from V0; when V0 is sealed too, its
    stores keep the staff who live inside and serve only V0, and V1 loses them."""
    four_pickers = {kind: {"categories": cats, "min_pickers": 4, "max_pickers": 4}
                    for kind, cats in [("supermarket", ["staples"]), ("vegetable_shop", ["vegetables"]),
                                       ("pharmacy", ["medicine"]), ("catering", ["prepared_meals"])]}
    model = TownModel(small_town(villages=2, stores_per_kind=1, population=200, horizon_days=2,
                                 lockdown_days=[1.0, 0.3], store_kinds=four_pickers,
                                 store_staff={"local_share": 0.5, "positive_probability_per_day": 0.0,
                                              "rota": {"days_on": 6, "days_off": 0}}))
    v0, v1 = model.villages["V0"], model.villages["V1"]
    run_to(model, 0.9 * 1440)
    assert all(s.home is v0 and s.serves == [v1] and s.pickers_available == 4 for s in model.stores)
    run_to(model, 1.2 * 1440)
    for store in model.stores:
        assert store.pickers_available == 2  # 4 x 0.5
        assert store.serves == [v0]
    assert all(not stores for stores in v1.stores_by_kind.values())
    assert [e for e in model.events if e["kind"] == "store_sealed_in"]
    model.run_episode()
    assert model.stats.cancelled_by_reason["no store"] > 0  # V1's new orders find no store


def test_a_positive_courier_sends_the_shift_team_into_isolation_and_they_come_back():
    model = TownModel(small_town(villages=1, population=100, horizon_days=10, lockdown_days=[0.0],
                                 couriers={"whitelist_size": 10, "contact_team_size": 5,
                                           "contact_isolation_days": 2,
                                           "exposure_probability_per_day": 0.05,
                                           "living_outside_town_share": 1.0}))
    group = model.delivery_group
    isolated_seen = set()
    while model.running:
        model.step()
        isolated_seen |= {c.courier_id for c in group.couriers if c.state == "isolating"}
    removed = [c for c in group.couriers if c.state == "removed"]
    assert removed and isolated_seen
    for courier in removed:  # its teammates were contacts, not other teams
        team = courier.courier_id // 5
        assert any(cid // 5 == team for cid in isolated_seen)
    assert not any(c.state == "isolating" and c.isolating_until <= model.env.now for c in group.couriers)


def test_a_positive_among_store_staff_closes_the_store_for_the_closure():
    model = TownModel(small_town(villages=1, population=200, horizon_days=2, lockdown_days=[0.0],
                                 store_staff={"positive_probability_per_day": 1.0, "closure_hours": 5}))
    model.run_episode()
    closed = [e for e in model.events if e["kind"] == "store_closed"]
    reopened = [e for e in model.events if e["kind"] == "store_reopened"]
    assert closed and len(reopened) >= len(closed) - 2
    assert all(e["minute"] % 1440 == 7 * 60 for e in closed)  # the morning's results


def test_a_village_that_loses_a_sealed_in_store_gets_a_replacement_at_once():
    """Every supermarket but one is in V0; V1 is served from V0 until V0 is sealed, then by the
    one left in V2, even right after another expansion for V1 (no cooldown for a loss)."""
    model = TownModel(small_town(villages=3, stores_per_kind=1, population=200, horizon_days=1.5,
                                 lockdown_days=[0.6, 0.3, 1.4],
                                 store_staff={"positive_probability_per_day": 0.0}))
    data = model.spec.model_dump(by_alias=True)
    data["ledger"]["stores"].append({"id": "SUP-V2", "village": "V2", "kind": "supermarket",
                                     "floor_m2": 100})
    from sim.scenario import Scenario
    model = TownModel(Scenario.model_validate(data))
    v1 = model.villages["V1"]
    run_to(model, 0.55 * 1440)
    model.command_centre._last_expansion[("V1", "supermarket")] = model.env.now  # just expanded
    run_to(model, 0.7 * 1440)  # V0 sealed at 0.6
    serving = [s.store_id for s in v1.stores_by_kind.get("supermarket", [])]
    assert serving == ["SUP-V2"]
