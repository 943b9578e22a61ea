"""The one atomic writer: whole files or nothing, unique temporary names, refusal to replace
a file another process wrote when asked not to."""

import json
import re
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.atomic_files import (
    OutputError,
    atomic_file,
    unique_sibling,
    write_json,
    write_text_atomically,
)
from tests.support.paths import ROOT

SIM = ROOT / "sim"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@given(data=st.dictionaries(st.text(max_size=8), json_values, max_size=5))
def test_write_json_round_trips_and_leaves_only_the_file(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("json")
    path = folder / "kpis.json"
    write_json(path, data)
    first = path.read_bytes()
    write_json(path, data)
    assert path.read_bytes() == first  # equal data, byte-identical file
    assert json.loads(first) == data
    assert [p.name for p in folder.iterdir()] == ["kpis.json"]


def test_temporary_names_are_unique_and_hidden_beside_the_file(tmp_path):
    names = {unique_sibling(tmp_path / "report.html", "tmp") for _ in range(1000)}
    assert len(names) == 1000
    assert all(n.parent == tmp_path and n.name.startswith(".report.html.tmp-") for n in names)


def test_writers_of_one_file_in_parallel_never_share_a_temporary_file(tmp_path):
    """Eight threads (one process id) rewrite one file; with a temporary name shared between
    writers, one's rename would fail or land another's half-written text."""
    path = tmp_path / "after-action.md"
    texts = [f"writer {n}\n" + "x" * 200_000 * (n + 1) for n in range(8)]
    errors = []

    def write_many(text):
        try:
            for _ in range(15):
                write_text_atomically(path, text)
        except Exception as exc:  # collected so the test can show it
            errors.append(exc)

    threads = [threading.Thread(target=write_many, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert path.read_text() in texts
    assert [p.name for p in tmp_path.iterdir()] == ["after-action.md"]


def test_a_file_written_meanwhile_is_kept_when_replacing_is_not_allowed(tmp_path):
    path = tmp_path / "sweep.json"
    with pytest.raises(OutputError, match=r"sweep\.json: another process wrote this file meanwhile"):
        with atomic_file(path, replace=False) as tmp:
            tmp.write_text("mine")
            path.write_text("theirs")  # lands while this writer is busy
    assert path.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.json"]
    write_json(tmp_path / "new.json", {"a": 1}, replace=False)
    assert json.loads((tmp_path / "new.json").read_text()) == {"a": 1}


def test_a_writer_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "kpis.json"
    write_json(path, {"orders_placed": 1})
    with pytest.raises(ValueError):
        write_json(path, {"fill_rate": float("nan")})  # not JSON: refused mid-write
    with pytest.raises(RuntimeError):
        with atomic_file(path) as tmp:
            tmp.write_text("half")
            raise RuntimeError("power cut")
    assert json.loads(path.read_text()) == {"orders_placed": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["kpis.json"]


def test_only_the_atomic_writers_rename_files_into_place():
    """One writer: no module writes its own temporary-file-and-rename helper again."""
    renames = re.compile(r"os\.replace\(|os\.rename\(|\.replace\([^)]*\.tmp|\.rename\(")
    writers = {"atomic_files.py", "run_folder.py"}
    found = [f"{p.relative_to(SIM)}:{n}" for p in SIM.rglob("*.py") if p.name not in writers
             for n, line in enumerate(p.read_text().splitlines(), 1) if renames.search(line)]
    assert found == []
