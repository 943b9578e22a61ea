"""Every test here drives the system's Chromium: marked `browser` (left out by `make test-fast`)."""

from pathlib import Path

from tests.support.markers import mark_under


def pytest_collection_modifyitems(config, items):
    mark_under(items, Path(__file__).parent, "browser")
