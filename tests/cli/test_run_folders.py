"""Run folders never clobber one another: unique default names, a landing that refuses a folder
another run wrote meanwhile (exit 2, what happened), and the user's usual permissions."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.cli.commands import main
from sim.core.atomic_files import OutputError
from sim.core.run_folder import atomic_run_folder, default_run_dir
from tests.support.paths import ROOT

SMALL_TOWN = ROOT / "experiments" / "small-town.toml"


def start_rehearse(*args, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def horizon_days(folder: Path) -> float:
    return json.loads((folder / "scenario.json").read_text())["run"]["horizon_days"]


def hidden_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_default_run_folder_names_differ_within_one_second(tmp_path):
    names = {default_run_dir("small-town", 1, tmp_path) for _ in range(200)}
    assert len(names) == 200
    assert all(n.name.startswith("small-town-seed1-") for n in names)


def test_two_runs_started_together_land_in_their_own_folders(tmp_path):
    """Two runs (--days 0.5 and --days 1) started together, with default folders."""
    half = start_rehearse("run", str(SMALL_TOWN), "--days", "0.5", "--quiet", cwd=tmp_path)
    whole = start_rehearse("run", str(SMALL_TOWN), "--days", "1", "--quiet", cwd=tmp_path)
    folders = {}
    for days, process in ((0.5, half), (1.0, whole)):
        code, out, err = finish(process)
        assert code == 0, err
        (line,) = [x for x in out.splitlines() if x.startswith("run folder: ")]
        folders[days] = tmp_path / line.removeprefix("run folder: ")
    assert folders[0.5] != folders[1.0]
    for days, folder in folders.items():
        assert horizon_days(folder) == days
        kpis = json.loads((folder / "kpis.json").read_text())
        assert kpis["orders_placed"] > 0
    assert (json.loads((folders[0.5] / "kpis.json").read_text())["orders_placed"]
            < json.loads((folders[1.0] / "kpis.json").read_text())["orders_placed"])
    assert hidden_leftovers(tmp_path / "results") == []


def test_two_runs_into_one_named_folder_one_succeeds_and_the_other_says_so(tmp_path):
    out = tmp_path / "run"
    processes = {days: start_rehearse("run", str(SMALL_TOWN), "--days", str(days), "--out", str(out),
                                      "--quiet", cwd=tmp_path) for days in (0.5, 1.0)}
    results = {days: finish(p) for days, p in processes.items()}
    codes = sorted(code for code, _, _ in results.values())
    assert codes == [0, 2], results
    (winner,) = [days for days, (code, _, _) in results.items() if code == 0]
    (loser_err,) = [err for code, _, err in results.values() if code == 2]
    assert f"{out}: " in loser_err and "Traceback" not in loser_err
    assert "another run wrote this folder" in loser_err or "already exists" in loser_err
    assert horizon_days(out) == winner
    assert hidden_leftovers(tmp_path) == []


def test_a_folder_written_during_the_run_is_kept_and_the_run_exits_2(tmp_path, monkeypatch, capsys):
    """The rename at the end refuses to land on a non-empty folder that appeared meanwhile."""
    from sim.model.town_model import TownModel

    out = tmp_path / "run"
    run_episode = TownModel.run_episode

    def another_run_lands_first(self, progress=None):
        out.mkdir()
        (out / "kpis.json").write_text("theirs")
        return run_episode(self, progress)

    monkeypatch.setattr(TownModel, "run_episode", another_run_lands_first)
    assert main(["run", str(SMALL_TOWN), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"error: {out}: another run wrote this folder while this one was running" in err
    assert (out / "kpis.json").read_text() == "theirs"
    assert hidden_leftovers(tmp_path) == []


def test_two_overwriters_of_one_folder_do_not_both_succeed(tmp_path):
    final = tmp_path / "run"
    final.mkdir()
    (final / "kpis.json").write_text("old")
    first = atomic_run_folder(final, overwrite=True)
    second = atomic_run_folder(final, overwrite=True)
    second_tmp = second.__enter__()  # started while the old folder was there
    with first as tmp:
        (tmp / "kpis.json").write_text("first")
    (second_tmp / "kpis.json").write_text("second")
    with pytest.raises(OutputError, match="another run replaced this folder while this one was running"):
        second.__exit__(None, None, None)
    assert (final / "kpis.json").read_text() == "first"
    assert hidden_leftovers(tmp_path) == []
    with atomic_run_folder(final, overwrite=True) as tmp:  # one that saw "first" may replace it
        (tmp / "kpis.json").write_text("third")
    assert (final / "kpis.json").read_text() == "third"


@given(before=st.sampled_from(["absent", "empty", "full"]), overwrite=st.booleans(),
       other=st.sampled_from([None, False, True]))
def test_a_landing_never_loses_a_result_silently(tmp_path_factory, before, overwrite, other):
    """Whatever was there and whoever lands meanwhile (`other`: no one, or another run with
    overwrite off/on): every writer that reports success has its result in the folder unless a
    later writer that saw it replaced it, and a writer that fails changes nothing."""
    parent = tmp_path_factory.mktemp("results")
    final = parent / "run"
    if before != "absent":
        final.mkdir()
    if before == "full":
        (final / "kpis.json").write_text("before")
    succeeded = []
    try:
        with atomic_run_folder(final, overwrite) as tmp:
            (tmp / "kpis.json").write_text("mine")
            if other is not None:
                try:
                    with atomic_run_folder(final, other) as theirs:
                        (theirs / "kpis.json").write_text("theirs")
                    succeeded.append("theirs")
                except OutputError:
                    pass
        succeeded.append("mine")
    except OutputError:
        pass
    assert "mine" not in succeeded or "theirs" not in succeeded  # mine never saw theirs
    expected = succeeded[-1] if succeeded else ("before" if before == "full" else None)
    shown = (final / "kpis.json").read_text() if (final / "kpis.json").exists() else None
    assert shown == expected
    if before == "full" and not overwrite:
        assert "mine" not in succeeded
    assert hidden_leftovers(parent) == []


@pytest.mark.parametrize("umask, folder_mode, file_mode", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_a_run_folder_has_the_users_usual_permissions(tmp_path, umask, folder_mode, file_mode):
    out = tmp_path / "run"
    previous = os.umask(umask)
    try:
        assert main(["run", str(SMALL_TOWN), "--out", str(out), "--quiet"]) == 0
    finally:
        os.umask(previous)
    modes = {p.relative_to(tmp_path): stat.S_IMODE(p.stat().st_mode)
             for p in [out, *out.rglob("*")]}
    assert modes[Path("run")] == folder_mode
    assert modes[Path("run/kpis.json")] == file_mode
    assert {m for p, m in modes.items() if (tmp_path / p).is_dir()} == {folder_mode}
    assert {m for p, m in modes.items() if (tmp_path / p).is_file()} == {file_mode}


def test_two_sweeps_starting_in_one_folder_do_not_replace_each_others_manifest(tmp_path, monkeypatch):
    """The other sweep's manifest lands between this one's check and its write."""
    from sim.apps.sweep import storage

    out = tmp_path / "sweep"
    theirs, mine = {"fingerprint": "theirs", "runs": []}, {"fingerprint": "mine", "runs": []}
    write_json = storage.write_json

    def the_other_sweep_writes_first(path, data, **how):
        write_json(path, theirs)
        write_json(path, data, **how)

    monkeypatch.setattr(storage, "write_json", the_other_sweep_writes_first)
    with pytest.raises(OutputError, match=r"sweep\.json: another process wrote this file meanwhile"):
        storage.open_sweep_dir(out, mine)
    assert storage.read_manifest(out)["fingerprint"] == "theirs"
    assert hidden_leftovers(out) == []


def test_an_order_names_each_of_its_fields_once():
    from sim.domain.orders import Order

    assert len(Order.__slots__) == len(set(Order.__slots__))
