"""The room's clock actions (play, pause, speed, jump), as the log and the after-action report
keep them: who did what, at which wall and simulated time, and the speeds after it.

A drill's report says how the time of the exercise was spent, so a reader can tell a decision
taken at real time from one the room jumped past."""

from __future__ import annotations

from sim.apps.report.html_page import table
from sim.apps.report.markdown_table import md_table
from sim.core.i18n import N_
from sim.core.phrase import Phrase

CLOCK_WORDS = {"play": N_("play"), "pause": N_("pause"), "speed": N_("speed"),
               "speed_while_open": N_("speed while open"), "next_inject": N_("jump to the next inject")}


def clock_entry(journal, clock, playing: bool, by: str, action: str, **detail) -> dict:
    """A clock action now: `journal.now()` gives the minute, sim time and wall time."""
    minute, sim_time, wall = journal.now()
    entry = {"minute": minute, "time": sim_time, "wall_time": wall, "by": by, "action": action,
             "speed": clock.speed, "speed_while_open": clock.speed_while_open, "playing": playing}
    entry.update(detail)
    return entry


def clock_text(entry: dict) -> Phrase:
    """A clock action as the log says it."""
    what = Phrase(CLOCK_WORDS[entry["action"]])
    if entry["action"] == "next_inject":
        what = Phrase("{what} ({inject})", what=what, inject=entry.get("to", "-"))
    text = Phrase("clock: {what}; speed x{speed:g} between injects, x{open:g} while a decision or set-up is open",
                  what=what, speed=entry["speed"], open=entry["speed_while_open"])
    if entry.get("confirmed"):
        text = Phrase("{text} (confirmed with work open)", text=text)
    return text


def clock_section(hook, sp) -> tuple[str, str, str] | None:
    """The after-action report's section on the room's clock: (heading, HTML, Markdown), or
    None for a drill with no clock actions (played at a terminal)."""
    entries = getattr(hook, "clock_actions", None)
    if not entries:
        return None
    tr, say = sp.tr, sp.say
    header = [tr(h) for h in (N_("wall time"), N_("sim time"), N_("who"), N_("clock action"))]
    rows = [[e["wall_time"], e["time"], tr(e["by"].replace("_", " ")), say(clock_text(e))] for e in entries]

    return tr("The room's clock"), table(header, rows), md_table(header, rows)
