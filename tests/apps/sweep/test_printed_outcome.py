"""What a sweep and a comparison print when their runs end: one function for both, the same
counts said the same way, in the reader's language. A sweep's is its --lang, else its spec's
`lang`, else its base scenario's, else English, as a comparison's is."""

from __future__ import annotations

from pathlib import Path

from sim.apps.compare.runner import ComparisonOutcome
from sim.apps.sweep.growth import Growth
from sim.apps.sweep.printed_outcome import errors_and_status, print_outcome
from sim.apps.sweep.runner import SweepOutcome
from sim.apps.sweep.spec import load_sweep_spec
from sim.cli.commands import main
from tests.support.sweep_fixtures import SMALL_SWEEP, SMALL_TOWN, write_spec

TINY = SMALL_SWEEP.replace("horizon_days = 0.5", "horizon_days = 0.2").replace(
    "replications = 3", "replications = 2")
CHINESE_COUNTS = "计划8次运行；已保存{stored}次；本次运行{ran}次（完成{ran}次，失败0次，丢失0次），用时"


def _sweep(args: list[str], capsys) -> str:
    assert main(["sweep", *args, "--workers", "1", "--quiet"]) == 0
    return capsys.readouterr().out


def test_a_sweep_prints_what_it_ran_in_the_reader_s_language(tmp_path, capsys):
    out = str(tmp_path / "out")
    said = _sweep([str(write_spec(tmp_path, TINY)), "--out", out, "--lang", "zh"], capsys)
    assert said.splitlines()[0] == f"参数扫描文件夹：{out}"
    assert CHINESE_COUNTS.format(stored=0, ran=8) in said
    assert "次运行）" in said  # the pace, a sweep's alone
    assert "警告：重复运行少于5次（2次）" in said
    assert not any(word in said for word in ("sweep folder", "planned", "warning"))

    # the spec's language, when --lang does not say (the language is not part of the sweep)
    spec = write_spec(tmp_path, 'lang = "zh"\n' + TINY)
    assert CHINESE_COUNTS.format(stored=8, ran=0) in _sweep([str(spec), "--out", out], capsys)
    assert "sweep folder" in _sweep([str(spec), "--out", out, "--lang", "en"], capsys)

    # else the base scenario's, else English
    town = tmp_path / "town-zh.toml"
    town.write_text(Path(SMALL_TOWN).read_text(encoding="utf-8").replace(
        "[run]\n", '[run]\nlang = "zh"\n'), encoding="utf-8")
    spec = write_spec(tmp_path, TINY).read_text(encoding="utf-8").replace(str(SMALL_TOWN), str(town))
    (tmp_path / "from-town.toml").write_text(spec, encoding="utf-8")
    assert load_sweep_spec(tmp_path / "from-town.toml").report_language == "zh"
    assert load_sweep_spec(write_spec(tmp_path, TINY)).report_language == "en"


def _outcomes() -> tuple[SweepOutcome, ComparisonOutcome]:
    sweep = SweepOutcome(Path("sweeps/s"), 12, 8, finished=3, failed=1, run_seconds=2.0,
                         replications=4, growth=Growth(("replications 2 -> 4",), 4))
    comparison = ComparisonOutcome(Path("compare/c"), 12, 8, finished=3, failed=1, lost=0,
                                   run_seconds=2.0, replications=3, pool_restarts=1)
    return sweep, comparison


def test_a_sweep_and_a_comparison_say_their_counts_the_same_way(capsys):
    sweep, comparison = _outcomes()
    print_outcome(sweep, "sweep")
    print_outcome(comparison, "comparison")
    lines = capsys.readouterr().out.splitlines()
    few = ("warning: fewer than 5 replications ({n}): a 95% interval from so few runs rests on a "
           "spread that is itself barely known; read the intervals as rough and add replications "
           "before drawing conclusions")
    assert lines == [
        "sweep folder: sweeps/s",
        "extended: replications 2 -> 4 (+4 planned runs)",
        "planned 12 runs; 8 already stored; ran 4 (3 finished, 1 failed, 0 lost) in 2.0 s "
        "(2.00 runs/s)",
        few.format(n=4),
        "comparison folder: compare/c",
        "3 replications, 12 runs; 8 already stored; ran 4 (3 finished, 1 failed, 0 lost) in 2.0 s",
        few.format(n=3),
        "the local pool was restarted 1 time(s) after a worker died; its unfinished runs were "
        "run again",
    ]


def test_in_chinese_too_with_the_failures_and_lost_runs(capsys):
    sweep, comparison = _outcomes()
    sweep.lang = comparison.lang = "zh"
    print_outcome(sweep, "sweep")
    print_outcome(comparison, "comparison")
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == ["参数扫描文件夹：sweeps/s", "已扩展：replications 2 -> 4（计划运行增加4次）",
                         "计划12次运行；已保存8次；本次运行4次（完成3次，失败1次，丢失0次），用时2.0秒"
                         "（每秒2.00次运行）"]
    assert lines[4:6] == ["方案比较文件夹：compare/c",
                          "重复运行3次，共12次运行；已保存8次；本次运行4次（完成3次，失败1次，丢失0次），用时2.0秒"]
    assert lines[-1].startswith("有工作进程退出，本地进程池已重启1次")

    comparison.lost, comparison.errors = 2, [f"run-{i}: lost" for i in range(12)]
    assert errors_and_status(comparison) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:10] == [f"  run-{i}: lost" for i in range(10)]
    assert err[10:] == ["  ……另有2条", "部分运行随工作进程一起丢失；请再次运行同一命令以完成"]
