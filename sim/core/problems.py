"""A problem in a user's file, with where it is: shared by the TOML and CSV readers so that both
report the same way (file:line: field: what is wrong, what is allowed)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from sim.core.phrase import said


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return self.said(str)

    def said(self, tr: Callable[[str], str]) -> str:
        """The problem in the language of `tr`: where and the field as the file has them, the
        message translated where the catalogue has it (a Phrase always)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = said(self.message, tr) if tr is not str else self.message
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"


class ScenarioError(Exception):
    """One or more problems in a user's files; `problems` lists them all, `notes` what could
    not be checked because of them (a check that needs a part that did not load)."""

    def __init__(self, problems: list[Problem], notes: list[str] | tuple[str, ...] = ()):
        self.problems = problems
        self.notes = list(notes)
        super().__init__("\n".join([str(p) for p in problems] + list(self.notes)))


def in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Each file's problems together, files in the order first met, each file's by line."""
    files = list(dict.fromkeys(p.file for p in problems))
    return sorted(problems, key=lambda p: (files.index(p.file), p.line or 0))


def print_problems(exc: ScenarioError, tr: Callable[[str], str], file=None) -> None:
    """The problems and notes of `exc` as a command prints them (standard error), in the
    language of `tr`."""
    file = file or sys.stderr
    print(tr("{count} problem(s):").format(count=len(exc.problems)), file=file)
    for problem in exc.problems:
        print(f"  {problem.said(tr)}", file=file)
    for note in exc.notes:
        print(tr("note: {note}").format(note=said(note, tr)), file=file)
