"""The README-figure tests rerun what the README quotes, and the API page's notebook runs on a
kernel: both marked `docs` (left out by `make test-fast`)."""

from pathlib import Path

from tests.support.markers import mark_under


def pytest_collection_modifyitems(config, items):
    mark_under(items, Path(__file__).parent, "docs",
               files={"test_readme_figures.py", "test_api_notebook.py"})
