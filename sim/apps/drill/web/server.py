"""The drill's web app: one page per role, its JSON, and the requests that act on the drill.

A small ASGI app (Starlette, served by uvicorn): the pages are plain HTML and JavaScript
served by the app itself (no CDN: the room may have no network), drawn from the JSON of
`/api/state`, which they poll once a second; the server holds the one state, so two browsers
on one role see the same. Every request carries its role's token (`?t=` or the `X-Drill-Token`
header): without a known token it is refused (403), and only the facilitator's token runs the
clock and hands roles to the model.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from sim.apps.drill.web.page_text import page_html
from sim.apps.drill.web.session import LiveDrill, Refused
from sim.apps.drill.web.views import view
from sim.core.phrase import Phrase

TOKEN_HEADER = "X-Drill-Token"


def create_app(session: LiveDrill) -> Starlette:
    page = page_html(session.drill.lang)
    tr = session.speaker.tr

    def role_of(request: Request) -> str | None:
        return session.role_of(request.query_params.get("t") or request.headers.get(TOKEN_HEADER))

    def refused() -> Response:
        return JSONResponse({"error": tr("refused: this link's token is missing or wrong")}, status_code=403)

    def only_facilitator() -> Response:
        return JSONResponse({"error": tr("refused: only the facilitator may do this")}, status_code=403)

    def index(request: Request) -> Response:
        if role_of(request) is None:
            return HTMLResponse(f"<h1>403</h1><p>{tr('Refused: open the link printed for your role.')}</p>",
                                status_code=403)
        return HTMLResponse(page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    def state(request: Request) -> Response:
        role = role_of(request)
        if role is None:
            return refused()
        with session.lock:
            if session.model is None:
                return JSONResponse({"starting": True})
            return JSONResponse(view(session, role), headers={"Cache-Control": "no-store"})

    async def body(request: Request) -> dict:
        try:
            data = await request.json()
        except ValueError:
            raise Refused(Phrase("the request's body must be JSON")) from None
        if not isinstance(data, dict):
            raise Refused(Phrase("the request's body must be a JSON object"))
        return data

    def answer(work) -> Response:
        try:
            return JSONResponse({"ok": True, "result": _plain(work())})
        except (Refused, TypeError, ValueError) as exc:  # a malformed request: say what is wrong
            said = session.speaker.say(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else str(exc)
            return JSONResponse({"error": said}, status_code=400)

    def json_request(work, facilitator_only: bool = False, body_optional: bool = False, only_role: str | None = None):
        """An API request under its token: `work(role, data)` with the JSON body, in the model's
        thread; `facilitator_only` (or `only_role`) refuses every other role."""
        async def endpoint(request: Request) -> Response:
            role = role_of(request)
            if role is None:
                return refused()
            if facilitator_only and role != "facilitator":
                return only_facilitator()
            if only_role is not None and role != only_role:
                return JSONResponse({"error": tr("refused: only an evaluator may do this")}, status_code=403)
            try:
                data = await body(request) if not body_optional or await request.body() else {}
            except Refused as exc:
                return JSONResponse({"error": session.speaker.say(exc.args[0])}, status_code=400)
            return await _in_thread(answer, lambda: work(role, data))
        return endpoint

    def run_clock(_role, data):
        what = data.get("do")
        work = {"play": session.play, "pause": session.pause,
                "next_inject": session.jump_to_next_inject,
                "speed": lambda: session.set_speed(data.get("speed"))}.get(what)
        if work is None:
            raise Refused(Phrase("do: {what}; allowed: play, pause, speed, next_inject", what=repr(what)))
        return work()

    clock = json_request(run_clock, facilitator_only=True, body_optional=True)
    roles = json_request(lambda _role, d: session.set_played(d.get("role"), bool(d.get("played"))),
                         facilitator_only=True)
    decide = json_request(lambda role, d: session.decide(role, d.get("inject"), d.get("option")))
    act = json_request(lambda role, d: session.act(role, d.get("action"), d.get("fields") or {}))
    set_up = json_request(lambda role, d: session.set_up(role, d.get("village"), d.get("epoch", 1),
                                                         d.get("stage"), d.get("stores")))

    evaluate = json_request(lambda role, d: session.evaluate(role, d.get("objective"), d.get("rating"),
                                                             d.get("observation")), only_role="evaluator")

    def report(request: Request) -> Response:
        role = role_of(request)
        if role is None:
            return HTMLResponse("<h1>403</h1>", status_code=403)
        if role != "facilitator":
            only = tr("The after-action report is the facilitator's.")
            return HTMLResponse(f"<h1>403</h1><p>{only}</p>", status_code=403)
        if session.folder is None:
            return HTMLResponse(f"<p>{tr('The drill has not ended yet.')}</p>", status_code=404)
        return FileResponse(Path(session.folder) / "after-action.html")

    return Starlette(routes=[
        Route("/", index), Route("/api/state", state), Route("/api/clock", clock, methods=["POST"]),
        Route("/api/roles", roles, methods=["POST"]), Route("/api/decide", decide, methods=["POST"]),
        Route("/api/act", act, methods=["POST"]), Route("/api/set_up", set_up, methods=["POST"]),
        Route("/api/evaluate", evaluate, methods=["POST"]),
        Route("/report", report),
    ])


async def _in_thread(fn, *args):
    """Run a blocking call (it takes the session's lock) off the event loop."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


def _plain(value):
    """A result as JSON: dicts and lists as they are, anything else as text."""
    if value is None or isinstance(value, (dict, list, str, int, float, bool)):
        return value
    return str(value)


def links(session: LiveDrill, base: str) -> dict[str, str]:
    """One link per role, each with its own token."""
    return {role: f"{base}/?t={token}" for role, token in session.tokens.items()}


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port); a port in use is the caller's error to show."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


class DrillServer:
    """uvicorn serving the app on a socket, in this thread (`run`) or another (`start`)."""

    def __init__(self, session: LiveDrill, host: str = "127.0.0.1", port: int = 8765):
        import uvicorn

        self.session = session
        self.sock = bind(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.base = f"http://{shown}:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(session), log_level="warning",
                                                    lifespan="off"))
        self.thread: threading.Thread | None = None

    def links(self) -> dict[str, str]:
        return links(self.session, self.base)

    def run(self) -> None:
        self.server.run(sockets=[self.sock])

    def start(self) -> None:
        self.thread = threading.Thread(target=self.run, name="drill-server", daemon=True)
        self.thread.start()
        while not self.server.started and self.thread.is_alive():
            threading.Event().wait(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join()
        self.sock.close()
