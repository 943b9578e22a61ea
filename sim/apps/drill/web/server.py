"""The drill's web app: one page per role, its JSON, and the requests that act on the drill.

A small ASGI app (Starlette, served by uvicorn): the pages are plain HTML and JavaScript
served by the app itself (no CDN: the room may have no network), drawn from the JSON of
`/api/state`, which they poll once a second; the server holds the one state, so two browsers
on one role see the same. Every request carries its role's token (`?t=` or the `X-Drill-Token`
header): without a known token it is refused (403), and only the facilitator's token runs the
clock and hands roles to the model. A request that acts is checked before the drill reads it
(`request_checks.py`) and done on the model's work thread; a page's state never waits for a
busy model (`busy_model.py`).
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from sim.apps.drill.web.busy_model import ModelWork, PageStates
from sim.apps.drill.web.page_text import page_html
from sim.apps.drill.web.projector import PROJECTOR, projector_view
from sim.apps.drill.web.request_checks import BadRequest, check_shape, json_body
from sim.apps.drill.web.room_clock import NeedsConfirmation
from sim.apps.drill.web.room_links import base_url, link_hosts
from sim.apps.drill.web.room_session import cookie_role, to_bare_page
from sim.apps.drill.web.session import LiveDrill, Refused
from sim.apps.drill.web.views import view
from sim.core.phrase import Phrase

TOKEN_HEADER = "X-Drill-Token"


def create_app(session: LiveDrill) -> Starlette:
    page = page_html(session.drill.lang)
    tr = session.speaker.tr

    def role_of(request: Request) -> str | None:
        token = request.query_params.get("t") or request.headers.get(TOKEN_HEADER)
        if token:  # a link's first load, a script, a test
            return session.role_of(token)
        return cookie_role(request, session.role_of)

    def refused() -> Response:
        return JSONResponse({"error": tr("refused: this link's token is missing or wrong")}, status_code=403)

    def only_facilitator() -> Response:
        return JSONResponse({"error": tr("refused: only the facilitator may do this")}, status_code=403)

    def index(request: Request) -> Response:
        role = role_of(request)
        if role is None:
            return HTMLResponse(f"<h1>403</h1><p>{tr('Refused: open the link printed for your role.')}</p>",
                                status_code=403)
        if request.query_params.get("t"):  # the token leaves the address bar for a cookie
            return to_bare_page(request, role, request.query_params["t"])
        return HTMLResponse(page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    def draw_state(role: str) -> dict:
        if session.model is None:
            return {"starting": True}
        if role == PROJECTOR:
            return projector_view(session, view(session, "facilitator"))
        return view(session, role)

    model_work = ModelWork()
    states = PageStates(session.lock, draw_state, lambda: model_work.waiting)

    def state(request: Request) -> Response:
        role = role_of(request)
        if role is None:
            return refused()
        if role == "facilitator" and request.query_params.get("view") == PROJECTOR:
            role = PROJECTOR
        return states.response(role)  # at once, even while the model is busy

    def answer(work) -> Response:
        try:
            return JSONResponse({"ok": True, "result": _plain(work())})
        except NeedsConfirmation as exc:  # the page asks the facilitator and sends `confirm`
            return JSONResponse({"error": session.speaker.say(exc.args[0]), "confirm": True}, status_code=409)
        except Refused as exc:  # a malformed request: say what is wrong
            return JSONResponse({"error": session.speaker.say(exc.args[0])}, status_code=400)
        except (TypeError, ValueError) as exc:  # said in the page's words when it is a Phrase, never Python's
            if exc.args and isinstance(exc.args[0], Phrase):
                return JSONResponse({"error": session.speaker.say(exc.args[0])}, status_code=400)
            print(f"drill: a request refused: {exc!r}", file=sys.stderr)
            return JSONResponse({"error": tr("refused: the request's fields are not what the page sends")},
                                status_code=400)

    def json_request(work, shape: str, facilitator_only: bool = False, body_optional: bool = False,
                     only_role: str | None = None):
        """An API request under its token: `work(role, data)` with the JSON body (checked as
        `request_checks.BODIES[shape]` says), on the model's work thread; `facilitator_only`
        (or `only_role`) refuses every other role."""
        async def endpoint(request: Request) -> Response:
            role = role_of(request)
            if role is None:
                return refused()
            if role == PROJECTOR or request.query_params.get("view") == PROJECTOR:
                return JSONResponse({"error": tr("refused: the projector's page only shows the drill")},
                                    status_code=403)
            if facilitator_only and role != "facilitator":
                return only_facilitator()
            if only_role is not None and role != only_role:
                return JSONResponse({"error": tr("refused: only an evaluator may do this")}, status_code=403)
            try:
                data = await json_body(request, optional=body_optional)
                check_shape(shape, data)
                return await model_work.run(lambda: answer(lambda: work(role, data)))
            except BadRequest as exc:
                return JSONResponse({"error": session.speaker.say(exc.why)}, status_code=exc.status)
        return endpoint

    def run_clock(role, data):
        what = data.get("do")
        confirm = data.get("confirm") is True
        work = {"play": lambda: session.play(by=role), "pause": lambda: session.pause(by=role),
                "next_inject": lambda: session.jump_to_next_inject(confirm=confirm, by=role),
                "speed": lambda: session.set_speed(data.get("speed"), confirm=confirm, by=role),
                "speed_while_open": lambda: session.set_speed(data.get("speed"), confirm=confirm,
                                                              while_open=True, by=role)}.get(what)
        if work is None:
            raise Refused(Phrase("do: {what}; allowed: play, pause, speed, speed_while_open, next_inject",
                                 what=repr(what)))
        return work()

    clock = json_request(run_clock, "clock", facilitator_only=True, body_optional=True)
    roles = json_request(lambda _role, d: session.set_played(d.get("role"), bool(d.get("played"))), "roles",
                         facilitator_only=True)
    decide = json_request(lambda role, d: session.decide(role, d.get("inject"), d.get("option")), "decide")
    act = json_request(lambda role, d: session.act(role, d.get("action"), d.get("fields") or {}), "act")
    set_up = json_request(lambda role, d: session.set_up(role, d.get("village"), d.get("epoch", 1),
                                                         d.get("stage"), d.get("stores")), "set_up")

    evaluate = json_request(lambda role, d: session.evaluate(role, d.get("objective"), d.get("rating"),
                                                             d.get("observation")), "evaluate",
                             only_role="evaluator")

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

    app = Starlette(routes=[
        Route("/", index), Route("/api/state", state), Route("/api/clock", clock, methods=["POST"]),
        Route("/api/roles", roles, methods=["POST"]), Route("/api/decide", decide, methods=["POST"]),
        Route("/api/act", act, methods=["POST"]), Route("/api/set_up", set_up, methods=["POST"]),
        Route("/api/evaluate", evaluate, methods=["POST"]),
        Route("/report", report),
    ])
    app.state.model_work = model_work
    return app


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
        # on a wildcard address the links name the machine's reachable addresses (room_links.py)
        self.bases = [base_url(h, self.port) for h in link_hosts(host)]
        self.base = self.bases[0]
        self.app = create_app(session)
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
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
        self.app.state.model_work.stop()
        self.sock.close()
