"""Finding and replacing the marked figures of one document (the README, a page of the manual).

A fragment is the lines between `<!-- figures: NAME -->` and `<!-- /figures: NAME -->`, each
marker on a line of its own (an HTML comment: invisible when the page is rendered). Both
ends carry the name, so a rewrite never swallows text up to the wrong end marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

START = re.compile(r"^<!-- figures: (?P<name>[a-z0-9-]+) -->$")
END = re.compile(r"^<!-- /figures: (?P<name>[a-z0-9-]+) -->$")
LOOKS_LIKE_MARKER = re.compile(r"^<!--\s*/?\s*figures\b")  # a marker mistyped; prose may quote one


class MarkerError(Exception):
    """A document's markers are malformed (a user's mistake: exit 2)."""


@dataclass(frozen=True)
class Fragment:
    name: str
    text: str  # the lines between the markers, with their final newline
    line: int  # the document's line of the first line of text (1-based)


def start_marker(name: str) -> str:
    return f"<!-- figures: {name} -->"


def end_marker(name: str) -> str:
    return f"<!-- /figures: {name} -->"


def read_fragments(text: str, source: str = "README.md") -> dict[str, Fragment]:
    """Every marked fragment by name; MarkerError lists every malformed marker at once."""
    fragments, problems = {}, []
    open_name, open_line, body = None, 0, []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.strip()
        start, end = START.match(stripped), END.match(stripped)
        if start:
            if open_name is not None:
                problems.append(f"{source}:{number}: figures {start['name']!r} starts inside "
                                f"{open_name!r} (opened on line {open_line}); close it first "
                                f"with {end_marker(open_name)}")
            open_name, open_line, body = start["name"], number, []
        elif end:
            if open_name is None:
                problems.append(f"{source}:{number}: {stripped} closes nothing")
            elif end["name"] != open_name:
                problems.append(f"{source}:{number}: {stripped} closes {open_name!r} "
                                f"(opened on line {open_line}); expected {end_marker(open_name)}")
            elif open_name in fragments:
                problems.append(f"{source}:{open_line}: figures {open_name!r} is marked twice "
                                f"(first on line {fragments[open_name].line - 1})")
            else:
                fragments[open_name] = Fragment(open_name, "".join(body), open_line + 1)
            open_name = None
        elif LOOKS_LIKE_MARKER.match(stripped):
            problems.append(f"{source}:{number}: not a figures marker: {stripped!r}; expected "
                            f"a line holding only {start_marker('NAME')} or {end_marker('NAME')}")
        elif open_name is not None:
            body.append(line)
    if open_name is not None:
        problems.append(f"{source}:{open_line}: figures {open_name!r} is never closed "
                        f"(expected {end_marker(open_name)})")
    if problems:
        raise MarkerError("\n".join(problems))
    return fragments


def replace_fragments(text: str, fresh: dict[str, str]) -> str:
    """`text` with each named fragment's lines replaced by `fresh[name]`; the markers and
    everything outside them are kept byte for byte."""
    read_fragments(text)  # refuse malformed markers before touching anything
    out, skipping = [], None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if skipping is not None:
            if END.match(stripped) and END.match(stripped)["name"] == skipping:
                out.append(line)
                skipping = None
            continue
        out.append(line)
        start = START.match(stripped)
        if start and start["name"] in fresh:
            body = fresh[start["name"]]
            out.append(body if body.endswith("\n") else body + "\n")
            skipping = start["name"]
    return "".join(out)
