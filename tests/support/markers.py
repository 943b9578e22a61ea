"""Markers given by folder: a folder's conftest marks the tests under it (or only those of some of
its files), since pytest hands a conftest's `pytest_collection_modifyitems` every test of the
session, not only its own folder's."""

from __future__ import annotations

from pathlib import Path

import pytest


def mark_under(items, folder: Path, marker: str, files: set[str] | None = None) -> None:
    """Add the marker `marker` to each test of `items` under `folder`, and if `files` is given
    only to those whose file is named in it."""
    for item in items:
        if item.path.is_relative_to(folder) and (files is None or item.path.name in files):
            item.add_marker(getattr(pytest.mark, marker))
