"""A district of about two million people for `make bench`: the compounds district
(`experiments/district-compounds.toml`, 59,800 people) laid out again as tiles, each tile's
compounds and stores moved by a whole tile, its couriers, trucks and command staff scaled with
it, and its three waves of lockdowns repeated in every tile.

    python -m benchmarks.district_scaled --tiles 34

writes `experiments/district-2m.toml` and, in `experiments/district-2m/`, its `compounds.csv`
and `stores.csv` (the name from the people it holds). A test checks the committed files are
what this writes.
"""

from __future__ import annotations

import argparse
import csv
import io
import tomllib
from pathlib import Path

from sim.core.toml_text import toml_key, toml_value

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = ROOT / "experiments"
BASE = EXPERIMENTS / "district-compounds.toml"
# a tile's step, degrees: twice the compounds district's span (3.1 km x 4.1 km), so that a
# compound's nearest stores are its own tile's
LAT_STEP, LON_STEP = 0.064, 0.096
GRID_COLUMNS = 6
# what grows with the people (everything else, e.g. per-store staffing and urgent staff per
# locked compound, is per store or per compound already)
SCALED = {"command_centre": ("coordinators",), "couriers": ("whitelist_size",)}


def _tile_name(name: str, tile: int) -> str:
    return f"{name} T{tile:02d}"


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def district_files(tiles: int) -> dict[str, str]:
    """File name (relative to experiments/) -> text of the scaled district."""
    base = tomllib.loads(BASE.read_text(encoding="utf-8"))
    folder = BASE.parent
    place_header, places = _rows(folder / base["villages"])
    store_header, stores = _rows(folder / base["ledger"]["stores"])
    new_places, new_stores, lockdowns = [], [], []
    for tile in range(tiles):
        row, column = divmod(tile, GRID_COLUMNS)
        for place in places:
            new_places.append(place | {
                "name": _tile_name(place["name"], tile),
                "lat": f"{float(place['lat']) + row * LAT_STEP:.4f}",
                "lon": f"{float(place['lon']) + column * LON_STEP:.4f}"})
        for store in stores:
            new_stores.append(store | {"id": f"{store['id']}-T{tile:02d}",
                                       "village": _tile_name(store["village"], tile)})
        lockdowns += [lk | {"village": _tile_name(lk["village"], tile)} for lk in base["lockdowns"]]
    people = sum(int(p["population"]) for p in new_places)
    name = f"district-{round(people / 1e6)}m"
    lines = [
        f"# A district of {people:,} people: the compounds district (district-compounds.toml) laid",
        f"# out as {tiles} tiles of its 12 compounds and 12 stores, each locked in the same three",
        "# waves, for 14 days: the benchmark of a district on one machine (`make bench`). One",
        "# command centre and one hospital serve them all, at the compounds district's centre, so",
        "# urgent trips from the outer tiles are longer than the compounds district's. Written",
        f"# by `python -m benchmarks.district_scaled --tiles {tiles}`;",
        "# every value not set here is the compounds district's.",
        "#",
        f"#   rehearse run experiments/{name}.toml",
        'extends = "district-compounds.toml"',
        f'villages = "{name}/compounds.csv"',
        "",
        "[run]",
        f'name = "{name}"',
        "horizon_days = 14",
        "order_log = true   # streamed to orders.parquet in chunks",
        "",
        "[ledger]",
        f'stores = "{name}/stores.csv"',
    ]
    for section, fields in SCALED.items():
        lines += ["", f"[{section}]"]
        lines += [f"{field} = {base[section][field] * tiles}  # the compounds district's "
                  f"{base[section][field]} per tile" for field in fields]
    # trucks scale with the people too: each supplier's capacity is in days of the whole district
    lines.append("")
    for supplier in base["suppliers"]:
        lines += ["[[suppliers]]"]
        for key, value in supplier.items():
            scaled = value * tiles if key == "trucks_per_day" else value
            lines.append(f"{toml_key(key)} = {toml_value(scaled)}")
        lines.append("")
    for lockdown in lockdowns:
        lines += ["[[lockdowns]]"] + [f"{toml_key(key)} = {toml_value(value)}"
                                      for key, value in lockdown.items()]
    return {f"{name}.toml": "\n".join(lines) + "\n",
            f"{name}/compounds.csv": _csv_text(place_header, new_places),
            f"{name}/stores.csv": _csv_text(store_header, new_stores)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=34)
    for relative, text in district_files(parser.parse_args().tiles).items():
        path = EXPERIMENTS / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
