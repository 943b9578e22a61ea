"""A run names its locked villages without all channels, which channels and why: in the run
folder's `villages_without_all_channels.json`, in report.html (with what the fill rates and the
channel set-up times leave out), and after the KPI table `rehearse run` prints."""

from __future__ import annotations

import json

from sim.apps.episode import run_to_folder
from sim.cli.commands import main
from sim.inputs.small_town import small_town
from sim.model.missing_channels import villages_without_channels
from sim.model.town_model import TownModel

CALM = {"positive_probability_per_day": 0}
KINDS = ["supermarket", "vegetable_shop", "pharmacy", "catering"]


def _town(stores, lockdowns, horizon_days=0.3, **sections):
    return small_town(villages=2, population=30, couriers=2, horizon_days=horizon_days,
                      ledger={"stores": [{"id": i, "village": v, "kind": k, "floor_m2": m}
                                         for i, v, k, m in stores]},
                      lockdowns=[{"village": v, "start_day": d, "days": n} for v, d, n in lockdowns],
                      store_staff=CALM, **sections)


SMALL_STORE = _town([("SH-1", "V0", "vegetable_shop", 30), ("RS-1", "V1", "supermarket", 120),
                     ("RS-2", "V1", "pharmacy", 50), ("RS-3", "V1", "catering", 80)],
                    [("V0", 0.0, None)])


def _run(tmp_path, scenario, lang="en"):
    kpis, folder = run_to_folder(scenario, 1, None, tmp_path / "run", progress=False, lang=lang)
    missing = json.loads((folder / "villages_without_all_channels.json").read_text())
    return kpis, missing["villages_without_all_channels"], (folder / "report.html").read_text()


def test_the_run_folder_and_report_name_the_village_its_missing_channel_and_why(tmp_path):
    kpis, missing, report = _run(tmp_path, SMALL_STORE)
    assert kpis["villages_without_all_channels"] == 1
    assert missing == [{"village": "V0", "channels_never_opened": [
        {"kind": "vegetable_shop", "why": "the only vegetable_shop, SH-1, is 30 m², below the 40 m² minimum"}]}]
    assert "Villages without all channels (1)" in report
    assert ("<td>V0</td><td>vegetable_shop</td><td>the only vegetable_shop, SH-1, is 30 m², below the "
            "40 m² minimum</td>") in report
    assert "locked villages without all channels (named below)" in report
    # what the KPIs leave out is said beside them
    assert "The fill rates (fill_rate, fill_rate_closed_orders, need_fill_rate) count only orders placed" in report
    assert "The channel set-up times (channel_open_minutes_min, _median, _max) leave these villages out" in report


def test_a_run_where_every_village_had_its_channels_names_none(tmp_path):
    town = _town([(f"S-{k}", "V1", k, 100) for k in KINDS], [("V0", 0.0, None)])
    kpis, missing, report = _run(tmp_path, town)
    assert kpis["villages_without_all_channels"] == 0 and missing == []
    assert "Villages without all channels" not in report and "The fill rates" not in report


def _reasons(scenario) -> dict[str, set[str]]:
    model = TownModel(scenario)
    kpis = model.run_episode()
    found = {v.village: {str(why) for _, why in v.never_opened} for v in villages_without_channels(model)}
    assert kpis["villages_without_all_channels"] == len(found)
    return found


def test_what_the_run_saw_is_the_reason_when_the_ledger_did_not_decide_it():
    # V1 is sealed for an hour from the start: its stores serve only it when V0 is set up,
    # though the scenario would let them serve V0 later
    town = _town([(f"S-{k}", "V1", k, 100) for k in KINDS], [("V0", 0.0, None), ("V1", 0.0, 0.04)])
    assert _reasons(town) == {"V0": {
        "no qualified store was free when the command centre set it up (a store closed, without "
        "pickers, or inside another sealed village)"}}
    # the run ends before the set-up could finish
    short = _town([(f"S-{k}", "V1", k, 100) for k in KINDS], [("V0", 0.29, None)])
    assert _reasons(short) == {"V0": {"not open by the end of the run (its set-up had not finished)"}}


def test_the_chinese_report_names_them_in_chinese(tmp_path):
    _, _, report = _run(tmp_path, SMALL_STORE, lang="zh")
    assert "渠道未全部开通的村（1 个）" in report
    assert "<td>V0</td><td>菜店</td><td>唯一的菜店 SH-1 面积 30 平方米，低于 40 平方米的下限</td>" in report
    assert "满足率（fill_rate、fill_rate_closed_orders、need_fill_rate）只计已下的订单" in report


def test_rehearse_run_names_them_after_its_kpi_table(tmp_path, capsys):
    path = tmp_path / "town.toml"
    path.write_text('[run]\nname = "small-store"\nhorizon_days = 0.3\n'
                    '[[villages]]\nname = "Smallhill"\nx_km = 0\ny_km = 0\npopulation = 30\n'
                    '[[villages]]\nname = "Riverside"\nx_km = 2\ny_km = 0\npopulation = 30\n'
                    '[ledger]\nstores = [{id = "SH-1", village = "Smallhill", kind = "vegetable_shop", floor_m2 = 30},'
                    ' {id = "RS-1", village = "Riverside", kind = "supermarket", floor_m2 = 120}]\n'
                    '[[lockdowns]]\nvillage = "Smallhill"\nstart_day = 0\n'
                    '[couriers]\nwhitelist_size = 2\n')
    assert main(["run", str(path), "--quiet", "--out", str(tmp_path / "run")]) == 0
    printed = capsys.readouterr().out
    table, note = printed.split("\nvillages without all channels (why: report.html, "
                                "villages_without_all_channels.json):\n")
    assert "villages_without_all_channels                   1" in table
    assert note.startswith("  Smallhill: never opened vegetable_shop, pharmacy, catering\n"
                           "The fill rates (fill_rate, fill_rate_closed_orders, need_fill_rate) count "
                           "only orders placed")
    assert main(["run", str(path), "--quiet", "--out", str(tmp_path / "zh"), "--lang", "zh"]) == 0
    assert "  Smallhill：从未开通菜店、药店、餐饮店" in capsys.readouterr().out
