"""The README-figure tests rerun what the README and the manual quote, and the manual's build
test builds the whole manual: marked `docs` (left out by `make test-fast`)."""

from pathlib import Path

from tests.support.markers import mark_under


def pytest_collection_modifyitems(config, items):
    mark_under(items, Path(__file__).parent, "docs", files={"test_readme_figures.py", "test_manual_build.py"})
