"""The shadow runs of a drill played in a room, in the background: the room sees its
after-action report as soon as the drill ends (saying that what each decision changed is being
worked out), and the report is written again once every shadow has run.

A thread, not the model's: the drill's pages keep answering while the shadows run. It does not
hold the process open by itself: `rehearse drill --web` waits for it after the server stops.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from sim.apps.drill.decisions_file import DECISIONS_FILE


class ShadowsInBackground:
    """The thread that runs the shadows of a finished drill and rewrites its after-action
    report; `done` is set when it has (or has failed, then `error` says why)."""

    def __init__(self, hook, model, folder: Path):
        self.hook, self.model, self.folder = hook, model, Path(folder)
        self.done = threading.Event()
        self.error: BaseException | None = None
        self.measured = (0, 0)  # shadows run, of how many
        self.thread = threading.Thread(target=self._run, name="drill-shadows", daemon=True)

    def start(self) -> ShadowsInBackground:
        self.thread.start()
        return self

    def _run(self) -> None:
        from sim.apps.drill.after_action import write_after_action
        from sim.apps.drill.shadow_runs import compare_with_shadows

        try:
            compare_with_shadows(self.hook, self.model, self.folder / DECISIONS_FILE, self._progress)
            self.hook.shadows_pending = False
            write_after_action(self.hook, self.model, self.folder)
        except Exception as exc:  # noqa: BLE001 - the report keeps its note; the reason goes to the log
            self.error = exc
            print(f"what each decision changed could not be worked out: {exc!r}", file=sys.stderr)
        finally:
            self.done.set()

    def _progress(self, done: int, total: int) -> None:
        self.measured = (done, total)


def start_shadows(hook, folder: Path) -> ShadowsInBackground | None:
    """Once a drill played in a room has written its folder: its shadows, in the background
    (None when the hook does not run them so)."""
    if getattr(hook, "shadows", None) != "background" or getattr(hook, "model_at_end", None) is None:
        return None
    hook.shadow_runs = ShadowsInBackground(hook, hook.model_at_end, folder).start()
    return hook.shadow_runs
