"""The one way to write an output file: to a temporary file beside it, then renamed into place,
so a reader sees the old file or the new one, never half of one.

Each temporary name is unique (process id and random letters), so two writers of the same file,
in two processes or two threads, never write into the same temporary file. The random letters
name files only; they are not simulation randomness (see sim/core/random_streams.py for that).
"""

from __future__ import annotations

import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written where the user asked (exit 2, nothing written)."""


def unique_sibling(path: Path, tag: str) -> Path:
    """A hidden name beside `path` that no other writer picks: `.<name>.<tag>-<pid>-<random>`."""
    path = Path(path)
    return path.with_name(f".{path.name}.{tag}-{os.getpid()}-{secrets.token_hex(4)}")


@contextmanager
def atomic_file(path: Path, replace: bool = True):
    """Yields a temporary path beside `path` to write; when the block succeeds it becomes `path`
    in one step. With `replace=False` a file that exists by then (another process wrote it
    meanwhile) is kept and OutputError is raised instead of replacing it."""
    path = Path(path)
    tmp = unique_sibling(path, "tmp")
    try:
        yield tmp
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if `path` exists: no check-then-write gap
            except FileExistsError:
                raise OutputError(f"{path}: another process wrote this file meanwhile; "
                                  "it was kept and this one was not written") from None
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str, replace: bool = True) -> None:
    with atomic_file(path, replace) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(path: Path, data: dict, replace: bool = True) -> None:
    """JSON with a fixed layout, so equal data gives byte-identical files."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    write_text_atomically(path, text, replace)
