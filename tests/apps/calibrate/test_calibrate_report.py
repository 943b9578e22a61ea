"""The calibration's report: report.md and report.html with a prior-against-posterior plot per
parameter, the posterior's pairs, each target against the calibrated scenario's runs, and the
targets the model cannot meet (here one no value could reach: a village's channels opening
a thousand minutes after its lockdown, when the slowest set-up allowed takes under an hour)."""

from __future__ import annotations

import pytest

from sim.cli.commands import main
from tests.support.calibration_fixtures import calibration_text, write_calibration

UNREACHABLE = """
[[targets]]
statistic = "channel_open_minutes_median"
value = 1000
tolerance = 10

[[parameters]]
path = "command_centre.publish_minutes.high"
low = 2
high = 8
"""


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    text = calibration_text(24.0).replace("population_size = 12\nmax_populations = 3",
                                          "population_size = 10\nmax_populations = 2")
    spec = write_calibration(folder, text + UNREACHABLE)
    out = folder / "out"
    assert main(["calibrate", str(spec), "--out", str(out), "--quiet", "--workers", "1",
                 "--check-seeds", "3"]) == 0
    return out


def test_the_report_has_a_plot_per_parameter_the_pairs_and_each_target_s_check(reported):
    plots = sorted(p.name for p in (reported / "plots").iterdir())
    assert plots == ["check_channel_open_minutes_median.png", "check_channel_open_minutes_min.png",
                     "posterior_pairs.png",
                     "prior_posterior_command_centre_publish_minutes_high.png",
                     "prior_posterior_command_centre_reach_area_minutes_high.png"]
    assert all((reported / "plots" / p).stat().st_size > 5000 for p in plots)
    md = (reported / "report.md").read_text(encoding="utf-8")
    for plot in plots:
        assert f"(plots/{plot})" in md
    html = (reported / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(plots)


def test_the_report_says_which_target_the_model_cannot_meet(reported):
    md = (reported / "report.md").read_text(encoding="utf-8")
    unmet = md.split("## Targets the model cannot meet")[1]
    assert "- channel_open_minutes_median: observed 1000 ± 10, runs gave" in unmet
    assert "channel_open_minutes_min" not in unmet
    check = md.split("## Observed against simulated")[1].split("##")[0]
    rows = [line for line in check.splitlines() if line.startswith("| channel_open")]
    assert rows[0].endswith("| yes |") and rows[1].endswith("| no |"), rows
    assert "Targets the model cannot meet" in (reported / "report.html").read_text(encoding="utf-8")


def test_a_report_in_chinese_says_the_same_in_chinese(reported, tmp_path):
    import pandas as pd

    from sim.apps.calibrate.outputs import posterior_fits, posterior_summary
    from sim.apps.calibrate.predictive_check import run_check
    from sim.apps.calibrate.report import write_report
    from sim.apps.calibrate.spec import load_calibration_spec

    loaded = load_calibration_spec(reported.parent / "fit.toml")
    particles = pd.read_parquet(reported / "posterior.parquet")
    figures = pd.DataFrame({t.name: [0.0] * len(particles) for t in loaded.spec.targets})
    summary = posterior_summary(loaded, particles, figures, 2, "zh")
    check = run_check(loaded, posterior_fits(loaded, particles), 2)
    write_report(tmp_path, loaded, summary, particles, check, "zh")
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "模型无法达到的目标" in md and "channel_open_minutes_median" in md.split("模型无法达到的目标")[1]


@pytest.fixture
def drawn(monkeypatch):
    """The figures the plot functions make, laid out and drawn as when written, kept instead."""
    from sim.apps.calibrate import report_plots
    from sim.apps.report.png_file import tighten

    figures = []

    def keep(fig, path, title_inches=0.0):
        tighten(fig, title_inches)
        fig.canvas.draw()
        figures.append(fig)
        return path

    monkeypatch.setattr(report_plots, "_save", keep)
    return figures


BEIZANG_LIKE = ["households.types.migrant_renters.stock_days_at_lockdown.staples.high",
                "households.types.migrant_renters.stock_days_at_lockdown.vegetables.high",
                "households.first_day_order_share", "command_centre.publish_minutes.high"]


def test_every_panel_of_the_pairs_plot_names_its_axes_and_the_diagonal_says_what_it_shows(drawn, tmp_path):
    import numpy as np
    import pandas as pd

    from sim.apps.calibrate.report_plots import plot_pairs
    from sim.apps.calibrate.spec import FittedParameter
    from sim.core.i18n import translator

    parameters = [FittedParameter(path=path, low=1, high=5) for path in BEIZANG_LIKE[:3]]
    rng = np.random.default_rng(1)
    particles = pd.DataFrame({p.path: rng.uniform(1, 5, 20) for p in parameters})
    particles["weight"] = 1 / 20
    plot_pairs(parameters, particles, tmp_path / "pairs.png", translator("en"))
    axes = drawn[0].axes
    names = dict(zip(BEIZANG_LIKE, ["staples.high", "vegetables.high", "first_day_order_share"]))
    for i, row in enumerate(parameters):
        for j, column in enumerate(parameters):
            ax = axes[i * len(parameters) + j]
            assert names[column.path] in ax.get_xlabel(), (i, j)
            if i == j:
                assert ax.get_ylabel() == "share of the posterior's weight"
                assert ax.get_title() == f"posterior of {names[column.path]}"
            else:
                assert names[row.path] in ax.get_ylabel(), (i, j)


def test_the_pairs_plot_s_title_sits_above_every_panel(drawn, tmp_path):
    """Eight parameters' panels (Beizang's calibration) fill the picture: the title keeps a
    strip of its own instead of running into the top row's titles and ticks."""
    import numpy as np
    import pandas as pd

    from sim.apps.calibrate.report_plots import plot_pairs
    from sim.apps.calibrate.spec import FittedParameter
    from sim.core.i18n import translator

    parameters = [FittedParameter(path=f"{path}.{k}", low=1, high=5)
                  for k in range(2) for path in BEIZANG_LIKE]
    rng = np.random.default_rng(1)
    particles = pd.DataFrame({p.path: rng.uniform(1, 5, 20) for p in parameters})
    particles["weight"] = 1 / 20
    plot_pairs(parameters, particles, tmp_path / "pairs.png", translator("en"))
    fig = drawn[0]
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    assert title.y1 <= fig.bbox.y1
    top_row = fig.axes[:len(parameters)]
    assert all(ax.get_tightbbox(renderer).y1 < title.y0 for ax in top_row)


def test_a_pairs_panel_names_a_parameter_by_the_shortest_ending_no_other_shares():
    from sim.apps.calibrate.report_plots import short_names

    assert list(short_names(BEIZANG_LIKE).values()) == [
        "staples.high", "vegetables.high", "first_day_order_share", "publish_minutes.high"]
    assert short_names(["a.reach.high", "b.reach.high"]) == {"a.reach.high": "a.reach.high",
                                                             "b.reach.high": "b.reach.high"}


def test_the_check_plot_s_legend_covers_no_dot(drawn, tmp_path):
    """Here the last run's dot, the highest, lies at the right: under a legend in the top right
    corner of the axes."""
    import math

    from matplotlib.transforms import Bbox

    from sim.apps.calibrate.predictive_check import TargetCheck
    from sim.apps.calibrate.report_plots import plot_target_check
    from sim.apps.calibrate.spec import Target
    from sim.apps.report.cjk_font import fonts_for
    from sim.core.i18n import translator

    for lang in ("en", "zh"):
        check = TargetCheck(Target(kpi="channel_open_minutes_min", value=14, tolerance=1),
                            (15.1, 19.8, 20.5, 20.8, 26.0), 15.8, 25.0)
        with fonts_for(lang):
            plot_target_check(check, tmp_path / "check.png", translator(lang))
        fig = drawn[-1]
        ax = fig.axes[0]
        legend = ax.get_legend().get_window_extent()
        dots = ax.collections[0]
        radius = math.sqrt(dots.get_sizes()[0]) / 2 * fig.dpi / 72  # pixels
        for x, y in ax.transData.transform(dots.get_offsets()):
            disc = Bbox.from_extents(x - radius, y - radius, x + radius, y + radius)
            assert not legend.overlaps(disc), (lang, x, y)
        assert not legend.overlaps(ax.get_window_extent()), lang  # nor any data to come
        assert fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1, lang


def test_the_check_plot_s_green_band_says_whether_it_holds_a_tolerance(drawn, tmp_path):
    """A value is met within its tolerance, so its band is value ± tolerance; a range (here
    open below, as "within a quarter of an hour") is met only inside it, tolerance or not."""
    from sim.apps.calibrate.predictive_check import TargetCheck
    from sim.apps.calibrate.report_plots import plot_target_check
    from sim.apps.calibrate.spec import Target
    from sim.core.i18n import translator

    runs = (14.9, 15.4, 16.4)
    for target, label, band in (
            (Target(kpi="channel_open_minutes_min", value=14, tolerance=1),
             "observed (with its tolerance)", (13, 15)),
            (Target(kpi="channel_open_minutes_min", high=15, tolerance=2), "observed range", (None, 15))):
        plot_target_check(TargetCheck(target, runs, 14.95, 16.3), tmp_path / "check.png",
                          translator("en"))
        ax = drawn[-1].axes[0]
        patch = next(p for p in ax.patches if p.get_label() == label)
        x0, x1 = sorted(patch.get_x() + d for d in (0, patch.get_width()))
        if band[0] is not None:
            assert x0 == band[0]
        assert x1 == band[1]


def test_a_parameter_s_unit_is_the_nearest_one_along_its_path():
    """A home stock's category under `stock_days_at_lockdown` is in days, not a count."""
    from sim.apps.calibrate.report_plots import parameter_label
    from sim.core.i18n import translator

    tr = translator("en")
    assert parameter_label(BEIZANG_LIKE[0], tr) == f"{BEIZANG_LIKE[0]} (days)"
    assert parameter_label(BEIZANG_LIKE[0], tr, "staples.high") == "staples.high (days)"
    assert parameter_label("households.first_day_order_share", tr).endswith("(fraction 0–1)")
    assert parameter_label("command_centre.publish_minutes.high", tr).endswith("(minutes)")
    assert parameter_label("couriers.whitelist_size", tr).endswith("(couriers)")


def test_a_long_path_s_prior_plot_keeps_its_title_and_labels_inside_the_picture(drawn, tmp_path):
    import numpy as np
    import pandas as pd

    from sim.apps.calibrate.report_plots import plot_prior_posterior
    from sim.apps.calibrate.spec import FittedParameter
    from sim.apps.report.cjk_font import fonts_for
    from sim.core.i18n import translator

    p = FittedParameter(path=BEIZANG_LIKE[1], low=1, high=5)
    particles = pd.DataFrame({p.path: np.linspace(1.5, 4.5, 20), "weight": 1 / 20})
    for lang in ("en", "zh"):
        with fonts_for(lang):
            plot_prior_posterior(p, particles, tmp_path / "prior.png", translator(lang))
        fig = drawn[-1]
        ax = fig.axes[0]
        picture = fig.bbox
        for text in (ax.title, ax.xaxis.label, ax.yaxis.label):
            box = text.get_window_extent()
            assert picture.x0 <= box.x0 and box.x1 <= picture.x1, (lang, text.get_text())
            assert picture.y0 <= box.y0 and box.y1 <= picture.y1, (lang, text.get_text())
        assert p.path in ax.get_title()
