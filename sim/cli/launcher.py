"""The `rehearse` entry point (also `python -m sim`), kept free of imports.

The command line's modules take a second or more to import (pydantic, SciPy, Mesa, pandas);
Ctrl-C in that time must end the command like Ctrl-C at any other moment: one line and exit
status 130, never a traceback. So this module imports the command line inside the guard.
"""

from __future__ import annotations

import signal
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
ASK_AGAIN_SECONDS = 0.01


def main(argv: list[str] | None = None) -> int:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGALRM, _interrupt)
    try:
        from sim.cli.commands import main as run_command

        status = run_command(argv)
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        status = EXIT_INTERRUPTED
    _forget_interrupts_inside_exec()
    return status


def _forget_interrupts_inside_exec() -> None:
    """CPython remembers a KeyboardInterrupt that left code run by `exec` of a string (as
    dataclasses build their methods while a module is imported) and, at exit, kills the process
    with SIGINT although the command caught it and chose its exit status. Running any string
    resets that memory, so the status the command chose is the one the shell sees."""
    exec("")


def _interrupt(signum, frame) -> None:
    """Ctrl-C as a KeyboardInterrupt, except inside code where Python would print it and carry
    on (an import's module-lock callback, as a command imports its libraries, or a `__del__`):
    there the interrupt is asked for again a moment later, out of it, so it is never lost."""
    if frame is not None and frame.f_code.co_name in ("cb", "__del__"):
        signal.setitimer(signal.ITIMER_REAL, ASK_AGAIN_SECONDS)
        return
    raise KeyboardInterrupt
