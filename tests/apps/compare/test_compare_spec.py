"""A compare spec's mistakes: file, line and field, exit 2, and nothing runs or is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli.commands import main
from tests.support.sweep_fixtures import SMALL_TOWN

GOOD = f"""base_scenario = "{SMALL_TOWN}"
root_seed = 1
replications = 3
kpis = [
  {{ name = "orders_delivered", goal = "max" }},
]

[[policies]]
name = "few"
set = {{ "couriers.whitelist_size" = 2 }}

[[policies]]
name = "many"
set = {{ "couriers.whitelist_size" = 20 }}
"""


def _check(tmp_path: Path, text: str, capsys) -> tuple[int, str, Path]:
    spec = tmp_path / "bad.toml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["compare", str(spec), "--out", str(out), "--quiet"])
    return status, capsys.readouterr().err, spec


@pytest.mark.parametrize("old, new, line, field, says", [
    ('goal = "max"', 'goal = "most"', 5, "kpis[0].goal", "'min' or 'max'"),
    ('name = "orders_delivered"', 'name = "orders_delivred"', 5, "kpis[0].name",
     "did you mean 'orders_delivered'?"),
    ('"couriers.whitelist_size" = 20', '"couriers.whitelist_sise" = 20', 14,
     "policies[1].set.couriers.whitelist_sise", "no field 'whitelist_sise'"),
    ('"couriers.whitelist_size" = 2 }', '"couriers.whitelist_size" = -2 }', 10,
     "policies[0].set.couriers.whitelist_size", "greater than or equal to 0"),
    ('replications = 3', 'replications = 3\nbaseline = "fewer"', 4, "baseline",
     "did you mean 'few'?"),
    ('name = "many"', 'name = "few"', 13, "policies[1].name", "used twice"),
    ('replications = 3', 'replications = 3\nprecision = { kpi = "orders_delivered", '
     'relative_half_width = 0.1, max_replications = 9 }', None, "(top level)", "not both"),
])
def test_a_bad_spec_exits_2_naming_file_line_and_field(tmp_path, capsys, old, new, line,
                                                        field, says):
    assert old in GOOD
    status, err, spec = _check(tmp_path, GOOD.replace(old, new), capsys)
    assert status == 2
    where = f"{spec}:{line}" if line else f"{spec}"
    assert f"{where}: {field}: " in err, err
    assert says in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_validate_tells_a_compare_file_and_checks_it(tmp_path, capsys):
    spec = tmp_path / "good.toml"
    spec.write_text(GOOD, encoding="utf-8")
    assert main(["validate", str(spec)]) == 0
    assert "valid comparison 'good'" in capsys.readouterr().out
    spec.write_text(GOOD.replace('goal = "max"', 'goal = "up"'), encoding="utf-8")
    assert main(["validate", str(spec)]) == 2
    assert f"{spec}:5: kpis[0].goal" in capsys.readouterr().err
