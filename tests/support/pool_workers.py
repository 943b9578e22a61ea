"""The worker processes of a command's local pool, found from the command's process id: the
pool's workers are forked by multiprocessing's fork server, a child of the command, so they
are the command's grandchildren (read from /proc, Linux only)."""

from __future__ import annotations

from pathlib import Path


def parent_pid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def pool_workers(driver_pid: int) -> list[int]:
    """Worker processes of the driver's pool: children of its fork server."""
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    servers = {pid for pid in pids if parent_pid(pid) == driver_pid}
    return [pid for pid in pids if parent_pid(pid) in servers]


def square_dying_once(marks: str, dies: int, item: int) -> int:
    """`item` squared, run in a pool worker; the job of item `dies` kills its worker (SIGKILL)
    the first time it runs (a file in `marks` remembers it), of item -2 every time, and the
    job of item -1 raises."""
    import os
    import signal

    if item == -1:
        raise ValueError("no square for -1")
    mark = Path(marks) / str(item)
    if item == -2 or (item == dies and not mark.exists()):
        mark.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return item * item
