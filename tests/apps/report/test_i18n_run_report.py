"""The run report's last English pieces in Chinese: the binding-constraint column and its day
labels, dates on the plots' time axes (`11月10日`), and the printed KPI table, whose columns line
up in a terminal where a Chinese character is two columns wide."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from sim.apps.kpi_table import display_width, pad, print_kpi_table
from sim.apps.report.constraints import constraint_rows
from sim.apps.report.date_axis import date_formatter, day_label, day_time_label
from sim.cli.commands import main
from sim.core.i18n import language_of, translator
from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel
from tests.support.drill_town import write_town

ENGLISH_MONTHS = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


@pytest.fixture(scope="module")
def short_of_couriers():
    """One courier for two villages: couriers bind every day."""
    model = TownModel(small_town(villages=2, population=1000, horizon_days=1.5,
                                 couriers={"whitelist_size": 1, "max_batch_orders": 5}))
    model.run_episode()
    return model.timeseries.to_pandas()


def test_the_binding_constraint_column_reads_in_chinese(short_of_couriers):
    en_header, en_rows = constraint_rows(short_of_couriers)
    zh_header, zh_rows = constraint_rows(short_of_couriers, translator("zh"))
    assert zh_header[-1] == "瓶颈" and en_header[-1] == "binding constraint"
    assert len(zh_rows) == len(en_rows) >= 2
    for en, zh in zip(en_rows, zh_rows, strict=True):
        assert en[-1].startswith("couriers (") and zh[-1].startswith("骑手（")
        assert not re.search(r"[A-Za-z]", zh[-1]), zh[-1]   # no English word left
        assert zh[1:-2] == en[1:-2]                          # the same figures
        assert re.fullmatch(r"1[12]月\d{1,2}日", zh[0]) and re.fullmatch(r"\d\d [A-Z][a-z]{2}", en[0])
    # the figures inside the sentence are the English one's
    assert re.findall(r"\d[\d,]*", zh_rows[0][-1]) == re.findall(r"\d[\d,]*", en_rows[0][-1])


def test_translators_know_their_language():
    assert language_of(translator("zh")) == "zh" and language_of(translator("en")) == "en"
    assert language_of(str) == "en"  # any other function: English


def test_days_are_written_as_each_language_writes_them():
    day = datetime(2022, 11, 5, 2, 24)
    assert day_label(day, "zh") == "11月5日" and day_label(day, "en") == "05 Nov"
    assert day_time_label(day, "zh") == "11月5日 02:24"


@pytest.mark.parametrize("days", [3, 20])
def test_time_axes_carry_chinese_dates(days):
    start = datetime(2022, 11, 3)
    times = [start + timedelta(hours=h) for h in range(24 * days)]
    labels = {}
    for lang in ("en", "zh"):
        fig = Figure()
        ax = fig.add_subplot()
        ax.plot(times, range(len(times)))
        locator = ax.xaxis.get_major_locator()
        ax.xaxis.set_major_formatter(date_formatter(locator, lang))
        fig.canvas.draw()
        labels[lang] = ([t.get_text() for t in ax.get_xticklabels()]
                        + [ax.xaxis.get_major_formatter().get_offset()])
    assert any(ENGLISH_MONTHS.search(t) for t in labels["en"])
    assert not any(ENGLISH_MONTHS.search(t) for t in labels["zh"]), labels["zh"]
    # days as 11月5日 (or 5日 under a month's offset), the offset with its year
    day = r"1[12]月\d{1,2}日" if days < 10 else r"\d{1,2}日"
    assert any(re.fullmatch(day, t) for t in labels["zh"][:-1]), labels["zh"]
    assert labels["zh"][-1].startswith("2022年11月"), labels["zh"]
    assert not any(re.search(r"(?<!\d)0\d[月日]", t) for t in labels["zh"])  # 11月5日, not 11月05日
    assert len(labels["zh"]) == len(labels["en"])


def test_display_width_counts_chinese_characters_as_two_columns():
    assert display_width("orders_placed") == 13
    assert display_width("骑手") == 4 and display_width("指标键（英文）") == 14
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert pad("骑手", 6) == "骑手  " and pad("骑手", 6, ">") == "  骑手"


@given(st.text(alphabet=st.sampled_from("ab1_ 骑手（）：·"), max_size=12), st.integers(0, 30))
def test_padding_reaches_the_width_asked(text, width):
    padded = pad(text, width)
    assert padded.startswith(text) and set(padded[len(text):]) <= {" "}
    assert display_width(padded) == max(width, display_width(text))


def _printed(kpis: dict, lang: str) -> list[str]:
    out = io.StringIO()
    with redirect_stdout(out):
        print_kpi_table(kpis, lang)
    return out.getvalue().splitlines()


def test_the_chinese_kpi_table_lines_up_in_a_terminal():
    # the heading 指标键（英文） is 7 characters but 14 columns, wider than either key
    kpis = {"seed": 5, "orders_placed": 1234, "fill_rate": 0.91}
    lines = _printed(kpis, "zh")
    assert lines[0].split() == ["指标键（英文）", "数值", "指标"]
    value_columns, label_columns = set(), set()
    for line in lines:
        first, second, *rest = re.finditer(r"\S+", line)
        value_columns.add(display_width(line[:second.start()]))
        if rest:
            label_columns.add(display_width(line[:rest[0].start()]))
    assert value_columns == {14 + 2}  # the heading's width and two spaces
    assert len(label_columns) == 1
    assert lines[2].endswith("下单数") and "1,234" in lines[2]


def test_a_scenario_in_chinese_gives_a_chinese_report_with_its_villages_chinese_names(tmp_path, monkeypatch):
    """`[run] lang = "zh"` is the run's language without --lang; `name_zh` is what the plots show."""
    town = write_town(tmp_path)
    text = town.read_text(encoding="utf-8")
    text = text.replace('name = "tiny-town"', 'name = "tiny-town"\nlang = "zh"')
    text = text.replace('name = "V0"\n', 'name = "V0"\nname_zh = "零号村"\n')
    town.write_text(text, encoding="utf-8")
    drawn: dict[str, list[str]] = {}
    save = Figure.savefig

    def keep_texts(figure, path, *args, **kwargs):
        drawn[Path(path).stem] = [t.get_text() for ax in figure.axes
                                  for t in (*ax.get_yticklabels(), *ax.texts, ax.title)] + [
            t.get_text() for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
        return save(figure, path, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep_texts)
    out = tmp_path / "run"
    assert main(["run", str(town), "--quiet", '--set=lockdowns=[{village = "V0", start_day = 0.1}]',
                 "--out", str(out)]) == 0
    assert '<html lang="zh-CN">' in (out / "report.html").read_text(encoding="utf-8")
    assert "零号村" in drawn["timeline"] and "V0" not in drawn["timeline"]
    assert any(t.startswith("零号村") for t in drawn["orders_by_village"])
    # the English report of the same town keeps the scenario's names
    assert main(["run", str(town), "--quiet", "--lang", "en", '--set=lockdowns=[{village = "V0", start_day = 0.1}]',
                 "--out", str(tmp_path / "en")]) == 0
    assert "V0" in drawn["timeline"]


def test_chinese_dates_are_written_without_leading_zeros_everywhere():
    """11月5日 08:04, as on the plots' axes: the reports' and the drill pages' clocks alike."""
    from sim.apps.drill.language import Speaker
    from sim.core.i18n import DATE_TIME_FORMAT

    when = datetime(2022, 11, 5, 8, 4)
    assert f"{when:{DATE_TIME_FORMAT['zh']}}" == "2022年11月5日 08:04"
    speaker = Speaker(None, "zh")
    assert speaker.clock(when) == "11月5日 08:04" and speaker.clock(when, year=True) == "2022年11月5日 08:04"
    assert f"{when:{DATE_TIME_FORMAT['en']}}" == "05 Nov 2022 08:04"  # English unchanged
