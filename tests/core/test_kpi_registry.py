"""Every KPI is declared once (`sim/core/kpi_registry.py`) with its unit, definition and the actor
that contributes it: runs with every feature on hold only declared keys, each from the actor
the registry names, in the registry's order; every declared KPI turns up in some run; the
units are the ones `sim/core/kpi_kinds.py` reads from the names; the KPI table the README or
the manual quotes is the registry's."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from agents.volunteer import works_for
from sim.core.kpi_kinds import SHARE, kpi_kind
from sim.core.kpi_lookup import declaration_of, in_declared_order, pattern_regex
from sim.core.kpi_reference import main, markdown_table
from sim.core.kpi_registry import ENTRIES, LABEL, PLACEHOLDERS, declared
from sim.domain.orders import CANCEL_REASONS, CHANNELS, LEAD_TIME_STAGES
from sim.inputs.scenario_loading import load_scenario, scenario_with_overrides
from sim.inputs.small_town import small_town
from sim.model.metrics import compute_kpis, kpi_contributors
from sim.model.town_model import TownModel
from tests.support.compound_goods import COMPOUND_GOODS
from tests.support.paths import ROOT

FOOD = ["staples", "vegetables", "meat_eggs", "daily_goods", "prepared_meals"]
SUPPLIERS = [{"name": "wholesale market", "delivery_hours": [0, 24], "capacity_town_days": None,
              "categories": FOOD}, {"name": "medicine distributor", "categories": ["medicine"]}]


def _plain():
    """Nothing switched on: only the KPIs every run has."""
    return small_town(villages=2, population=300, horizon_days=1.0, seed=1)


def _channels_depot_groups_packs():
    """Phone and volunteer orders, group-buying, a pushed pack round and a depot that releases
    staples to households low on them."""
    return small_town(
        villages=2, population=300, horizon_days=3.0, seed=3, suppliers=SUPPLIERS,
        depot={"cover_days": {"vegetables": 3, "staples": 2}, "rotate": True,
               "staples_release": "when_homes_low"},
        group_buying={"share": 0.6, "min_households": 10, "group_size": 40, "lead_time_days": 1.0},
        push_packs=[{"village": "all", "day": 1.0, "content": {"staples": 5.0, "vegetables": 3.0}}],
        households={"smartphone_share": 0.7})


def _roads_panic_notice_walk_in():
    """The small town's closed road, with a lockdown's notice, counter trade and panic."""
    scenario = load_scenario(ROOT / "experiments" / "small-town-roads.toml")
    return scenario_with_overrides(scenario, {
        "lockdowns": [{"village": "V0", "start_day": 0.3, "notice_hours": 6},
                      {"village": "V1", "start_day": 0.35}],
        "panic.enabled": True, "panic.lead_time_minutes": 60,
        "walk_in.daily_consumption_share": 0.3})


def _own_goods():
    """A town of its own goods: bread counted in loaves, eaten and needed."""
    households = {"stock_days_at_lockdown": {"rice": 3, "greens": 1, "frozen": 2, "bread": 0.5},
                  "food_kind_weights": {"front_warehouse": 0.8, "bakery": 0.2}}
    return small_town(villages=2, population=150, horizon_days=1.0,
                      **{**COMPOUND_GOODS, "households": households})


SCENARIOS = {"plain": _plain, "channels-depot-groups-packs": _channels_depot_groups_packs,
             "roads-panic-notice-walk-in": _roads_panic_notice_walk_in, "own-goods": _own_goods}


@pytest.fixture(scope="module")
def runs() -> dict:
    """Each scenario run to its end: (model, its KPIs)."""
    found = {}
    for name, scenario in SCENARIOS.items():
        model = TownModel(scenario())
        found[name] = model, model.run_episode()
    return found


def test_every_key_of_every_run_is_declared_and_comes_from_its_declared_contributor(runs):
    for name, (model, kpis) in runs.items():
        now, gathered = model.env.now, {}
        for contributor in kpi_contributors(model):
            module = Path(inspect.getfile(type(contributor))).relative_to(ROOT).as_posix()
            for key in contributor.kpis(now):
                found = declaration_of(key)
                assert found is not None, f"{name}: {key} is not declared in sim/core/kpi_registry.py"
                declared_by = ENTRIES[found[0]].contributor
                assert (declared_by.name, declared_by.module) == (type(contributor).__name__, module), key
                assert key not in gathered, f"{key} contributed twice"
                gathered[key] = contributor
        assert list(gathered) and set(gathered) == set(kpis)
        assert kpis == compute_kpis(model)


def _declared_names(kpis: dict) -> dict[str, str]:
    """Each key of `kpis` -> the name or pattern that declares it (undeclared keys left out)."""
    return {key: found[1] for key in kpis if (found := declaration_of(key)) is not None}


def test_every_declared_kpi_turns_up_in_some_run(runs):
    seen = {name for _, kpis in runs.values() for name in _declared_names(kpis).values()}
    assert [k.name for k in declared() if k.name not in seen] == []


def test_kpis_without_a_condition_are_in_every_run_and_the_conditional_ones_only_when_on(runs):
    for name, (_, kpis) in runs.items():
        missing = [k.name for k in declared()
                   if k.condition is None and not k.is_pattern and k.name not in kpis]
        assert missing == [], name
    plain = runs["plain"][1]
    switched_on = [k for k in plain if ENTRIES[declaration_of(k)[0]].condition is not None]
    assert switched_on == []
    conditions = {ENTRIES[declaration_of(k)[0]].condition for _, kpis in runs.values() for k in kpis}
    assert {e.condition for e in ENTRIES} <= conditions


def test_the_keys_come_in_the_registry_order_one_entry_after_another(runs):
    for _, kpis in runs.values():
        ranks = [declaration_of(key)[0] for key in kpis]
        assert ranks == sorted(ranks)
    # inside an entry, the contributor's order: one channel's figures, then the next one's
    keys = list(runs["channels-depot-groups-packs"][1])
    at = keys.index("orders_placed_app")
    assert keys[at:at + 6] == ["orders_placed_app", "orders_delivered_app", "units_delivered_app",
                               "lead_time_from_asking_app_minutes_p50",
                               "lead_time_from_asking_app_minutes_p90", "orders_placed_phone"]


def test_an_undeclared_key_is_kept_last_where_a_test_finds_it():
    ordered = in_declared_order({"not_a_kpi": 1, "fill_rate": 0.5, "scenario": "x"})
    assert list(ordered) == ["scenario", "fill_rate", "not_a_kpi"]
    assert declaration_of("not_a_kpi") is None


def test_each_key_matches_one_declaration_and_each_kpi_is_declared_once(runs):
    names = [k.name for k in declared()]
    assert len(names) == len(set(names))
    patterns = [k for k in declared() if k.is_pattern]
    for _, kpis in runs.values():
        for key in kpis:
            if key in names:
                continue
            matching = [k.name for k in patterns if pattern_regex(k.name).fullmatch(key)]
            assert len(matching) == 1, (key, matching)


def test_the_placeholders_take_the_values_the_code_uses(runs):
    model = runs["plain"][0]
    assert PLACEHOLDERS["reason"].values == tuple(r.replace(" ", "_") for r in CANCEL_REASONS)
    assert PLACEHOLDERS["stage"].values == LEAD_TIME_STAGES
    assert PLACEHOLDERS["channel"].values == CHANNELS
    assert PLACEHOLDERS["work"].values == tuple(works_for(CHANNELS))
    assert PLACEHOLDERS["part"].values == tuple(model.depot.costs(model.env.now))


def test_every_declared_unit_is_the_one_kpi_kinds_reads_from_the_name(runs):
    labels = {k.name for k in declared() if k.unit == LABEL}
    assert labels == {"scenario", "seed", "busiest_store", "busiest_store_day"}
    units = {k.name: k.unit for k in declared()}
    checked = [(k.example(), k.unit) for k in declared() if k.unit != LABEL]
    checked += [(key, units[name]) for _, kpis in runs.values()
                for key, name in _declared_names(kpis).items() if key not in labels]
    for key, unit in checked:
        kind = kpi_kind(key)
        assert (kind.unit, kind.kind == SHARE) == (unit, unit == "share"), key


def test_python_m_sim_kpi_reference_prints_the_table(capsys):
    assert main(["--markdown"]) == 0
    table = capsys.readouterr().out
    assert table == markdown_table()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == len(ENTRIES)
    assert "| `depot_cost_<part>` | yuan | only in a town with a depot: " in table
