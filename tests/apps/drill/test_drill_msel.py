"""The inject list as an MSEL spreadsheet: export, import into TOML, and located errors."""

from __future__ import annotations

import csv

from sim.cli.commands import main
from tests.support.drill_town import write_drill


def test_msel_round_trip_gives_the_same_drill(tmp_path, capsys):
    spec = write_drill(tmp_path)
    sheet = tmp_path / "msel.csv"
    assert main(["drill", "msel", "export", str(spec), "--out", str(sheet)]) == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert list(rows[0])[:8] == ["number", "time", "inject type", "from", "to", "message",
                                 "expected action", "objective"]
    assert [r["number"] for r in rows] == [str(n) for n in range(1, 10)]
    quarantine = next(r for r in rows if r["id"] == "couriers-out")
    assert (quarantine["time"], quarantine["inject type"], quarantine["to"], quarantine["details"]) == (
        "2022-11-10 13:00", "courier_quarantine", "delivery_group", "couriers = 8")
    v1 = next(r for r in rows if r["id"] == "v1-locked")
    assert v1["time"] == "2022-11-10 12:00"  # day = 0.5

    rows[0]["message"] = "V0 is sealed, says the district office."
    rows[0]["from"] = "district office"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "again.toml"
    assert main(["drill", "msel", "import", str(sheet), "--into", str(spec), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'sender = "district office"' in text and "V0 is sealed, says the district office." in text
    assert 'default_option = "cap"' in text  # the decision kept from the drill file

    capsys.readouterr()
    assert main(["drill", str(out), "--check"]) == 0
    imported = capsys.readouterr().out.splitlines()[1:]
    assert main(["drill", str(spec), "--check"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == imported  # same times, kinds, targets, decisions


def test_a_bad_msel_is_reported_by_line_and_column(tmp_path, capsys):
    spec = write_drill(tmp_path)
    sheet = tmp_path / "msel.csv"
    assert main(["drill", "msel", "export", str(spec), "--out", str(sheet)]) == 0
    lines = sheet.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2022-11-10 09:00", "10/11/2022 9am").replace("demand_shock", "rumour")
    lines[3] = lines[3].replace(",V1,", ",V9,")
    lines[4] = lines[4].replace("couriers = 8", "couriers = eight")
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "bad.toml"
    capsys.readouterr()
    assert main(["drill", "msel", "import", str(sheet), "--into", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{sheet}:3: time: '10/11/2022 9am' is not a date and time; allowed: YYYY-MM-DD HH:MM" in err
    assert f"{sheet}:3: inject type: 'rumour'; allowed: village_locked," in err
    assert f"{sheet}:5: details: 'couriers = eight' is not key = value pairs" in err
    assert not out.exists()

    lines = sheet.read_text(encoding="utf-8").splitlines()
    export_again = tmp_path / "good.csv"
    assert main(["drill", "msel", "export", str(spec), "--out", str(export_again)]) == 0
    good = export_again.read_text(encoding="utf-8").splitlines()
    good[3] = good[3].replace(",V1,", ",V9,")
    export_again.write_text("\n".join(good) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["drill", "msel", "import", str(export_again), "--into", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{export_again}:4: target: unknown target for village_locked (village) 'V9'; allowed: V0, V1" in err
    assert not out.exists()
