"""How long a user waits at the prompt: `rehearse --help`, and `rehearse run SCENARIO` from the
prompt back to the prompt (start-up, building the town, the episode, writing every output),
each in a fresh process, timed from outside it as a shell would."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prompt_to_prompt_seconds(*args: str) -> float:
    """Wall seconds of `rehearse ARGS` in a fresh process (`python -m sim`, as the entry point)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run_seconds(scenario: str) -> float:
    """`rehearse run SCENARIO --quiet` into a fresh folder (its report and files written)."""
    with tempfile.TemporaryDirectory() as scratch:
        return prompt_to_prompt_seconds("run", scenario, "--quiet", "--out", str(Path(scratch) / "run"))


def help_seconds() -> float:
    return prompt_to_prompt_seconds("--help")
