"""Checking the figures the README and the manual quote against fresh runs, and rewriting them.

The documents are README.md and every page of the manual, English and Chinese (docs/**/*.md, but
the reference pages generated into docs/reference/). A figure may be marked in several of them
(each occurrence is checked and rewritten) and must be marked in at least one. A fragment matches
when its words are the fresh text's (line breaks and spacing aside), so re-wrapping by hand is not
a difference; a changed number or word is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.core.atomic_files import write_text_atomically
from tests.readme_figures.catalogue import FIGURES
from tests.readme_figures.markers import MarkerError, read_fragments, replace_fragments
from tests.readme_figures.wording import same_words

MANUAL = "docs"
GENERATED = ("docs/reference/",)  # written from the code at each build: never marked by hand


@dataclass(frozen=True)
class Occurrence:
    """One marked fragment: the figure's name, the document (relative to the checkout) and the
    line of its first line of text."""

    name: str
    source: str
    line: int
    text: str


@dataclass(frozen=True)
class Difference:
    name: str
    source: str
    line: int
    quoted: str
    fresh: str

    def describe(self) -> str:
        return (f"{self.source}:{self.line}: figures {self.name!r} differ\n"
                f"  quoted:\n{_indent(self.quoted)}\n  fresh:\n{_indent(self.fresh)}")


def document_paths(root: Path) -> list[str]:
    """README.md and the manual's pages, relative to `root`, in a stable order."""
    pages = sorted(p.relative_to(root).as_posix() for p in (root / MANUAL).rglob("*.md"))
    return ["README.md"] + [p for p in pages if not p.startswith(GENERATED)]


def read_documents(root: Path) -> dict[str, str]:
    """Each document's text by its path relative to `root` (OSError if README.md is missing)."""
    return {source: (root / source).read_text(encoding="utf-8") for source in document_paths(root)}


def marked_occurrences(texts: dict[str, str], names: list[str]) -> list[Occurrence]:
    """Every marked fragment of every document, in document and line order. MarkerError lists
    every problem at once, each with its document and line: a malformed marker, a name no figure
    has, a figure of `names` marked in no document."""
    found, problems = [], []
    for source, text in texts.items():
        try:
            fragments = read_fragments(text, source)
        except MarkerError as exc:
            problems.append(str(exc))
            continue
        for fragment in sorted(fragments.values(), key=lambda f: f.line):
            if fragment.name in FIGURES:
                found.append(Occurrence(fragment.name, source, fragment.line, fragment.text))
            else:
                problems.append(f"{source}:{fragment.line - 1}: figures {fragment.name!r} is not a "
                                f"known figure (known: {', '.join(FIGURES)})")
    marked = {occurrence.name for occurrence in found}
    where = " or ".join(_document_kinds(texts))
    problems += [f"figures {name!r} is not marked in {where} (add {name!r} markers around its text "
                 f"where a page quotes it)" for name in names if name not in marked]
    if problems:
        raise MarkerError("\n".join(problems))
    return found


def compute(names: list[str], workers: int) -> dict[str, str]:
    return {name: FIGURES[name].compute(workers) for name in names}


def differences(texts: dict[str, str], fresh: dict[str, str]) -> list[Difference]:
    """Each marked occurrence of a figure of `fresh` whose words differ from the fresh text."""
    return [Difference(o.name, o.source, o.line, o.text, fresh[o.name])
            for o in marked_occurrences(texts, list(fresh))
            if o.name in fresh and not same_words(o.text, fresh[o.name])]


def rewrite(root: Path, fresh: dict[str, str]) -> dict[str, list[str]]:
    """Rewrite every occurrence of the figures of `fresh` in the documents under `root`
    (atomically, a document at a time, each only if something in it changed); the names that
    changed, by document. Nothing is written if a marker is wrong anywhere."""
    texts = read_documents(root)
    occurrences = marked_occurrences(texts, list(fresh))
    changed: dict[str, list[str]] = {}
    for o in occurrences:
        if o.name in fresh and o.text != fresh[o.name]:
            changed.setdefault(o.source, []).append(o.name)
    for source, names in changed.items():
        write_text_atomically(root / source, replace_fragments(texts[source], {n: fresh[n] for n in names}))
    return changed


def _document_kinds(texts: dict[str, str]) -> list[str]:
    kinds = [source for source in texts if "/" not in source]
    if any(source.startswith(f"{MANUAL}/") for source in texts):
        kinds.append(f"{MANUAL}/**/*.md")
    return kinds


def _indent(text: str) -> str:
    return "\n".join(f"    | {line}" for line in text.rstrip("\n").splitlines())
