"""A comparison's per-KPI plot stays readable when every outcome is the same, and names yuan
for costs."""

import matplotlib.image as mpimg
import pandas as pd

from sim.apps.compare.plots import plot_kpi
from sim.apps.sweep.plots import axis_label


def test_a_kpi_that_never_varies_gets_a_readable_axis(tmp_path, monkeypatch):
    table = pd.DataFrame({"policy": ["a", "b"], "mean": [0.0, 0.0], "ci_low": [0.0, 0.0],
                          "ci_high": [0.0, 0.0], "diff_mean": [float("nan"), 0.0],
                          "diff_ci_low": [float("nan"), 0.0], "diff_ci_high": [float("nan"), 0.0],
                          "p_holm": [float("nan"), 1.0]})
    outcomes = pd.DataFrame({"a": [0.0, 0.0], "b": [0.0, 0.0]})
    limits = []
    import matplotlib.figure

    original = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        limits.extend(ax.get_xlim() for ax in fig.axes)
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    path = plot_kpi(tmp_path / "k.png", "households_ever_without_energy", "min", table, outcomes,
                    ["a", "b"], "a", "study")
    assert mpimg.imread(path).shape[0] > 100
    assert [round(hi - lo, 6) for lo, hi in limits] == [1.0, 1.0, 1.0]


def test_depot_costs_are_labelled_in_yuan():
    assert axis_label("depot_cost_total") == "depot_cost_total (yuan)"
