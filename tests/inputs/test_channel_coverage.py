"""Villages no store can give a channel of some kind (`sim/inputs/channel_coverage.py`): the reasons
the warning gives, and that they agree with what a run does (the channels it records opening)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.cli.commands import main
from sim.core.i18n import translator
from sim.inputs.channel_coverage import unserved_villages, warning_lines
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

KINDS = ["supermarket", "vegetable_shop", "pharmacy", "catering"]
CALM = {"positive_probability_per_day": 0}  # no store closes for a positive test at set-up


def _town(stores, lockdowns, horizon_days=0.3, villages=2, **sections):
    """`villages` villages 1 km apart (V0, V1, ...), the ledger `stores` as (id, village, kind,
    floor_m2[, extra fields]), locked as `lockdowns` (village, start_day[, days])."""
    ledger = [{"id": s[0], "village": s[1], "kind": s[2], "floor_m2": s[3], **(s[4] if len(s) > 4 else {})}
              for s in stores]
    surveyed = sections.pop("ledger_surveyed", True)
    sections.setdefault("store_staff", CALM)
    return small_town(villages=villages, population=30, couriers=2, horizon_days=horizon_days,
                      ledger={"surveyed": surveyed, "stores": ledger},
                      lockdowns=[{"village": lk[0], "start_day": lk[1],
                                  "days": lk[2] if len(lk) > 2 else None} for lk in lockdowns],
                      **sections)


def _full_ledger(village="V1", floor=100):
    return [(f"{k[:3].upper()}-{village}", village, k, floor) for k in KINDS]


def _predicted(scenario, certain_only=True) -> dict[str, set[str]]:
    return {u.village: {m.kind for m in u.missing if m.certain or not certain_only}
            for u in unserved_villages(scenario)}


def _never_opened(scenario) -> dict[str, set[str]]:
    """Each village locked in the run and the standard kinds the run never opened there (from
    the run's own record of channels opened)."""
    model = TownModel(scenario)
    model.run_episode()
    opened: dict[str, set[str]] = {}
    for village, kind, *_ in model.stats.channel_windows:
        opened.setdefault(village, set()).add(kind)
    locked = [v for v in model.villages.values() if v.lock_minute is not None]
    return {v.name: set(scenario.standard_kinds) - opened.get(v.name, set()) for v in locked
            if set(scenario.standard_kinds) - opened.get(v.name, set())}


def test_a_village_whose_only_store_is_too_small_lacks_its_kind_with_the_reason():
    sc = _town([("SH-1", "V0", "vegetable_shop", 30), ("RS-1", "V1", "supermarket", 120)],
               [("V0", 0.0)])
    unserved = {u.village: u for u in unserved_villages(sc)}
    reasons = {m.kind: str(m.reason) for m in unserved["V0"].missing}
    assert reasons == {
        "vegetable_shop": "the only vegetable_shop, SH-1, is 30 m², below the 40 m² minimum",
        "pharmacy": "no pharmacy on the ledger",
        "catering": "no catering on the ledger",
    }
    assert _never_opened(sc) == {"V0": {"vegetable_shop", "pharmacy", "catering"}}


def test_every_store_that_fails_is_named_with_its_reasons():
    sc = _town([("PH-1", "V0", "pharmacy", 30, {"licensed": False}),
                ("PH-2", "V1", "pharmacy", 80, {"infection_risk": True}),
                *[s for s in _full_ledger() if s[2] != "pharmacy"]], [("V0", 0.0)])
    (v0, v1) = unserved_villages(sc)
    assert v0.kinds() == v1.kinds() == ["pharmacy"]
    assert str(v0.missing[0].reason) == (
        "none of the 2 pharmacy stores qualifies: PH-1 is not licensed, is 30 m², below the "
        "40 m² minimum; PH-2 is marked an infection risk")


def test_a_town_that_serves_every_village_opens_every_channel():
    sc = _town(_full_ledger("V1"), [("V0", 0.0)])
    assert unserved_villages(sc) == []
    assert _never_opened(sc) == {}


def test_stores_sealed_in_another_village_through_the_lockdown_serve_nobody_else():
    sc = _town([*_full_ledger("V0"), ("SUP-V1", "V1", "supermarket", 100)], [("V0", 0.0), ("V1", 0.0)])
    assert _predicted(sc) == {"V1": {"vegetable_shop", "pharmacy", "catering"}}
    reason = str(unserved_villages(sc)[0].missing[0].reason)
    assert reason == ("every qualifying vegetable_shop (VEG-V0) is inside V0, sealed throughout its "
                      "lockdown: a store in a sealed village serves only that village")
    assert _never_opened(sc) == _predicted(sc)
    # sealed-in stores that pass goods over the gate serve both
    outside = _town([*_full_ledger("V0"), ("SUP-V1", "V1", "supermarket", 100)],
                    [("V0", 0.0), ("V1", 0.0)],
                    store_staff={**CALM, "sealed_in_stores_serve_outside": True})
    assert unserved_villages(outside) == [] and _never_opened(outside) == {}
    # V0 locked after V1's channels are set up: V1 was served, so no warning
    later = _town(_full_ledger("V0"), [("V1", 0.0), ("V0", 0.2)])
    assert unserved_villages(later) == [] and _never_opened(later) == {}


def test_own_stores_without_a_picker_living_inside_cannot_serve_their_sealed_village():
    sc = _town(_full_ledger("V0"), [("V0", 0.0)], store_staff={**CALM, "local_share": 0.0})
    assert _predicted(sc) == {"V0": set(KINDS)}
    assert _never_opened(sc) == {"V0": set(KINDS)}


def test_an_unsurveyed_ledger_serves_only_stores_near_a_village_set_up():
    # V0 and V2 are 2 km apart; with a 1.5 km survey radius V0's set-up never surveys V2's
    # stores unless V1 or V2 is set up first
    sc = _town(_full_ledger("V2"), [("V0", 0.0)], villages=3, ledger_surveyed=False,
               command_centre={"survey_radius_km": 1.5})
    v0 = unserved_villages(sc)[0]
    assert v0.village == "V0" and v0.kinds() == KINDS and not any(m.certain for m in v0.missing)
    assert str(v0.missing[0].reason) == ("no qualifying supermarket within the 1.5 km survey radius "
                                         "(the ledger is not surveyed): only if a village near one "
                                         "is set up first")
    assert _never_opened(sc) == {"V0": set(KINDS)}
    # a pharmacy on the road network 5 km from every village is never surveyed
    roads = {"edges": [{"from": "V0", "to": "V1", "km": 1.0}, {"from": "V1", "to": "V2", "km": 1.0},
                       {"from": "V2", "to": "PHA-V2", "km": 5.0}]}
    remote = _town(_full_ledger("V2"), [("V0", 0.0)], villages=3, ledger_surveyed=False,
                   command_centre={"survey_radius_km": 1.5}, roads=roads)
    assert _predicted(remote) == {"V0": {"pharmacy"}, "V1": {"pharmacy"}, "V2": {"pharmacy"}}
    assert str(unserved_villages(remote)[0].missing[2].reason) == (
        "no qualifying pharmacy lies within the 1.5 km survey radius of any village, and the "
        "ledger is not surveyed")
    assert _never_opened(remote) == {"V0": set(KINDS)}


def test_the_warning_names_the_village_each_kind_and_its_reason_in_chinese_too():
    sc = _town([("SH-1", "V0", "vegetable_shop", 30), ("RS-1", "V1", "supermarket", 120)],
               [("V0", 0.0)])
    lines = warning_lines(sc, translator("en"))
    assert lines[:4] == [
        "warning: no store can open these channels for V0:",
        "  vegetable_shop: the only vegetable_shop, SH-1, is 30 m², below the 40 m² minimum",
        "  pharmacy: no pharmacy on the ledger",
        "  catering: no catering on the ledger",
    ]
    zh = warning_lines(sc, translator("zh"))
    assert "V0" in zh[0] and "SH-1" in zh[1] and "30" in zh[1] and "40" in zh[1]
    assert zh[0] != lines[0] and "药店" in zh[2]


@settings(max_examples=20, deadline=None)
@given(floors=st.lists(st.sampled_from([30, 60]), min_size=4, max_size=4),
       homes=st.lists(st.sampled_from(["V0", "V1", "V2"]), min_size=4, max_size=4),
       licensed=st.lists(st.booleans(), min_size=4, max_size=4),
       starts=st.lists(st.sampled_from([None, 0.0, 0.05]), min_size=3, max_size=3),
       lengths=st.lists(st.sampled_from([None, 0.04]), min_size=3, max_size=3),
       local_share=st.sampled_from([0.0, 0.5]), surveyed=st.booleans())
def test_a_kind_predicted_missing_never_opens_in_the_run(floors, homes, licensed, starts, lengths,
                                                          local_share, surveyed):
    """Whatever the ledger and schedule, a channel the warning says is certain to be missing
    is one the run never opens."""
    stores = [(f"S{i}", homes[i], KINDS[i], floors[i], {"licensed": licensed[i]}) for i in range(4)]
    lockdowns = [(f"V{i}", start, lengths[i]) for i, start in enumerate(starts) if start is not None]
    sc = _town(stores, lockdowns, villages=3, horizon_days=0.2, ledger_surveyed=surveyed,
               store_staff={**CALM, "local_share": local_share},
               command_centre={"survey_radius_km": 1.5})
    never = _never_opened(sc)
    locked = {lk[0] for lk in lockdowns}
    for village, kinds in _predicted(sc).items():
        if village in locked:
            assert kinds <= never.get(village, set()), (village, kinds, never)


# --- validate and town init ----------------------------------------------------------------
VILLAGES_CSV = "name,x_km,y_km,population,gate_volunteers\nSmallhill,0.0,0.0,600,4\nRiverside,2.5,1.0,1800,6\n"
STORES_CSV = ("id,village,kind,floor_m2\nSH-1,Smallhill,vegetable_shop,30\nRS-1,Riverside,supermarket,120\n"
              "RS-2,Riverside,pharmacy,50\nRS-3,Riverside,catering,80\n")
SMALLHILL_WARNING = """warning: no store can open these channels for Smallhill:
  vegetable_shop: the only vegetable_shop, SH-1, is 30 m², below the 40 m² minimum
warning: no store can open these channels for Riverside:
  vegetable_shop: the only vegetable_shop, SH-1, is 30 m², below the 40 m² minimum
"""


def _town_init(tmp_path, stores=STORES_CSV, lang=()):
    (tmp_path / "villages.csv").write_text(VILLAGES_CSV)
    (tmp_path / "stores.csv").write_text(stores)
    out = tmp_path / "town.toml"
    code = main(["town", "init", "--villages", str(tmp_path / "villages.csv"),
                 "--stores", str(tmp_path / "stores.csv"), "--out", str(out), *lang])
    return code, out


def test_town_init_and_validate_warn_of_a_village_whose_only_store_is_too_small(tmp_path, capsys):
    code, out = _town_init(tmp_path)
    printed = capsys.readouterr().out
    assert code == 0 and out.exists()  # a warning, not an error
    assert printed.endswith(SMALLHILL_WARNING)
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: valid (2 villages, 4 stores, 1 lockdowns)\n" + SMALLHILL_WARNING
    assert main(["validate", str(out), "--lang", "zh"]) == 0
    chinese = capsys.readouterr().out.splitlines()
    assert chinese[1] == "警告：没有门店能为Smallhill开通以下渠道："
    assert chinese[2].startswith("  菜店：") and "SH-1" in chinese[2] and "30" in chinese[2]


def test_town_init_and_validate_say_nothing_of_a_town_that_serves_every_village(tmp_path, capsys):
    code, out = _town_init(tmp_path, stores=STORES_CSV.replace("vegetable_shop,30", "vegetable_shop,45"))
    assert code == 0 and "warning" not in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0
    assert "warning" not in capsys.readouterr().out
