"""The layering holds as the code grows: the import contract of pyproject.toml, and SimPy's
internals touched only in sim/engine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# what SimPy keeps private: its event queue, event ids, clock, and event internals
SIMPY_INTERNALS = re.compile(r"\benv\._(queue|eid|now)\b|\b_ok\b|\b_value\b|from simpy\.(events|core) import")


def test_the_import_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_only_the_engine_knows_simpy_internals():
    offenders = []
    for path in sorted([*ROOT.glob("sim/**/*.py"), *ROOT.glob("agents/**/*.py")]):
        if path.parent.name == "engine":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SIMPY_INTERNALS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_internals_check_sees_an_offending_line():
    assert SIMPY_INTERNALS.search("heappush(env._queue, item)")
    assert SIMPY_INTERNALS.search("from simpy.events import NORMAL")
    assert not SIMPY_INTERNALS.search("yield env.timeout(5)")
