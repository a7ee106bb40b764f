"""Who is calling: a bearer token, a staff session, or nobody (public endpoints).

A person's token acts with its user's roles, as their session would. A system's token (core.ApiToken, kind
`system`) reaches only the endpoints whose scope it holds: each endpoint declares it with `require_scope(...)`
(or `public_scope(...)` when anyone may call it); an endpoint that declares none is for people only. Every token
has its own budget of requests a minute (429 with Retry-After past it); sessions and anonymous callers do not."""

from __future__ import annotations

import os

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from motcua.api.errors import ApiError
from motcua.core import ratelimit
from motcua.core.models import ApiScope
from motcua.core.services import find_api_token

WINDOW_SECONDS = 60


def default_rate_limit() -> int:
    """Requests a minute a token may make unless it has its own limit (MOTCUA_API_TOKEN_RATE_LIMIT, 600)."""
    return int(os.environ.get("MOTCUA_API_TOKEN_RATE_LIMIT", "600"))


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; `scope` is what a system's token needs here (None: people only)."""

    def __init__(self, scope: str | None = None) -> None:
        if scope is not None and scope not in ApiScope.values:
            raise ValueError(f"unknown API scope {scope!r}")
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        found = find_api_token(token)
        if found is None:
            raise AuthenticationError()  # a wrong token is an error, never a silent fall-back to anonymous
        limit = found.rate_limit or default_rate_limit()
        wait = ratelimit.wait_seconds(f"api-token:{found.pk}", limit, window_seconds=WINDOW_SECONDS)
        if wait:
            raise ApiError(
                429,
                "too_many_requests",
                _("This token made more than %(limit)s requests this minute; try again in %(seconds)s seconds.")
                % {"limit": limit, "seconds": wait},
                headers={"Retry-After": str(wait)},
            )
        if not found.allows(self.scope):
            raise ApiError(
                403,
                "scope_required",
                _("This system's token does not have the scope %(scope)s this request needs.") % {"scope": self.scope}
                if self.scope
                else _("This request is for people's tokens and sessions; a system's token may not make it."),
            )
        request.user = found.user
        request.api_token = found
        return found.user


class Anonymous:
    """Lets public endpoints through; `request.auth` is then an AnonymousUser."""

    def __call__(self, request):
        return AnonymousUser()


bearer = BearerToken()
session = SessionAuth()
# Public reads: staff (token or session) see more; anyone else sees what citizens see.
optional_auth = [bearer, session, Anonymous()]


def require_scope(scope: str) -> list:
    """The `auth=` of an endpoint for signed-in callers that other systems may also call with this scope, e.g.
    `@router.post("/inbound/dossiers", auth=require_scope("dossiers:submit"))`."""
    return [BearerToken(scope), session]


def public_scope(scope: str) -> list:
    """The `auth=` of a public endpoint: anyone without a token; a system's token only with this scope."""
    return [BearerToken(scope), session, Anonymous()]


def csrf_exempt(view):
    """For POSTs anyone may make (a session grants nothing more there): without it the session check refuses a
    POST with no CSRF cookie before the anonymous one is reached. Django's csrf_exempt without its wrapper:
    django-ninja reads a module's string annotations (`from __future__ import annotations`) in the view's
    globals, which a wrapper would hide."""
    view.csrf_exempt = True
    return view
