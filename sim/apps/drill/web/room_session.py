"""A link's token leaves the address bar after its first load: a projected or shared screen then
shows no token. The first request with `?t=TOKEN` sets an HttpOnly, SameSite=Strict cookie for its
role (`drill_ROLE`, so one browser may hold several roles' pages) and redirects to the bare page
`/?as=ROLE`; the page's requests name their role (`as`) and carry the cookie. A script's or a
test's token in the `X-Drill-Token` header or `?t=` still works."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

AS_HEADER = "X-Drill-As"
COOKIE_SECONDS = 24 * 3600  # a half-day exercise, with a phone's browser closed and opened again


def cookie_name(role: str) -> str:
    return f"drill_{role}"


def cookie_role(request: Request, role_of: Callable[[str | None], str | None]) -> str | None:
    """The role the request names (`as`) if its cookie holds that role's token, else None."""
    named = request.query_params.get("as") or request.headers.get(AS_HEADER)
    if not named or not named.isidentifier():
        return None
    role = role_of(request.cookies.get(cookie_name(named)))
    return role if role == named else None


def to_bare_page(request: Request, role: str, token: str) -> RedirectResponse:
    """The page again without its token in the address (303), the token now in the role's cookie."""
    query = {"as": role}
    if request.query_params.get("view"):
        query["view"] = request.query_params["view"][:20]
    answer = RedirectResponse("/?" + urlencode(query), status_code=303,
                              headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    answer.set_cookie(cookie_name(role), token, max_age=COOKIE_SECONDS, path="/", httponly=True,
                      samesite="strict")
    return answer
