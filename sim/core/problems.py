"""A problem in a user's file, with where it is: shared by the TOML and CSV readers so that both
report the same way (file:line: field: what is wrong, what is allowed)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return self.told(self.message)

    def told(self, message: str) -> str:
        """The problem with `message` in place of its own (its message in another language):
        where and the field stay as the file has them."""
        where = f"{self.file}:{self.line}" if self.line else self.file
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
