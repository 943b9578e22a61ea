"""The manual's scenario reference (`docs/reference/scenario.md`), generated from the schema: a
table per section of the file, a row per field with its dotted path, type, unit, default,
allowed values, provenance (`provenance.py`) and description (`field_comments.py`).

    python -m sim.scenario.field_reference > scenario.md

`scenario_reference(root)` takes the root model, so a test can hand it a scratch subclass with
a new field and find the field's row."""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from sim.scenario.field_comments import field_description
from sim.scenario.field_types import (
    DIST_CLASSES,
    Nested,
    as_toml,
    as_toml_tables,
    default_value,
    type_text,
    unit_of,
)
from sim.scenario.provenance import (
    ASSUMED,
    NO_SOURCE_GIVEN,
    PARTLY_PUBLISHED,
    PROVENANCE,
    PUBLISHED,
    SETTING,
    Provenance,
    provenance_of,
)
from sim.scenario.root import Scenario

LONG_DEFAULT = 60  # characters: a longer default is written out under the table


@dataclass(frozen=True)
class FieldRow:
    path: str  # as the page writes it: `couriers.rota.days_on`, `villages[].name`, `categories.<name>.unit`
    anchor: str  # the row's id on the page (a table field links to its section instead)
    type: str
    unit: str
    allowed: str
    default: str  # Markdown
    provenance: Provenance | None  # None: no default to come from anywhere (required, or a table)
    description: str
    section: str | None = None  # a field holding tables: the anchor of their section
    default_in_full: str | None = None  # TOML of a long default


@dataclass(frozen=True)
class TableSection:
    title: str  # the path of its tables, e.g. `couriers.rota`, `villages[]`
    header: str  # how the file opens it: `[couriers.rota]`, `[[villages]]`
    anchor: str
    intro: str
    rows: tuple[FieldRow, ...]
    depth: int


def scenario_sections(root: type[BaseModel] = Scenario,
                      provenance: dict[str, Provenance] = PROVENANCE) -> list[TableSection]:
    """The file's top level, then each table it may hold, each nested table after its parent."""
    return _sections(root, "", "the file's top level", "top-level", "", 0, provenance)


def _sections(model, prefix, header, anchor, intro, depth, provenance,
              title: str | None = None) -> list[TableSection]:
    rows, children = [], []
    for name, field in model.model_fields.items():
        row, nested = _row(model, name, field, prefix, anchor, provenance)
        rows.append(row)
        if nested is not None:
            children += _nested_sections(row, nested, depth, provenance)
    title = title or prefix.removesuffix(".") or "top level"
    section = TableSection(title, header, anchor, intro, tuple(rows), depth)
    return [section, *children]


def _nested_sections(row: FieldRow, nested: Nested, depth, provenance) -> list[TableSection]:
    path = row.path
    if nested.shape == "list":
        prefix, header = f"{path}[].", f"[[{path}]]"
    elif nested.shape == "named":
        prefix, header = f"{path}.<name>.", f"[{path}.<name>]"
    else:
        prefix, header = f"{path}.", f"[{path}]"
    if len(nested.models) == 1:
        model = nested.models[0]
        return _sections(model, prefix, header, row.section, _doc(model), depth + 1, provenance)
    kinds = [model.model_fields["kind"].annotation.__args__[0] for model in nested.models]
    intro = ("Tables told apart by their `kind`: " + ", ".join(
        f"[`{kind}`](#{row.section}.{kind})" for kind in kinds) + ".")
    found = [TableSection(prefix.removesuffix("."), header, row.section, intro, (), depth + 1)]
    for model, kind in zip(nested.models, kinds, strict=True):
        found += _sections(model, prefix, f'{header} with kind = "{kind}"', f"{row.section}.{kind}",
                           _doc(model), depth + 2, provenance, title=f"{prefix}kind = {kind}")
    return found


def _row(model, name: str, field: FieldInfo, prefix: str, section_anchor: str,
         provenance) -> tuple[FieldRow, Nested | None]:
    key = field.alias or name
    path = prefix + key
    typed = type_text(field)
    default = default_value(field)
    required = default is PydanticUndefined
    anchor = _anchor(path) if section_anchor == "top-level" else f"{section_anchor}.{key}"
    toml = None if required else as_toml(default)
    in_full = None
    if required:
        default_text = "*required*"
    elif typed.nested is not None and typed.nested.shape == "table" and default is not None:
        default_text = "its fields' defaults"
    elif toml is not None and len(toml) > LONG_DEFAULT:
        in_full = as_toml_tables(_toml_header(path), default)
        default_text = f"[in full below](#default.{anchor})"
    else:
        default_text = f"`{toml}`"
    origin = None if required or default in (None, [], {}) else provenance_of(path, provenance)
    if typed.nested is not None and path not in provenance:
        origin = None  # its fields say where theirs come from
    row = FieldRow(path=path, anchor=anchor, type=typed.type, unit=unit_of(path, key, typed.type),
                   allowed=typed.allowed, default=default_text, provenance=origin,
                   description=field_description(model, name),
                   section=anchor if typed.nested is not None else None, default_in_full=in_full)
    return row, typed.nested


def _anchor(path: str) -> str:
    return path.replace("[]", "").replace(".<name>", "")


def _toml_header(path: str) -> str:
    return path.replace("[]", "").replace(".<name>", "")


def _doc(model: type) -> str:
    doc = vars(model).get("__doc__")
    return inspect.cleandoc(doc) if doc else ""


# --- the page ---

LEGEND = {
    PUBLISHED: "a figure the source publishes (the source is named)",
    PARTLY_PUBLISHED: "part of the default is a published figure, the rest assumed (each named)",
    ASSUMED: f"ours, to replace with the town's own figure (\"{NO_SOURCE_GIVEN}\": nothing recorded "
             f"beyond the assumption itself)",
    SETTING: "a choice of how to run, not a figure of the world",
}
NO_FIGURE = ("A field with no default (required), with none or an empty list as its default, or "
             "holding tables of its own has no source of its own.")


def scenario_reference(root: type[BaseModel] = Scenario,
                       provenance: dict[str, Provenance] = PROVENANCE) -> str:
    """The whole page in Markdown."""
    lines = [
        "---",
        "hide: [navigation]",  # the tables want the page's width
        "---",
        "",
        "# Scenario fields",
        "",
        "Every field a scenario file may hold, generated from the schema (`sim/scenario/`). A "
        "field's path is what `--set PATH=VALUE`, a sweep's parameters and a comparison's "
        "`set` name (`couriers.whitelist_size`); `[]` marks an entry of a list of tables "
        "(`[[villages]]` in the file) and `<name>` a table you name (`[store_kinds.supermarket]`). "
        "A field left out takes its default; unknown keys are errors.",
        "",
        "Where a default comes from:",
        "",
        *[f"- **{kind}**: {what}" for kind, what in LEGEND.items()],
        "",
        NO_FIGURE,
        "",
    ]
    for section in scenario_sections(root, provenance):
        lines += _section_markdown(section)
    lines += _distributions_markdown()
    return "\n".join(lines).rstrip("\n") + "\n"


def _section_markdown(section: TableSection) -> list[str]:
    level = "##" if section.depth <= 1 else "###"
    title = "The file's top level" if section.depth == 0 else f"`{section.title}`"
    lines = [f"{level} {title} {{#{section.anchor}}}", ""]
    if section.depth:
        lines += [f"In the file: `{section.header}`.", ""]
    if section.intro:
        lines += [markdown_text(section.intro), ""]
    if not section.rows:
        return lines
    lines += ["| field | value | where it comes from, what it means |", "| --- | --- | --- |"]
    for row in section.rows:
        lines.append("| " + " | ".join(_cells(row, section.intro)) + " |")
    lines.append("")
    for row in section.rows:
        if row.default_in_full:
            lines += [f"Default of `{row.path}`:", f"{{: #default.{row.anchor} }}", "",
                      "```toml", row.default_in_full.rstrip("\n"), "```", ""]
    return lines


def _cells(row: FieldRow, intro: str) -> list[str]:
    """The field's path; its type, unit, default and allowed values; its provenance and
    description (one below the other: a table of seven columns is too narrow to read). A field
    with no description of its own that the section's text names is pointed there."""
    if row.section is not None:
        field = f"[`{row.path}`](#{row.section})"
    else:
        field = f"`{row.path}`{{#{row.anchor}}}"
    value = [row.type + (f", {row.unit}" if row.unit else ""), f"default: {row.default}"]
    if row.allowed:
        value.append(f"allowed: {markdown_text(row.allowed)}")
    fields = f"its fields: [below](#{row.section})" if row.section is not None else ""
    described = markdown_text(row.description)
    if not described and f"`{row.path.rsplit('.', 1)[-1]}`" in intro:
        described = "described above the table"
    meaning = [part for part in (_provenance_text(row.provenance), described, fields) if part]
    return [field, _cell("<br>".join(value)), _cell("<br>".join(meaning))]


def _provenance_text(origin: Provenance | None) -> str:
    if origin is None:
        return ""
    return f"**{origin.kind}**: {markdown_text(origin.source)}"


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|") if text else "—"


_CODE = re.compile(r"(`[^`]*`)")
_IDENTIFIER = re.compile(r"(?<![\w/.`-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?!\.?[\w/])")


def markdown_text(text: str) -> str:
    """Plain text (a comment, a docstring) as Markdown: snake_case names as code, `<` escaped
    outside code, so `<name>` is not taken for HTML."""
    parts = _CODE.split(text)
    for i, part in enumerate(parts):
        if i % 2 == 0:
            part = part.replace("<", "&lt;")
            parts[i] = _IDENTIFIER.sub(r"`\1`", part)
    return "".join(parts)


def _distributions_markdown() -> list[str]:
    """How a distribution is written, from the distribution classes themselves."""
    lines = ["## Distributions {#distributions}", "",
             "A duration, rate or quantity marked *distribution* is drawn afresh for each use. Write "
             "a bare number for a fixed value, or a table naming the distribution:", "",
             "| `dist` | fields | example |", "| --- | --- | --- |"]
    for klass in DIST_CLASSES:
        fields = {(f.alias or n): f for n, f in klass.model_fields.items() if n != "dist"}
        kind = klass.model_fields["dist"].default
        example = DIST_EXAMPLES.get(kind, "")
        names = ", ".join(f"`{name}`" for name in fields)
        lines.append(f"| `{kind}` | {names} | `{_cell(example)}` |")
    lines += ["", "Every draw is 0 or more.", ""]
    return lines


DIST_EXAMPLES = {
    "fixed": '30 (or { dist = "fixed", value = 30 })',
    "exponential": '{ dist = "exponential", mean = 10 }',
    "uniform": '{ dist = "uniform", low = 15, high = 25 }',
    "triangular": '{ dist = "triangular", low = 3, mode = 5, high = 8 }',
    "lognormal": '{ dist = "lognormal", median = 20, sigma = 0.5 }',
    "empirical": '{ dist = "empirical", values = [1, 2, 3], weights = [0.5, 0.3, 0.2] }',
}


if __name__ == "__main__":
    sys.stdout.write(scenario_reference())
