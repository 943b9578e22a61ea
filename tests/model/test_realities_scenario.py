"""The Beizang variant with the realities of 2022 switched on (experiments/beizang-2022-realities.toml):
it extends the default, switches on the government's packs, the notice, households without a
smartphone and group buying (and panic and counter trade), says beside every value it sets
whether it is published or assumed, and runs with every channel."""

import re

from sim.inputs.scenario_loading import load_scenario, with_horizon
from sim.model.town_model import TownModel
from tests.support.paths import ROOT

REALITIES = ROOT / "experiments" / "beizang-2022-realities.toml"
# keys that name what a table is about, not a value of the model
NAMING_KEYS = ("extends", "name", "village")


def test_it_extends_the_default_with_the_realities_of_2022_switched_on():
    default = load_scenario(ROOT / "experiments" / "beizang-2022.toml")
    realities = load_scenario(REALITIES)
    assert realities.villages == default.villages and realities.ledger == default.ledger
    assert [(lk.village, lk.start_day) for lk in realities.lockdowns] == [
        (lk.village, lk.start_day) for lk in default.lockdowns]
    assert all(lk.notice_hours > 0 for lk in realities.lockdowns)
    assert realities.push_packs and realities.households.smartphone_share < 1
    assert realities.group_buying.share > 0 and realities.group_buying.lead_time_days is None
    assert realities.panic.enabled and realities.walk_in.daily_consumption_share > 0
    assert set(realities.order_channels) == {"app", "phone", "volunteer", "group", "push_pack"}


def test_every_value_it_sets_says_whether_it_is_published_or_assumed():
    unmarked = []
    for number, line in enumerate(REALITIES.read_text(encoding="utf-8").splitlines(), 1):
        match = re.match(r"\s*([A-Za-z_]+)\s*=", line)
        if not match or match.group(1) in NAMING_KEYS:
            continue
        comment = line.partition("#")[2].lower()
        if not any(word in comment for word in ("source", "assumption", "as the default")):
            unmarked.append(f"{number}: {line.strip()}")
    assert not unmarked, "values without 'source' or 'assumption':\n" + "\n".join(unmarked)


def test_its_first_days_run_with_every_channel_and_panic():
    scenario, _ = with_horizon(load_scenario(REALITIES), 2.6)
    kpis = TownModel(scenario, seed=1).run_episode()
    for channel in ("app", "phone", "volunteer", "group", "push_pack"):
        assert kpis[f"orders_delivered_{channel}"] > 0, channel
    assert kpis["notice_units_bought_ahead"] > 0 and kpis["walk_in_units_sold"] > 0
    assert kpis["push_pack_rounds"] >= 1 and kpis["group_bulk_orders"] > 0
    assert "household_panics" in kpis
    # the pallets come from the town's own market: within a day of asking
    assert kpis["lead_time_from_asking_group_minutes_p50"] < 1440
