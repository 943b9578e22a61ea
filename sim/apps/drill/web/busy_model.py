"""The room's pages while the model is busy: a long step, a jump to the next inject or a large
action holds the session's lock, and a page that waited for it would freeze with the model.

What acts on the model (a decision, an action, a set-up step, the clock) is done on one thread
of its own, in the order it came (`ModelWork`), so requests never pile up in the server's
threads; a page's state is drawn under the lock when the lock comes within a moment, else the
role's last state is sent again, marked busy (`PageStates`), so every page answers at once. The
page says so ("the model is catching up"), and a player whose request waits for the model is
told it will be taken when the model is free, rather than a page that looks frozen.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from starlette.responses import JSONResponse, Response

from sim.apps.drill.web.request_checks import BadRequest
from sim.core.phrase import Phrase

BUSY_HEADER = "X-Drill-Model-Busy"  # "1": the state is the last drawn, the model was busy
BUSY_FIELD = "model_busy"  # in the state's JSON too: true in a state sent again while the model is busy
WAITING_FIELD = "requests_waiting"  # with it: how many requests that act wait for the model
WAIT_FOR_MODEL_SECONDS = 0.2
MOST_WAITING = 32  # requests that act, queued behind the model's work; more are refused


class ModelWork:
    """Requests that act on the model, done one after another on the model's work thread."""

    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drill-model-work")
        self._waiting = 0  # counted on the server's event loop only

    @property
    def waiting(self) -> int:
        """Requests that act, sent and not yet answered (the one being done included)."""
        return self._waiting

    async def run(self, work: Callable):
        """`work()` on the work thread; refused (503) when too many requests wait already."""
        if self._waiting >= MOST_WAITING:
            raise BadRequest(503, Phrase("the model is busy with {waiting} requests; try again in a moment",
                                         waiting=self._waiting))
        self._waiting += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(work))
        finally:
            self._waiting -= 1

    def stop(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class PageStates:
    """Each role's state as JSON: drawn now if the model is free within a moment, else the
    last one drawn, marked busy (`BUSY_HEADER`, and `BUSY_FIELD` with `WAITING_FIELD` in it)."""

    def __init__(self, lock: threading.RLock, draw: Callable[[str], dict], waiting: Callable[[], int] = lambda: 0):
        self.lock = lock
        self.draw = draw
        self.waiting = waiting  # requests that act waiting for the model (`ModelWork.waiting`)
        self._last: dict[str, bytes] = {}

    def response(self, role: str) -> Response:
        if self.lock.acquire(timeout=WAIT_FOR_MODEL_SECONDS):
            try:  # rendered under the lock: the state's lists are the session's own
                state = self.draw(role)
                state[BUSY_FIELD] = False
                answer = JSONResponse(state, headers={"Cache-Control": "no-store"})
            finally:
                self.lock.release()
            self._last[role] = answer.body
            return answer
        last = self._last.get(role, b'{"starting":true}')
        return Response(marked_busy(last, self.waiting()), media_type="application/json",
                        headers={"Cache-Control": "no-store", BUSY_HEADER: "1"})


def marked_busy(state: bytes, waiting: int) -> bytes:
    """A state's JSON sent again, with `BUSY_FIELD` true and `WAITING_FIELD` (parsed off the
    lock: the bytes are the state as drawn)."""
    fields = json.loads(state)
    fields.pop(BUSY_FIELD, None)
    return json.dumps({BUSY_FIELD: True, WAITING_FIELD: waiting, **fields}, ensure_ascii=False,
                      separators=(",", ":")).encode()
