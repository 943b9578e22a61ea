"""The `rehearse` entry point (also `python -m sim`), kept free of imports.

The command line's modules take a second or more to import (pydantic, SciPy, Mesa, pandas);
Ctrl-C in that time must end the command like Ctrl-C at any other moment: one line and exit
status 130, never a traceback. So this module imports the command line inside the guard.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def main(argv: list[str] | None = None) -> int:
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
