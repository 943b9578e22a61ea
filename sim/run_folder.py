"""The one writer of run folders: everything goes to a temporary folder that is renamed
into place when complete, so a crash never leaves a folder that looks finished."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from sim.atomic_files import OutputError  # noqa: F401  (raised here; callers catch it from here)

RESULTS_DIR = Path("results")


def default_run_dir(scenario_name: str, seed: int, results: Path = RESULTS_DIR) -> Path:
    """`<results>/<name>-seed<N>-<yyyymmdd>-<hhmmss.mmm>-<6 random hex digits>`: runs started
    in the same second (or millisecond) each get a folder of their own."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S.%f")[:-3]
    return results / f"{scenario_name}-seed{seed}-{stamp}-{secrets.token_hex(3)}"


def check_target(final: Path, overwrite: bool = False) -> None:
    if final.exists() and not final.is_dir():
        raise OutputError(f"{final}: is a file, not a folder; choose another --out")
    if final.exists() and not overwrite and any(final.iterdir()):
        raise OutputError(f"{final}: already exists; choose another --out or pass --overwrite")


@contextmanager
def atomic_run_folder(final: Path, overwrite: bool = False):
    """Yields a temporary folder beside `final`; renames it to `final` if the block succeeds."""
    final = Path(final)
    check_target(final, overwrite)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.partial-", dir=final.parent))
    except OSError as exc:
        raise OutputError(f"{final}: cannot write there ({exc.strerror or exc})") from None
    try:
        yield tmp
        if final.exists():
            trash = final.with_name(f".{final.name}.old-{os.getpid()}")
            os.rename(final, trash)
            os.rename(tmp, final)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

