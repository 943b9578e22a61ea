"""Checking the README's marked figures against fresh runs, and rewriting them.

A fragment matches when its words are the fresh text's (line breaks and spacing aside), so
re-wrapping by hand is not a difference; a changed number or word is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.core.atomic_files import write_text_atomically
from tests.readme_figures.catalogue import FIGURES
from tests.readme_figures.markers import MarkerError, read_fragments, replace_fragments
from tests.readme_figures.wording import same_words


@dataclass(frozen=True)
class Difference:
    name: str
    line: int
    readme: str
    fresh: str

    def describe(self, source: str) -> str:
        return (f"{source}:{self.line}: figures {self.name!r} differ\n"
                f"  README:\n{_indent(self.readme)}\n  fresh:\n{_indent(self.fresh)}")


def marked_fragments(text: str, source: str, names: list[str]) -> dict:
    """The README's fragments; MarkerError if a marker is malformed, names an unknown figure,
    or a figure of `names` is not marked."""
    fragments = read_fragments(text, source)
    problems = [f"{source}:{f.line - 1}: figures {f.name!r} is not a known figure (known: "
                f"{', '.join(FIGURES)})" for f in fragments.values() if f.name not in FIGURES]
    problems += [f"{source}: figures {name!r} is not marked (add {name!r} markers around its "
                 f"text)" for name in names if name not in fragments]
    if problems:
        raise MarkerError("\n".join(problems))
    return fragments


def compute(names: list[str], workers: int) -> dict[str, str]:
    return {name: FIGURES[name].compute(workers) for name in names}


def differences(text: str, fresh: dict[str, str], source: str = "README.md") -> list[Difference]:
    """The fragments of `text` whose words differ from `fresh`, in README order."""
    fragments = marked_fragments(text, source, list(fresh))
    found = [Difference(name, fragments[name].line, fragments[name].text, body)
             for name, body in fresh.items() if not same_words(fragments[name].text, body)]
    return sorted(found, key=lambda d: d.line)


def rewrite(path: Path, fresh: dict[str, str]) -> list[str]:
    """Rewrite `path`'s fragments from `fresh` (atomically); the names that changed."""
    text = path.read_text(encoding="utf-8")
    fragments = marked_fragments(text, str(path), list(fresh))
    changed = [name for name, body in fresh.items() if fragments[name].text != body]
    if changed:
        write_text_atomically(path, replace_fragments(text, fresh))
    return changed


def _indent(text: str) -> str:
    return "\n".join(f"    | {line}" for line in text.rstrip("\n").splitlines())
