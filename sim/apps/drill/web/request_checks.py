"""What a request that acts must be before the drill reads it: from the drill's own pages (its
Origin, when a browser sends one), JSON by its Content-Type, small, and of the shape its
endpoint expects, every field of its kind. A request that is not is refused with its status and
what is allowed, in the page's language, never with a server error: the session's parts then
check the values (a village the town has, an amount in its range).
"""

from __future__ import annotations

import json

from starlette.requests import Request

from sim.core.i18n import N_
from sim.core.phrase import Phrase

MAX_BODY_BYTES = 16 * 1024  # the largest body a page sends (a set-up's picks) is a few hundred bytes
MAX_TEXT_CHARS = 200


class BadRequest(Exception):
    """A request refused before the session sees it: its HTTP status and why (a Phrase)."""

    def __init__(self, status: int, why: Phrase):
        super().__init__(why)
        self.status = status
        self.why = why


def check_origin(request: Request) -> None:
    """A browser's request from another site is refused (the links' tokens are the room's)."""
    origin = request.headers.get("origin")
    if origin is None:
        return  # not a browser's cross-site request: a script or a test, which carries its token
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin != own:
        raise BadRequest(403, Phrase("refused: a request from another site ({origin}); allowed: this drill's "
                                     "own pages ({own})", origin=origin[:100], own=own))


async def json_body(request: Request, optional: bool = False) -> dict:
    """The request's body as a JSON object (`optional`: an empty body is `{}`)."""
    check_origin(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise BadRequest(415, Phrase("the request's body must be JSON (Content-Type: application/json); got {type}",
                                     type=repr(content_type[:60])))
    length = request.headers.get("content-length", "")
    if length and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        raise BadRequest(413, _too_large())
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise BadRequest(413, _too_large())
    if not raw and optional:
        return {}
    try:
        data = json.loads(bytes(raw), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise BadRequest(400, Phrase("the request's body must be JSON")) from None
    if not isinstance(data, dict):
        raise BadRequest(400, Phrase("the request's body must be a JSON object"))
    return data


def _too_large() -> Phrase:
    return Phrase("the request's body is too large; allowed: at most {bytes} bytes", bytes=MAX_BODY_BYTES)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# the kinds of a body's fields, as a refusal names them
TEXT, NUMBER, WHOLE, YES_NO, FORM, PICKS = (
    N_("a text"), N_("a number"), N_("a whole number"), N_("true or false"),
    N_("an object of texts and numbers"), N_("an object of lists of store ids"))
# each endpoint's fields and their kinds; a field left out or null is the session's to judge,
# and fields not named here are left alone
BODIES = {
    "clock": {"do": TEXT, "speed": NUMBER},
    "roles": {"role": TEXT, "played": YES_NO},
    "decide": {"inject": TEXT, "option": TEXT},
    "act": {"action": TEXT, "fields": FORM},
    "set_up": {"village": TEXT, "epoch": WHOLE, "stage": TEXT, "stores": PICKS},
    "evaluate": {},  # an evaluation says its own refusals (web/evaluation.py `checked_evaluation`)
}


def check_shape(endpoint: str, data: dict) -> None:
    """Every field `BODIES` names for `endpoint` is of its kind, or absent, or null."""
    for field, kind in BODIES[endpoint].items():
        value = data.get(field)
        if value is not None and not _is(kind, value):
            shown = json.dumps(value, ensure_ascii=False)
            raise BadRequest(400, Phrase("{field}: expected {kind}; got {value}", field=field, kind=Phrase(kind),
                                         value=shown if len(shown) <= 40 else shown[:37] + "..."))


def _is(kind: str, value) -> bool:
    if kind == TEXT:
        return isinstance(value, str) and len(value) <= MAX_TEXT_CHARS
    if kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == WHOLE:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == YES_NO:
        return isinstance(value, bool)
    if kind == FORM:
        return isinstance(value, dict) and all(
            v is None or _is(TEXT, v) or _is(NUMBER, v) for v in value.values())
    return isinstance(value, dict) and all(  # PICKS
        isinstance(ids, list) and all(_is(TEXT, i) for i in ids) for ids in value.values())
