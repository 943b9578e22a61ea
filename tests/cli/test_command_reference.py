"""The manual's command page is the parser's: every command and subcommand `rehearse --help`
names has its section, and every option and argument its `--help` prints is in that section,
with its help text and default."""

from __future__ import annotations

import re

import pytest

from sim.cli.command_reference import command_anchor, command_reference
from sim.cli.commands import main
from tests.support.manual import plain, render


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _commands(argv: list[str], capsys) -> dict[str, str]:
    """Each command's `--help` text by its words after `rehearse`, found through the help texts
    alone: a command's subcommands are the `{a,b}` of its usage."""
    text = _help(argv, capsys)
    found = {" ".join(argv): text}
    usage = text.split("\n\n")[0]
    for braces in re.findall(r"\{([a-z,-]+)\}", usage):
        if "," in braces or argv[-1:] in (["town"], ["msel"]):  # a lone choice of a one-subcommand group too
            for name in braces.split(","):
                if name not in ("en", "zh"):
                    found |= _commands([*argv, name], capsys)
    if argv == ["drill"]:  # `rehearse drill msel` has a parser of its own
        found |= _commands(["drill", "msel"], capsys)
    return found


def _sections(page_html: str) -> dict[str, str]:
    parts = re.split(r'<h[23] id="([^"]+)">', page_html)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_and_option_of_the_parser_is_on_the_page(capsys):
    commands = _commands([], capsys)
    assert {"run", "drill", "drill msel", "drill msel export", "town init", "sweep", "compare",
            "calibrate", "validate", "check-figures"} <= set(commands)
    sections = _sections(render(command_reference()))
    for words, text in commands.items():
        anchor = command_anchor(f"rehearse {words}".strip())
        assert anchor in sections, f"`rehearse {words}` has no section"
        section = plain(sections[anchor])
        options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text)) - {"--help"}
        for option in options:
            assert re.search(rf"(^| ){re.escape(option)}( |$)", section), f"rehearse {words}: {option}"


def test_an_option_s_help_and_default_are_in_its_row():
    sections = _sections(render(command_reference()))
    drill = plain(sections["drill"])
    assert "--port PORT 8765 port (default 8765; 0: any free port)" in drill
    assert "--host HOST 127.0.0.1 address to listen on" in drill
    assert "A drill played in a room (--web):" in drill  # the option group keeps its title
    run = plain(sections["run"])
    assert "--lang {en,zh} — language of the report" in run
    assert "--set PATH=VALUE (repeatable) — set a scenario value by dotted path" in run
    assert "--quiet — no progress bar" in run
    assert "scenario (optional) — scenario TOML" in run
