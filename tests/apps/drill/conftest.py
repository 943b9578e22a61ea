"""The tiny drill played once for the replay and branch tests (here and in web/)."""

import pytest


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
