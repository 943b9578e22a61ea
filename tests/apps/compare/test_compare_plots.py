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


def _cost_tick_labels(tmp_path, monkeypatch, costs: list[float]) -> list[str]:
    """The cost axis's tick labels of cost against service, as drawn."""
    import matplotlib.figure

    from sim.apps.compare.plots import plot_cost_against_service

    labels = []
    original = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        fig.canvas.draw()
        ax = fig.axes[0]
        low, high = ax.get_xlim()
        labels.extend(t.get_text() for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
                      if low <= x <= high)
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    names = [f"p{i}" for i in range(len(costs))]
    points = pd.DataFrame({"cost": costs, "service": [0.1 * (len(costs) - i) for i in range(len(costs))]},
                          index=names)
    per_condition = points.reset_index(names="policy")
    plot_cost_against_service(tmp_path / "c.png", points, per_condition, names, "depot_cost_total",
                              "unmet_energy_share", "min", names[-1], "study")
    return labels


def test_the_cost_axis_reads_in_whole_yuan_with_separators_and_never_repeats_a_label(tmp_path, monkeypatch):
    big = _cost_tick_labels(tmp_path, monkeypatch, [0.0, 2.2e6, 13e6, 43.7e6])
    assert "10,000,000" in big and all("e" not in label for label in big)
    narrow = _cost_tick_labels(tmp_path, monkeypatch, [100.1, 100.5, 101.3])
    assert len(narrow) == len(set(narrow)) >= 3
