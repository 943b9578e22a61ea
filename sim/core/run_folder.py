"""The one writer of run folders: everything goes to a temporary folder that is renamed
into place when complete, so a crash never leaves a folder that looks finished, and a run never
silently replaces a folder another run wrote while it was running."""

from __future__ import annotations

import datetime as dt
import errno
import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

from sim.core.atomic_files import OutputError, unique_sibling

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
    """Yields a temporary folder beside `final`; renames it to `final` if the block succeeds.

    The folder lands only on no folder, an empty one, or (with `overwrite`) the very folder that
    was there when the block started. If another writer landed `final` in the meantime, theirs is
    kept, this one's is removed and OutputError says so: never two successes with one result lost.
    """
    final = Path(final)
    check_target(final, overwrite)
    replacing = _identity(final)
    tmp = _make_partial_folder(final)
    try:
        yield tmp
        with _landing_lock(final.parent):
            _land(tmp, final, overwrite, replacing)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at this path (device, inode), or None: a folder replaced by another run
    has another identity even under the same name."""
    try:
        st = folder.stat()
    except (FileNotFoundError, NotADirectoryError):  # nothing there (or a file in the way)
        return None
    return st.st_dev, st.st_ino


def _make_partial_folder(final: Path) -> Path:
    """A new, uniquely named hidden folder beside `final`, created with the user's usual
    permissions (0777 less the umask; tempfile.mkdtemp would make it 0700, unreadable to
    colleagues)."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        while True:
            tmp = unique_sibling(final, "partial")
            try:
                tmp.mkdir()
                return tmp
            except FileExistsError:
                continue
    except OSError as exc:
        raise OutputError(f"{final}: cannot write there ({exc.strerror or exc})") from None


@contextmanager
def _landing_lock(parent: Path):
    """Holds an exclusive lock on the parent folder while a folder lands, so that checking what
    is at the target and renaming onto it are one step for every writer using this module."""
    try:
        import fcntl
    except ImportError:  # not POSIX: rename's own refusal of non-empty targets still holds
        fcntl = None
    fd = os.open(parent, os.O_RDONLY) if fcntl else None
    try:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def _land(tmp: Path, final: Path, overwrite: bool, replacing: tuple[int, int] | None) -> None:
    if final.is_dir() and any(final.iterdir()):
        if not overwrite:
            raise OutputError(
                f"{final}: another run wrote this folder while this one was running; it was kept "
                "and this run's results were not (choose another --out, or leave out --out for a "
                "folder of its own)")
        if _identity(final) != replacing:
            raise OutputError(
                f"{final}: another run replaced this folder while this one was running; its "
                "results were kept and this run's were not (--overwrite replaces only the folder "
                "that was there when the run started; run again to replace it)")
        trash = unique_sibling(final, "old")
        os.rename(final, trash)
        try:
            os.rename(tmp, final)
        except OSError:
            os.rename(trash, final)
            raise
        shutil.rmtree(trash, ignore_errors=True)
        return
    try:
        os.rename(tmp, final)  # onto no folder or an empty one; refused if anything is in it
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise OutputError(f"{final}: something else was written there while this run was "
                              "running; it was kept and this run's results were not") from None
        raise OutputError(f"{final}: cannot move the finished folder there "
                          f"({exc.strerror or exc}); this run's results were not kept") from None
