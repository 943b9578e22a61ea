"""`rehearse calibrate --executor dask` on a real cluster (a LocalCluster of two worker
processes): the particles are those of the same calibration run in one process, since each
job's draws come from the root seed, not from the worker that runs it."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.cli.commands import main
from tests.support.calibration_fixtures import calibration_text, write_calibration

pytestmark = pytest.mark.dask


def test_a_calibration_on_a_dask_cluster_accepts_the_particles_of_one_process(tmp_path, capsys):
    from distributed import LocalCluster

    text = calibration_text(29.0).replace("max_populations = 3", "max_populations = 2")
    spec = write_calibration(tmp_path, text)
    assert main(["calibrate", str(spec), "--workers", "1", "--out", str(tmp_path / "here"),
                 "--quiet"]) == 0
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        assert main(["calibrate", str(spec), "--executor", "dask", "--scheduler",
                     cluster.scheduler_address, "--out", str(tmp_path / "dask")]) == 0
    said = capsys.readouterr().out
    assert "generation 2: tolerance" in said
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dask" / "posterior.parquet"),
                                  pd.read_parquet(tmp_path / "here" / "posterior.parquet"))
