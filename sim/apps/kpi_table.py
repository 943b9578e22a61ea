"""The KPI table printed at the end of a run or a drill: one aligned line per figure, whole
numbers with thousands separators (a seed is an id, not a quantity). In Chinese the table
gets a heading line and each KPI the report's Chinese name after its value; the keys stay
English, as in `kpis.json`. A terminal draws a Chinese character two columns wide, so
columns are padded by display width (`unicodedata.east_asian_width`), not by characters."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sim.core.i18n import N_, translator


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal: two for a wide or full-width character (Chinese
    characters, full-width punctuation), none for a combining mark, one otherwise."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` filled with spaces to `width` display columns, left (`<`) or right (`>`)."""
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text


def format_kpi(key: str, value) -> str:
    """A KPI's value as the table shows it (the README quotes it the same way)."""
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool) and key != "seed":
        return f"{value:,}"
    return str(value)


HEADINGS = (N_("KPI key"), N_("value"), N_("measure"))


def print_kpi_table(kpis: dict, lang: str = "en") -> None:
    if lang == "en":
        width = max(len(k) for k in kpis)
        for key, value in kpis.items():
            print(f"{key:<{width}}  {format_kpi(key, value)}")
        return
    from sim.apps.report.run_report import KPI_ROWS

    tr = translator(lang)
    labels = dict(KPI_ROWS)
    key_heading, value_heading, label_heading = (tr(h) for h in HEADINGS)
    width = max(display_width(k) for k in [*kpis, key_heading])
    values = {key: format_kpi(key, value) for key, value in kpis.items()}
    value_width = max(display_width(v) for v in [*values.values(), value_heading])
    print(f"{pad(key_heading, width)}  {pad(value_heading, value_width)}  {label_heading}")
    for key, value in values.items():
        label = tr(labels[key]) if key in labels else ""
        print(f"{pad(key, width)}  {pad(value, value_width)}  {label}".rstrip())


def print_channels_note(folder: Path, lang: str = "en", show: Callable[[str], str] = str) -> None:
    """After the table, when locked villages never had every channel open: their names and the
    kinds they lacked (from the run folder's file; why: the report), and what the fill rates
    and channel set-up times leave out for them."""
    from sim.core.display_names import joined
    from sim.inputs.channel_coverage import kind_word
    from sim.model.missing_channels import FILE_NAME, KPI_NOTE

    villages = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))["villages_without_all_channels"]
    if not villages:
        return
    tr = translator(lang)
    print("\n" + tr("villages without all channels (why: report.html, {file}):").format(file=FILE_NAME))
    for village in villages:
        kinds = joined((kind_word(k["kind"], tr) for k in village["channels_never_opened"]), str, lang)
        print("  " + tr("{village}: never opened {kinds}").format(village=show(village["village"]),
                                                               kinds=kinds))
    print(tr(KPI_NOTE))


def print_depot_notes(folder: Path, lang: str = "en") -> None:
    """After the table: why the run's depot did little, when it did (`sim/model/depot_notes.py`)."""
    from sim.model.depot_notes import FILE_NAME, notes_from_json

    path = folder / FILE_NAME
    notes = notes_from_json(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else []
    if not notes:
        return
    tr = translator(lang)
    print("\n" + tr("the depot:"))
    for note in notes:
        print("  " + note.said(tr))
