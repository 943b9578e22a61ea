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
        from sim.cli import main as run_command

        return run_command(argv)
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
