"""The sweep tests' stored sweeps, run once per session; the Dask tests start a cluster: marked
`dask` (left out by `make test-fast`)."""

from pathlib import Path

import pytest

from tests.support.markers import mark_under


def pytest_collection_modifyitems(config, items):
    mark_under(items, Path(__file__).parent, "dask", files={"test_sweep_dask.py"})


@pytest.fixture(scope="session")
def stored_sweep(tmp_path_factory):
    """`stored_sweep(body)`: the output folder of a small-town sweep of spec text `body`, run
    once per test session (several files read the same Sobol sweeps)."""
    from tests.support.sweep_fixtures import StoredSweeps

    return StoredSweeps(tmp_path_factory.mktemp("stored-sweeps"))
