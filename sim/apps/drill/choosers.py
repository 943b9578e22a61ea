"""Who decides at a decision point: the default, a decisions file, a branch, or the table.

All choosers answer with an option key and who chose it; the runner applies the option and
records it, so a drill can be replayed exactly from what it saved.
"""

from __future__ import annotations

import sys
from typing import TextIO

from sim.apps.drill.situation import format_situation
from sim.apps.drill.spec import Inject
from sim.core.i18n import N_

# who chose, as the drill's screens and reports name them ("by")
CHOSEN_BY = (N_("default"), N_("trainee"), N_("replay"), N_("branch"), N_("original"),
             N_("default (deadline passed)"), N_("default (role left to the model)"))


class DefaultChooser:
    """Without `--interactive` each decision point takes its default action."""

    def choose(self, inject: Inject, minute: float, situation) -> tuple[str, str]:
        return inject.default_option, "default"


class ReplayChooser:
    """Choices from a decisions file; a decision point the file does not mention takes its
    default, or is put to the table when there is one (`then`: going on after an interrupt)."""

    def __init__(self, choices: dict[str, str], then=None):
        self.choices = choices
        self.then = then

    def choose(self, inject: Inject, minute: float, situation) -> tuple[str, str]:
        if inject.id in self.choices:
            return self.choices[inject.id], "replay"
        if self.then is not None:
            return self.then.choose(inject, minute, situation)
        return inject.default_option, "default"

    def hear(self, minute: float, text: str) -> None:
        if self.then is not None:
            self.then.hear(minute, text)


class BranchChooser:
    """The original's choices before `from_minute`; from then on the alternative's where it
    has one (else still the original's), so the run up to `from_minute` is the original's."""

    def __init__(self, original: dict[str, str], alternative: dict[str, str], from_minute: float,
                 then=None):
        self.original = original
        self.alternative = alternative
        self.from_minute = from_minute
        self.then = then  # e.g. an InteractiveChooser: the table decides again from the branch time

    def choose(self, inject: Inject, minute: float, situation) -> tuple[str, str]:
        if minute >= self.from_minute and inject.id in self.alternative:
            return self.alternative[inject.id], "branch"
        if minute >= self.from_minute and self.then is not None:
            return self.then.choose(inject, minute, situation)
        if inject.id in self.original:
            return self.original[inject.id], "original"
        return inject.default_option, "default"

    def hear(self, minute: float, text: str) -> None:
        """The table hears the drill from the branch time on (before it, it is the original)."""
        if minute >= self.from_minute and self.then is not None:
            self.then.hear(minute, text)


class InteractiveChooser:
    """Pauses the simulation, shows the situation and the options, reads the table's choice.

    Accepts the option's number or key; an empty line takes the default; end of input takes
    the default for this and every later decision point (said on the screen)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, speaker=None):
        from sim.apps.drill.language import Speaker

        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.closed = False
        self.speaker = speaker if speaker is not None else Speaker(None, "en")  # the drill's language

    def _say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    def hear(self, minute: float, text: str) -> None:
        """Injects as they happen, the news at a decision point, the result of a decision."""
        self._say(text)

    def choose(self, inject: Inject, minute: float, situation) -> tuple[str, str]:
        say, sp = self._say, self.speaker
        tr = sp.tr
        say()
        say("=" * 72)
        say(tr("DECISION POINT  [{inject}]  {kind}: {target}").format(
            inject=inject.id, kind=sp.kind(inject.kind), target=sp.show(inject.target)))
        say(tr('  "{message}"').format(message=sp.text(inject, "message")))
        sit = situation()
        say(format_situation(sit, sp))
        say(tr("Question: {question}").format(question=sp.text(inject, "decision")))
        for n, option in enumerate(inject.options, start=1):
            mark = tr("  (default)") if option.key == inject.default_option else ""
            say(f"  {n}. [{option.key}] {sp.text(option, 'label')}{mark}")
            if option.key in sit["option_targets"]:
                say(tr("       store now: {store}").format(store=sp.say(sit["option_targets"][option.key])))
        no_more = tr("no more input: taking the default [{key}]").format(key=inject.default_option)
        if self.closed:
            say(no_more)
            return inject.default_option, "default"
        keys = [o.key for o in inject.options]
        for _ in range(5):
            self.stdout.write(tr("Your choice (1-{n} or key, Enter = {key}): ").format(n=len(keys),
                                                                                     key=inject.default_option))
            self.stdout.flush()
            line = self.stdin.readline()
            if line == "":
                self.closed = True
                say("\n" + no_more)
                return inject.default_option, "default"
            text = line.strip()
            if text == "":
                return inject.default_option, "trainee"
            if text.isdigit() and 1 <= int(text) <= len(keys):
                return keys[int(text) - 1], "trainee"
            if text in keys:
                return text, "trainee"
            say(tr("  not an option: {text!r}; choose 1-{n} or one of {keys}").format(
                text=text, n=len(keys), keys=", ".join(keys)))
        say(tr("  taking the default [{key}]").format(key=inject.default_option))
        return inject.default_option, "default"
