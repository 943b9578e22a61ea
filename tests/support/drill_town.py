"""A tiny town and a drill on it, written as files, for the drill and report tests (~1 s a run;
a decision's shadow runs on two seeds, the fewest, to keep them quick)."""

from __future__ import annotations

from pathlib import Path

KINDS = ("supermarket", "vegetable_shop", "pharmacy", "catering")

TOWN = """
[run]
name = "tiny-town"
start = 2022-11-10T00:00:00
seed = 7
horizon_days = 1.5

[couriers]
whitelist_size = 12

[ledger]
stores = [
{stores}
]
{villages}
"""

# each option's inline table is one line of the file (TOML 1.0 has no multi-line inline tables,
# and tests replace its exact text): a backslash ending a line here only wraps the Python source
DRILL = """
[drill]
name = "tiny-drill"
shadow_seeds = 2
scenario = "tiny-town.toml"

[[injects]]
id = "v0-locked"
day = 0
clock = "02:00"
kind = "village_locked"
target = "V0"
message = "V0 is sealed."
expected_action = "Open channels within 15 minutes"
objective = "channel_open"

[[injects]]
id = "v0-rumour"
day = 0
clock = "09:00"
kind = "demand_shock"
target = "V0"
share = 0.6
over_hours = 2
message = "Rumour: shops close tomorrow."
expected_action = "Calm notice; cap panic orders"
objective = "fill_rate"
decision = "Orders are surging. What now?"
default_option = "cap"
options = [
  {{ key = "cap", label = "Cap orders at one per household per day", action = "cap_orders", \
orders_per_household_day = 1 }},
  {{ key = "none", label = "Do nothing", action = "none" }},
]

[[injects]]
id = "v1-locked"
day = 0.5
kind = "village_locked"
target = "V1"
message = "V1 is sealed."
expected_action = "Second set-up"
objective = "channel_open"

[[injects]]
id = "couriers-out"
day = 0
clock = "{quarantine_clock}"
kind = "courier_quarantine"
target = "couriers"
couriers = 8
message = "Eight couriers must isolate."
expected_action = "Whitelist more couriers"
objective = "lead_time"
decision = "Whitelist more?"
default_option = "none"
options = [
  {{ key = "none", label = "Carry on", action = "none" }},
  {{ key = "more", label = "Whitelist 10 more", action = "whitelist_couriers", couriers = 10 }},
  {{ key = "volunteers", label = "Move 2 volunteers to V1", action = "move_volunteers", \
from_village = "V0", to_village = "V1", volunteers = 2 }},
]

[[injects]]
id = "sup-closed"
day = 0
clock = "16:00"
kind = "store_closed"
target = "SUP-0"
hours = 6
message = "A picker at SUP-0 tested positive."
expected_action = "Activate a reserve supermarket"
objective = "fill_rate"
decision = "Bring in a reserve?"
default_option = "reserve"
options = [
  {{ key = "reserve", label = "Reserve supermarket for V0", action = "activate_reserve_store", \
village = "V0", store_kind = "supermarket" }},
  {{ key = "none", label = "Wait", action = "none" }},
]

[[injects]]
id = "outage"
day = 0
clock = "20:00"
kind = "supplier_outage"
target = "wholesale market"
hours = 10
message = "The wholesale market cannot ship tonight."
expected_action = "Order elsewhere"
objective = "fill_rate"

[[injects]]
id = "v1-road"
day = 1
clock = "06:00"
kind = "road_closed"
target = "V1"
detour_factor = 3
hours = 4
message = "The road into V1 is closed."
expected_action = "Expect longer trips"
objective = "lead_time"

[[injects]]
id = "v1-urgent"
day = 1
clock = "07:00"
kind = "urgent_request"
target = "V1"
requests = 2
message = "Two V1 residents are out of medicine."
expected_action = "Staff at the door within 30 minutes"
objective = "urgent_pickup"

[[injects]]
id = "v0-released"
day = 1
clock = "10:00"
kind = "village_released"
target = "V0"
message = "V0's lockdown is lifted."
expected_action = "Close V0's channels; finish waiting orders"
objective = "fill_rate"
"""


def write_town(folder: Path, villages: int = 2, stores_per_kind: int = 3, population: int = 250) -> Path:
    names = [f"V{i}" for i in range(villages)]
    stores = ",\n".join(
        f'  {{ id = "{k[:3].upper()}-{j}", village = "{names[j % villages]}", kind = "{k}", floor_m2 = 100 }}'
        for k in KINDS for j in range(stores_per_kind))
    village_tables = "\n".join(
        f'[[villages]]\nname = "{n}"\nx_km = {float(i)}\ny_km = 0.0\npopulation = {population}\ngate_volunteers = 4'
        for i, n in enumerate(names))
    path = folder / "tiny-town.toml"
    path.write_text(TOWN.format(stores=stores, villages=village_tables), encoding="utf-8")
    return path


def write_drill(folder: Path, quarantine_clock: str = "13:00", replace: dict | None = None) -> Path:
    """The tiny drill beside its town; `replace` swaps exact text (to make a bad file)."""
    write_town(folder)
    text = DRILL.format(quarantine_clock=quarantine_clock)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = folder / "tiny-drill.toml"
    path.write_text(text, encoding="utf-8")
    return path


def tiny_drill_model_at(folder: Path, minute: float):
    """The tiny drill's town with V0 sealed at minute 0, run to `minute`."""
    from sim.apps.drill.loading import load_drill
    from sim.model.town_model import TownModel

    drill = load_drill(write_drill(folder))
    model = TownModel(drill.scenario, seed=drill.seed)
    model.command_centre.village_sealed(model.villages["V0"])
    while model.env.now < minute:
        model.step()
    return model


# V0 locked at day 0.1 (the tiny town has no lockdowns of its own)
LOCKDOWN = '--set=lockdowns=[{village = "V0", start_day = 0.1}]'


def run_tiny_town(folder: Path, langs=("en", "zh")) -> dict[str, str]:
    """`rehearse run` of the tiny town at seed 5 with V0 locked, into `folder`/LANG for each
    language; what each printed."""
    import io
    from contextlib import redirect_stdout

    from sim.cli.commands import main

    town = str(write_town(folder))
    printed = {}
    for lang in langs:
        out = io.StringIO()
        with redirect_stdout(out):
            assert main(["run", town, "--seed", "5", "--quiet", LOCKDOWN, "--lang", lang,
                         "--out", str(folder / lang)]) == 0
        printed[lang] = out.getvalue()
    return printed


# the tiny drill in Chinese: its language, a Chinese name for each village, the rumour's texts
# written in Chinese with their English versions
ZH_DRILL = {
    'name = "tiny-drill"': 'name = "tiny-drill"\nlang = "zh"',
    'message = "V0 is sealed."': 'message = "零村即刻起临时封控。"\nmessage_en = "V0 is sealed."',
    'message = "Rumour: shops close tomorrow."':
        'message = "村民群里传言：明天超市关门。"\nmessage_en = "Rumour: shops close tomorrow."',
    'expected_action = "Calm notice; cap panic orders"':
        'expected_action = "发布权威通知；限制恐慌性下单"\nexpected_action_en = "Calm notice; cap panic orders"',
    'decision = "Orders are surging. What now?"':
        'decision = "订单激增，怎么办？"\ndecision_en = "Orders are surging. What now?"',
    'label = "Cap orders at one per household per day"':
        'label = "每户每天限一单"\nlabel_en = "Cap orders at one per household per day"',
}


def zh_drill(folder: Path) -> Path:
    """The tiny drill in Chinese, on the tiny town whose villages have Chinese names."""
    folder.mkdir(parents=True, exist_ok=True)
    replace = dict(ZH_DRILL)
    replace['label = "Cap orders at one per household per day"'] = replace.pop(
        'label = "Cap orders at one per household per day"').replace("\n", ", ")
    path = write_drill(folder, replace=replace)
    town = folder / "tiny-town.toml"
    text = town.read_text(encoding="utf-8")
    text = (text.replace('name = "V0"', 'name = "V0"\nname_zh = "零村"')
            .replace('name = "V1"', 'name = "V1"\nname_zh = "一村"'))
    town.write_text(text, encoding="utf-8")
    return path
