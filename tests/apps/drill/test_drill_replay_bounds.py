"""A drill's decisions file replayed (`rehearse drill SPEC --decisions FILE`) is held to the room's
bounds: an action's amount past what the scenario makes sensible is refused with the file, the
line, the entry and field, and what is allowed (exit 2), before anything is simulated."""

from __future__ import annotations

import json

import pytest

from sim.cli.commands import main
from tests.support.drill_town import write_drill


def _action(seq: int, minute: float, role: str, action: str, fields: dict) -> dict:
    return {"minute": minute, "time": "2022-11-10 10:00", "role": role, "action": action, "fields": fields,
            "label": action, "result": "", "acted": True, "target": None, "target_serves_no_one": False,
            "seq": seq}


def _decisions_file(tmp_path, actions: list[dict]):
    """A room's decisions file with `actions` (the command centre left to the model)."""
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps({"drill": "tiny-drill", "seed": 7, "decisions": [], "live": {
        "model_set_up_at_start": True, "role_changes": [], "actions": actions, "channel_set_ups": [],
        "evaluations": []}}, indent=2), encoding="utf-8")
    return path


def test_a_replayed_amount_past_its_range_is_refused_where_it_is(tmp_path, capsys):
    spec = write_drill(tmp_path)
    path = _decisions_file(tmp_path, [
        _action(1, 600, "command_centre", "cap_orders", {"orders_per_household_day": 2}),
        _action(2, 610, "command_centre", "cap_orders", {"orders_per_household_day": 10**30}),
        _action(3, 620, "supply_group", "order_from_supplier",
                {"supplier": "wholesale market", "store": "SUP-0", "category": "staples", "units": 1e308}),
    ])
    out = tmp_path / "replay"
    assert main(["drill", str(spec), "--decisions", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    lines = path.read_text(encoding="utf-8").splitlines()
    cap_line = next(n for n, line in enumerate(lines, 1) if "1000000000000000000000000000000" in line)
    units_line = next(n for n, line in enumerate(lines, 1) if '"units": 1e+308' in line)
    assert (f"{path}:{cap_line}: live.actions[1].fields.orders_per_household_day: orders per household day: "
            f"10^30 is out of range; allowed: 1 to 10 (a higher cap caps nothing)") in err
    assert (f"{path}:{units_line}: live.actions[2].fields.units: units: 1e+308 is out of range; "
            "allowed: above 0 to") in err
    assert "live.actions[0]" not in err  # a cap of 2 is in range
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize("fields,said", [
    ({"couriers": 1_000_000}, "live.actions[0].fields.couriers: couriers: 1000000 is out of range; allowed: 1 to 100"),
    ({"couriers": -3}, "live.actions[0].fields.couriers: couriers: -3 is out of range; allowed: 1 to 100"),
])
def test_a_replayed_whitelist_past_its_range_is_refused_before_it_runs(tmp_path, capsys, fields, said):
    spec = write_drill(tmp_path)
    path = _decisions_file(tmp_path, [_action(1, 800, "delivery_group", "whitelist_couriers", fields)])
    assert main(["drill", str(spec), "--decisions", str(path), "--out", str(tmp_path / "r"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert said in err and f"{path}:" in err and "Traceback" not in err


def test_a_replayed_amount_in_range_is_carried_out(tmp_path):
    spec = write_drill(tmp_path)
    path = _decisions_file(tmp_path, [_action(1, 600, "command_centre", "cap_orders",
                                              {"orders_per_household_day": 10})])
    out = tmp_path / "replay"
    assert main(["drill", str(spec), "--decisions", str(path), "--out", str(out), "--quiet"]) == 0
    replayed = json.loads((out / "decisions.json").read_text(encoding="utf-8"))["live"]["actions"]
    assert [(a["action"], a["fields"]) for a in replayed] == [("cap_orders", {"orders_per_household_day": 10})]
