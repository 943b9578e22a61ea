"""A drill played in a room without a browser: started on the tiny drill, the command centre's first
channel set-up published, played to its end, and a client of its server (the room, branch,
guard and evaluator tests share them)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from sim.apps.drill.loading import load_drill
from sim.apps.drill.web.server import DrillServer
from sim.apps.drill.web.session import LiveDrill
from sim.apps.drill.web.views import view
from tests.support.drill_town import write_drill


def start_session(tmp_path, **kwargs) -> LiveDrill:
    spec = write_drill(tmp_path)
    session = LiveDrill(load_drill(spec), tmp_path / "out", **kwargs)
    session.start()
    return session


def finish(session: LiveDrill):
    session.advance_to(session.model.horizon_minutes)
    assert session.done.wait(120)
    assert session.error is None, session.error
    return session.folder


def publish_first_stores(session, village="V0", epoch=1, waits=(4.0, 3.0, 2.0, 1.0)):
    """The command centre's four steps, `waits` simulated minutes before each."""
    picks = {}
    for stage, wait in zip(("groups", "stores", "confirm", "publish"), waits):
        session.advance(wait)
        if stage == "stores":
            ledger = view(session, "command_centre")["set_ups"][0]["ledger"]
            for row in ledger:
                picks.setdefault(row["kind"], [row["id"]])
        session.set_up("command_centre", village, epoch, stage, picks if stage == "stores" else None)
    return picks


class Client:
    """Requests to a drill server on a free port of this machine."""

    def __init__(self, session):
        self.server = DrillServer(session, "127.0.0.1", 0)
        self.server.start()

    def _send(self, path, data=None, headers=None):
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(self.server.base + path, data=body, headers={
            "Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def get(self, path, headers=None):
        return self._send(path, None, headers)

    def post(self, path, data, headers=None):
        return self._send(path, data, headers)
