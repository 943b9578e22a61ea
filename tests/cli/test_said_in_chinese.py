"""What a command prints for people follows `--lang`: `validate`'s verdict and its problem
list's frame and notes, and `drill msel`'s report of what it wrote (the drill's own language by
default). Where a file is and which field stay as the file has them."""

from __future__ import annotations

from sim.cli.commands import main
from tests.support.paths import ROOT

DRILL_ZH = str(ROOT / "experiments" / "drill-beizang.zh.toml")


def test_validate_says_a_drill_file_is_valid_in_chinese(capsys):
    assert main(["validate", DRILL_ZH, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "这是演练文件" in out and "演练文件 'drill-beizang-zh' 有效" in out and "11 条注入" in out
    assert main(["validate", DRILL_ZH]) == 0
    assert "valid drill 'drill-beizang-zh'" in capsys.readouterr().out


def test_a_scenario_s_problems_are_framed_and_noted_in_chinese(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[run]\nhorizon_days = -1\n", encoding="utf-8")
    assert main(["validate", str(bad), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0].endswith("个问题：")
    assert f"{bad}:2: run.horizon_days:" in err  # where and which field, as the file has them
    assert "说明：情景各部分之间互相引用的名称" in err and "problem(s)" not in err and "note:" not in err
    missing = tmp_path / "child.toml"
    missing.write_text('extends = "nowhere.toml"\n', encoding="utf-8")
    assert main(["validate", str(missing), "--lang", "zh"]) == 2
    assert "`extends` 链上的每个文件都能读取之后再检查" in capsys.readouterr().err


def test_msel_says_what_it_wrote_in_the_drill_s_language(tmp_path, capsys):
    out = tmp_path / "msel.csv"
    assert main(["drill", "msel", "export", DRILL_ZH, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已将 11 条注入写入 {out}"
    assert main(["drill", "msel", "export", DRILL_ZH, "--out", str(tmp_path / "b.csv"), "--lang", "en"]) == 0
    assert "11 injects written to" in capsys.readouterr().out
    assert main(["drill", "msel", "export", DRILL_ZH, "--out", str(out), "--lang", "zh"]) == 2
    assert capsys.readouterr().err.startswith("错误：")
