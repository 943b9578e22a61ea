"""The manual's command reference (`docs/reference/commands.md`), generated from the parsers
`rehearse` itself uses (`commands.build_parser`, and `rehearse drill msel`'s own): every command
and subcommand with its usage, description, arguments, options, defaults and help.

    python -m sim.cli.command_reference > commands.md
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

USAGE_WIDTH = 100  # the usage lines wrap here whatever the terminal (the page is the same on every machine)


def command_parsers() -> Iterator[tuple[str, argparse.ArgumentParser, str]]:
    """(command, its parser, its one-line help) for `rehearse` and every subcommand, depth first;
    `rehearse drill msel` after `rehearse drill`, as `main` hands it to its own parser."""
    from sim.apps.drill.msel import msel_parser
    from sim.cli.commands import build_parser

    def walk(name: str, parser: argparse.ArgumentParser, summary: str):
        yield name, parser, summary
        if name == "rehearse drill":
            yield from walk("rehearse drill msel", msel_parser(),
                            "the inject list as an MSEL spreadsheet and back")
        for action in _subcommands(parser):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for sub_name, sub_parser in action.choices.items():
                yield from walk(f"{name} {sub_name}", sub_parser, helps.get(sub_name, ""))

    yield from walk("rehearse", build_parser(), "")


def _subcommands(parser: argparse.ArgumentParser) -> list[argparse._SubParsersAction]:
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


def command_anchor(command: str) -> str:
    """A command's id on the page: `rehearse drill msel` is `drill-msel`, `rehearse` is `rehearse`."""
    words = command.split()[1:]
    return "-".join(words) if words else "rehearse"


def command_reference() -> str:
    """The whole page in Markdown."""
    lines = ["---", "hide: [navigation]", "---", "",  # the tables want the page's width
             "# Commands", "",
             "Every command of `rehearse` (also `python -m sim`), generated from its argument "
             "parser. `rehearse COMMAND --help` prints the same in the terminal.", ""]
    for command, parser, summary in command_parsers():
        lines += _command_markdown(command, parser, summary)
    return "\n".join(lines).rstrip("\n") + "\n"


def _command_markdown(command: str, parser: argparse.ArgumentParser, summary: str) -> list[str]:
    level = "##" if command.count(" ") <= 1 else "###"
    lines = [f"{level} `{command}` {{#{command_anchor(command)}}}", ""]
    about = parser.description or summary
    if about:
        lines += [_text(about), ""]
    lines += ["```text", _usage(parser), "```", ""]
    subcommands = _subcommands(parser)
    for action in subcommands:
        lines += ["| command | what it does |", "| --- | --- |"]
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name in action.choices:
            sub = f"{command} {name}"
            lines.append(f"| [`{sub}`](#{command_anchor(sub)}) | {_cell(helps.get(name, ''))} |")
        if command == "rehearse drill":
            lines.append("| [`rehearse drill msel`](#drill-msel) | the inject list as an MSEL spreadsheet "
                         "and back |")
        lines.append("")
    for group in parser._action_groups:
        rows = [_row(parser, action) for action in group._group_actions
                if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))]
        if not rows:
            continue
        title = {"positional arguments": "Arguments", "options": "Options"}.get(group.title, group.title)
        lines += [f"{title[:1].upper()}{title[1:]}:", "",
                  "| argument | default | what it does |", "| --- | --- | --- |", *rows, ""]
    return lines


def _row(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    return f"| {_cell(_written(action))} | {_cell(_default(action))} | {_cell(_help(parser, action))} |"


def _written(action: argparse.Action) -> str:
    """The argument as it is written: `--seed SEED`, `--lang {en,zh}`, `--quiet`, `scenario`;
    whether it may be left out or repeated."""
    if action.choices is not None:
        value = "{" + ",".join(map(str, action.choices)) + "}"
    else:
        value = action.metavar or action.dest.upper()
    if not action.option_strings:
        written = f"`{action.dest}`"
    elif action.nargs == 0:
        written = " / ".join(f"`{s}`" for s in action.option_strings)
    else:
        written = " / ".join(f"`{s} {value}`" for s in action.option_strings)
    if action.nargs in ("+", "*"):
        written += " (one or more)" if action.nargs == "+" else " (any number)"
    elif action.nargs == "?":
        written += " (optional)"
    if isinstance(action, argparse._AppendAction):
        written += " (repeatable)"
    return written


def _default(action: argparse.Action) -> str:
    if action.required:
        return "*required*"
    if action.default in (None, False, [], argparse.SUPPRESS) or action.nargs == 0:
        return ""
    return f"`{action.default}`"


def _help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The help text with `%(default)s` and the like filled in, as `--help` prints it."""
    if not action.help:
        return ""
    return _text(parser._get_formatter()._expand_help(action))


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=USAGE_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _text(text: str) -> str:
    """Help text as Markdown: `<` escaped outside code, so `<name>` is not taken for HTML."""
    parts = text.split("`")
    return "`".join(part if i % 2 else part.replace("<", "&lt;") for i, part in enumerate(parts))


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|") if text else "—"


if __name__ == "__main__":
    sys.stdout.write(command_reference())
