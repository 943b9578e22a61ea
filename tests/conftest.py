import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=300, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# Markers for the edit loop (`make test-fast` leaves these out; `make test` runs everything):
# browser (drives Chromium), dask (starts a Dask cluster), docs (reruns what the README quotes),
# slow (long runs). Given here by file or by what a test uses, so a new test is marked without
# anyone remembering to.
BROWSER_FILES = {"test_drill_web_browser.py", "test_drill_web_beizang.py", "test_drill_web_chinese.py"}
DASK_FILES = {"test_sweep_dask.py"}
DOCS_FILES = {"test_readme_figures.py"}


def pytest_collection_modifyitems(config, items):
    import inspect

    import pytest

    for item in items:
        name = item.path.name
        try:
            source = inspect.getsource(item.function)
        except (OSError, TypeError, AttributeError):
            source = ""
        if name in BROWSER_FILES or "chromium_path" in source or "served(" in source:
            item.add_marker(pytest.mark.browser)
        if name in DASK_FILES:
            item.add_marker(pytest.mark.dask)
        if name in DOCS_FILES or "readme" in item.name.lower():
            item.add_marker(pytest.mark.docs)


@pytest.fixture(scope="session")
def stored_sweep(tmp_path_factory):
    """`stored_sweep(body)`: the output folder of a small-town sweep of spec text `body`, run
    once per test session (several files read the same Sobol sweeps)."""
    from tests.support.sweep_fixtures import StoredSweeps

    return StoredSweeps(tmp_path_factory.mktemp("stored-sweeps"))


@pytest.fixture(scope="session")
def tiny_drill_played(tmp_path_factory):
    """(drill file, run folder): the tiny drill (tests/support/drill_town.py) played at the
    terminal with its defaults, once; the replay and branch tests read it, none writes in it."""
    from sim.cli.commands import main
    from tests.support.drill_town import write_drill

    folder = tmp_path_factory.mktemp("tiny-drill")
    spec = write_drill(folder)
    assert main(["drill", str(spec), "--out", str(folder / "original"), "--quiet"]) == 0
    return spec, folder / "original"


@pytest.fixture(scope="session")
def tiny_town_runs(tmp_path_factory):
    """(folder, printed): the tiny town run at seed 5 with V0 locked, in English (folder/en) and
    Chinese (folder/zh), once, with what each printed; test_i18n.py and test_i18n_reports.py read
    the reports, none writes in the folders."""
    from tests.support.drill_town import run_tiny_town

    folder = tmp_path_factory.mktemp("tiny-town-runs")
    return folder, run_tiny_town(folder)
