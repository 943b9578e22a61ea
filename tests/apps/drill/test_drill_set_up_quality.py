"""A channel set-up is judged on the stores picked, not only on its speed: an unlicensed store
flagged an infection risk, in another village while the village's own qualified store was
passed over, keeps the channels objective from a P."""

from types import SimpleNamespace

from sim.apps.drill.set_up_quality import capped_rating, set_up_flaws


def _store(store_id, home, licensed=True, risk=False, kind="supermarket"):
    return SimpleNamespace(store_id=store_id, kind=kind, home=SimpleNamespace(name=home),
                           spec=SimpleNamespace(licensed=licensed, infection_risk=risk))


def test_a_bad_pick_by_the_players_is_not_rated_p():
    stores = [_store("MA-01", "Ma"), _store("XWZ-01", "Xiwangzhuang", licensed=False, risk=True)]
    model = SimpleNamespace(stores=stores, stores_by_id={s.store_id: s for s in stores})
    set_up = {"by": "command_centre", "village": "Ma", "stores": {"supermarket": ["XWZ-01"]}}
    flaws = set_up_flaws(model, [set_up])
    assert [str(f) for f in flaws] == ["XWZ-01 picked for Ma has no licence",
                                       "XWZ-01 picked for Ma is flagged an infection risk",
                                       "XWZ-01 in Xiwangzhuang picked for Ma, passing over its own MA-01"]
    assert capped_rating("P", flaws) == "M" and capped_rating("P", flaws[:1]) == "S"
    assert capped_rating("U", flaws) == "U" and capped_rating("P", []) == "P"
    assert set_up_flaws(model, [{**set_up, "by": "model"}]) == []
    good = {"by": "command_centre", "village": "Ma", "stores": {"supermarket": ["MA-01"]}}
    assert set_up_flaws(model, [good]) == []
