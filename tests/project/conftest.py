"""The README-figure tests rerun what the README and the manual quote, the manual's build test
builds the whole manual, and the API page's notebook runs on a kernel: all marked `docs` (left
out by `make test-fast`)."""

from pathlib import Path

from tests.support.markers import mark_under


def pytest_collection_modifyitems(config, items):
    mark_under(items, Path(__file__).parent, "docs",
               files={"test_readme_figures.py", "test_manual_build.py", "test_api_notebook.py"})
