"""MSEL export and import never replace an existing file unless told to (`--overwrite`)."""

from __future__ import annotations

from sim.cli.commands import main
from tests.support.drill_town import write_drill


def test_msel_export_and_import_keep_an_existing_file(tmp_path, capsys):
    spec = write_drill(tmp_path)
    sheet = tmp_path / "msel.csv"
    sheet.write_text("the trainer's own notes\n", encoding="utf-8")
    assert main(["drill", "msel", "export", str(spec), "--out", str(sheet)]) == 2
    err = capsys.readouterr().err
    assert f"{sheet} exists; nothing was written" in err and "--overwrite" in err
    assert sheet.read_text(encoding="utf-8") == "the trainer's own notes\n"
    assert main(["drill", "msel", "export", str(spec), "--out", str(sheet), "--overwrite"]) == 0
    assert sheet.read_text(encoding="utf-8").startswith("number,time,inject type")

    drill_file = tmp_path / "edited.toml"
    drill_file.write_text("# hand-edited, not to lose\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["drill", "msel", "import", str(sheet), "--into", str(spec), "--out", str(drill_file)]) == 2
    err = capsys.readouterr().err
    assert f"{drill_file} exists; nothing was written" in err and "Traceback" not in err
    assert drill_file.read_text(encoding="utf-8") == "# hand-edited, not to lose\n"
    assert main(["drill", "msel", "import", str(sheet), "--into", str(spec), "--out", str(drill_file),
                 "--overwrite"]) == 0
    assert "[[injects]]" in drill_file.read_text(encoding="utf-8")
