import os
import re

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
# slow (long runs). Given by folder in the folders' conftests (apps/drill/web/browser/ is all
# browser; apps/sweep/ marks its Dask file, project/ its README-figure file) and here by what a
# test uses, so a new test is marked without anyone remembering to.


USES_A_SERVED_PAGE = re.compile(r"(?<![A-Za-z_])served\(")  # tests/support/browser.py `served`, not `..._served(`


# The files that take longest (the junit report's times of a one-worker run): `make test` hands
# a file to a worker at a time (`--dist loadfile`), in the order collected, so these go first
# and the short files fill in around them, instead of one long file keeping a worker busy at
# the end.
LONGEST_FIRST = (
    "apps/sweep/test_sweep_noise.py", "cli/test_interrupt_with_workers.py",
    "apps/drill/web/test_drill_live_branch.py", "apps/calibrate/test_calibrate_lost_worker.py",
    "apps/sweep/test_sweep_growth.py", "cli/test_run_folders.py", "cli/test_cli.py",
    "apps/calibrate/test_calibrate_fit.py", "apps/compare/test_compare_runs.py",
    "apps/drill/test_drill_shadow_effects.py", "model/test_default_scenario.py",
    "apps/sweep/test_sweep_dask.py", "inputs/test_any_town.py", "apps/calibrate/test_calibrate.py",
    "apps/drill/test_drill_interactive.py", "apps/drill/test_drill_replay.py",
)


def _longest_first(item) -> int:
    path = item.nodeid.split("::", 1)[0].removeprefix("tests/")
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(config, items):
    import inspect

    import pytest

    items.sort(key=_longest_first)  # stable: each file's tests keep their order
    for item in items:
        try:
            source = inspect.getsource(item.function)
        except (OSError, TypeError, AttributeError):
            source = ""
        if "chromium_path" in source or USES_A_SERVED_PAGE.search(source):
            item.add_marker(pytest.mark.browser)
        if "readme" in item.name.lower():
            item.add_marker(pytest.mark.docs)


@pytest.fixture(scope="session")
def tiny_town_runs(tmp_path_factory):
    """(folder, printed): the tiny town run at seed 5 with V0 locked, in English (folder/en) and
    Chinese (folder/zh), once, with what each printed; test_i18n.py and test_i18n_reports.py read
    the reports, none writes in the folders."""
    from tests.support.drill_town import run_tiny_town

    folder = tmp_path_factory.mktemp("tiny-town-runs")
    return folder, run_tiny_town(folder)
